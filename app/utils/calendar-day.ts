// Calendar days as a proposal's "valid until" holds them: "2027-01-03", in UTC like every date the
// app shows (utils/format.ts), so the day a version expires is the same for server, page and PDF.
import { formatDate } from "./format";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whether `day` is a real calendar day written "YYYY-MM-DD" ("2027-02-30" is not). */
export function isCalendarDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const t = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === day;
}

/** Today (UTC), or the day `days` after it: "2026-12-03". */
export function calendarDay(days = 0, now = Date.now()): string {
  return new Date(now + days * DAY_MS).toISOString().slice(0, 10);
}

/** "3 Jan 2027", as the app writes dates. */
export function formatDay(day: string): string {
  return formatDate(Date.parse(`${day}T00:00:00Z`));
}

/** Whether a version valid until `day` (through the end of that day, UTC) can no longer be accepted. */
export function isPast(day: string | undefined, now = Date.now()): boolean {
  return day !== undefined && calendarDay(0, now) > day;
}
