// Formatting shared by pages and PDFs. Dates are shown in UTC so server and client render the same text.
const DATE = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});
const DATE_TIME = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "UTC",
  timeZoneName: "short",
});

export function formatDate(ms: number): string {
  return DATE.format(ms);
}

export function formatDateTime(ms: number): string {
  return DATE_TIME.format(ms);
}

export function formatHours(hours: number): string {
  return `${Math.round(hours).toLocaleString("en-US")} h`;
}

export function formatWeeks(weeks: number): string {
  const rounded = weeks < 10 ? Math.round(weeks * 2) / 2 : Math.round(weeks);
  return `${rounded} ${rounded === 1 ? "week" : "weeks"}`;
}
