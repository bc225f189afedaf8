// Formatting shared by pages and PDFs. Dates are shown in UTC so server and client render the same text.
import { formatEstimate, formatMoney } from "~/engine/money";

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

// Intl formatting takes microseconds per call, and a page shows the same few timestamps (when each
// answer was given, say) on every view: remember the text per timestamp.
function remembered(format: Intl.DateTimeFormat): (ms: number) => string {
  const seen = new Map<number, string>();
  return (ms) => {
    let text = seen.get(ms);
    if (text === undefined) {
      if (seen.size >= 10_000) seen.clear();
      seen.set(ms, (text = format.format(ms)));
    }
    return text;
  };
}
export const formatDate = remembered(DATE);
export const formatDateTime = remembered(DATE_TIME);

/**
 * "Jonas Brandt on 3 Dec 2026": who reviewed an answer and when, as the review page, the questionnaire
 * and the results name a partner's correction ("Corrected by …"). A review from before its time was
 * kept has the name alone; `name` is null for a reviewer whose account no longer resolves.
 */
export function reviewerOn(
  name: string | null,
  at: number | null,
  unnamed = "the engineering partner",
): string {
  const who = name || unnamed;
  return at === null ? who : `${who} on ${formatDate(at)}`;
}

/**
 * Hours as every page and PDF states them: whole hours, grouped by thousands ("1,080 h"), and under
 * an hour to the tenth ("0.3 h"). Whole hours gave "0 h" for a quarter-hour item costed at €30 (QA 7,
 * finding 7); work that has hours never reads as none, so 0.1 h at least.
 */
function shownHours(hours: number): number {
  if (hours > 0 && hours < 0.95) return Math.max(0.1, Math.round(hours * 10) / 10);
  return Math.round(hours);
}

export function formatHours(hours: number): string {
  return `${shownHours(hours).toLocaleString("en-US")} h`;
}

/**
 * "470–823 h", "1,080–2,614 h", "0.3–0.5 h": a likely-to-cautious range, as the results page, the
 * evidence page and the PDFs write it. Every hours range is written here: ends built by hand from
 * Math.round lost the thousands separator on one end ("1080–2,614 h", QA 7, finding 10).
 */
export function hoursRange(low: number, high: number): string {
  return `${shownHours(low).toLocaleString("en-US")}–${formatHours(high)}`;
}

/** "$14,219–$25,916": a money range, likely to cautious, as the pages write it (the PDFs space the dash). */
export function moneyRange(low: number, high: number, currency: string): string {
  return `${formatEstimate(low, currency)}–${formatEstimate(high, currency)}`;
}

/** "1 file", "3 findings" */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

/**
 * One task's hours as every page and PDF states them: its expected hours, the PERT mean
 * (optimistic + 4 × likely + pessimistic) ÷ 6, in whole hours ("under 1 h" until it shows as
 * 1 h, not "about 0.7 h"). The "likely" input is only shown
 * beside the optimistic and pessimistic ones, where it is entered, so a task never reads as
 * "about 6 h" on one page and "likely 5 h" on another.
 */
export function aboutHours(expected: number): string {
  return shownHours(expected) < 1 ? "under 1 h" : `about ${formatHours(expected)}`;
}

/**
 * A task's expected hours as a figure (the plan CSV's), to the tenth of an hour: a sheet is for
 * adding up, and whole hours per row (1.38 h as 1 h, costed at 1 h) made the cost column sum to a
 * total shown nowhere (QA pass 3, finding 3). To the tenth, the rows add up, per phase, to the
 * estimates table's sum of expected hours (plan/estimate-totals.ts); the plan page's phase hours are
 * the simulation's middle (P50), not this sum (QA 7, finding 9). Never 0 for work that has hours.
 */
export function expectedHours(expected: number): number {
  return expected > 0 ? Math.max(0.1, Math.round(expected * 10) / 10) : 0;
}

/**
 * One end of a task's estimate as a client reads it: to the half hour under 10 h, in whole hours
 * from there, as coarse as the "about N h" beside it allows. Sized estimates are derived (1.7, 10.2):
 * their tenths are arithmetic, not knowledge. Stored values keep their precision. Under an hour, to
 * the quarter hour, the step time is logged in: a 0.25–0.5 h item read "0.5 h" (QA 7, finding 7);
 * never 0 for an end that has hours.
 */
export function estimateHours(hours: number): number {
  if (hours > 0 && hours < 0.875) return Math.max(0.25, Math.round(hours * 4) / 4);
  return hours < 10 ? Math.round(hours * 2) / 2 : Math.round(hours);
}

/** "1.5–10 h": a task's best to worst case (estimateHours), one figure when both ends round alike. */
export function estimateRange(e: { optimistic: number; pessimistic: number }): string {
  const low = estimateHours(e.optimistic).toLocaleString("en-US");
  const high = estimateHours(e.pessimistic).toLocaleString("en-US");
  return low === high ? `${high} h` : `${low}–${high} h`;
}

/**
 * The total over rows that each show their hours rounded (shownHours): the sum of what the rows
 * show, so a reader who adds them up gets the total stated (6 + 5 + 7 = 18 h, not "17 h" from the
 * unrounded 5.8 + 4.6 + 7.0). A row under an hour counts at its tenth: rows of a quarter hour each
 * added up to "0 h" (QA 7, finding 7). Summed in tenths, free of float noise.
 */
export function sumOfShownHours(hours: readonly number[]): number {
  return hours.reduce((n, h) => n + Math.round(shownHours(h) * 10), 0) / 10;
}

/**
 * Hours logged on work, as shown: to the quarter hour, the finest step billing uses (4.5 h logged
 * read "5 h" in whole hours). What was entered is stored as entered.
 */
export function quarterHours(hours: number): number {
  return Math.round(hours * 4) / 4;
}

/**
 * Hours as an estimate field shows them and the form reads them back: two decimals at most, as the
 * form accepts. Derived estimates carry float noise (2.0999999999999996), which the field would show
 * and then refuse on submit.
 */
export function fieldHours(n: number): number {
  return Math.round(n * 100) / 100;
}

const UNDER_A_WEEK = "under a week";

/**
 * Calendar weeks as every page and PDF states them: to the half week under 10, whole weeks from
 * there. Anything short of what rounds to a week reads "under a week": a few hours' work rounded to
 * "0 weeks", which read as no time at all (or a bug), and "0.5 weeks" next to it claimed a precision
 * calendar time at that scale does not have. Exactly no time (nothing to do) stays "0 weeks".
 */
export function formatWeeks(weeks: number): string {
  if (weeks > 0 && weeks < 0.75) return UNDER_A_WEEK;
  const rounded = weeks < 10 ? Math.round(weeks * 2) / 2 : Math.round(weeks);
  return `${rounded} ${rounded === 1 ? "week" : "weeks"}`;
}

/**
 * A launch minimum's weeks as its ends read, likely then cautious: ["6 weeks likely", "11 weeks
 * cautious"], or one part when both are under a week ("under a week likely, under a week cautious"
 * says the same thing twice). Parts, so a narrow column can keep each on one line.
 */
export function weeksLikelyCautiousParts(likely: number, cautious: number): string[] {
  const a = formatWeeks(likely);
  const b = formatWeeks(cautious);
  return a === UNDER_A_WEEK && b === UNDER_A_WEEK ? [a] : [`${a} likely`, `${b} cautious`];
}

/**
 * "6 weeks likely, 11 weeks cautious": a range whose ends say which is which, as the overview and
 * the results page state the launch minimum's weeks. A bare "6–11 weeks" left a founder to guess
 * which end to plan on.
 */
export function weeksLikelyCautious(likely: number, cautious: number): string {
  return weeksLikelyCautiousParts(likely, cautious).join(", ");
}

/** "about 6 weeks", or "under a week" ("about under a week" does not read). */
export function aboutWeeks(weeks: number): string {
  const text = formatWeeks(weeks);
  return text === UNDER_A_WEEK ? text : `about ${text}`;
}

/**
 * "7–12 weeks"; one figure when both ends round alike; "up to 2 weeks" from under a week or none
 * ("under a week–2 weeks" does not read).
 */
export function weeksRange(low: number, high: number): string {
  const a = formatWeeks(low);
  const b = formatWeeks(high);
  if (a === b) return a;
  if (b === UNDER_A_WEEK) return b;
  return a === UNDER_A_WEEK || low <= 0 ? `up to ${b}` : `${a.replace(/ weeks?$/, "")}–${b}`;
}

/**
 * Where an answer's code evidence is, in words: "Stripe secret key (src/lib/pay.ts:4) and 2 more".
 * `showPlace` lets the PDFs make long paths breakable.
 */
export function evidenceWhere(
  note: { title: string; place: string | null; count: number; notFoundBy?: string },
  showPlace: (place: string) => string = (place) => place,
): string {
  const place = note.place ? ` (${showPlace(note.place)})` : "";
  const gone = note.notFoundBy ? `; the latest scan (${note.notFoundBy}) no longer finds it` : "";
  return `${note.title}${place}${note.count > 1 ? ` and ${note.count - 1} more` : ""}${gone}`;
}

/**
 * An hourly rate: whole units unless it has cents ("€95", "$87.50"), on every page, PDF and CSV that
 * states one (QA 7, finding 11: not "95 EUR", not "$120.00").
 */
export function formatRate(rate: number, currency: string): string {
  const cents = Math.round(rate * 100) % 100 !== 0;
  return cents
    ? new Intl.NumberFormat("en-US", {
        style: "currency",
        currency,
        minimumFractionDigits: 2,
        maximumFractionDigits: 2,
      }).format(rate)
    : formatMoney(rate, currency);
}
