// Number formatting for the PDFs, built on the app's own formatters so a PDF and the page it came
// from print the same figures.
import { formatEstimate } from "~/engine/money";
import {
  aboutHours,
  aboutWeeks,
  estimateRange,
  formatHours,
  formatRate,
  formatWeeks,
  hoursRange,
  plural,
  weeksLikelyCautious,
  weeksRange,
} from "~/utils/format";

// weeksRange is the page's own ("2 weeks", not "2–2 weeks", when both ends round alike; "under a
// week", never "0 weeks", for a few hours' work);
// estimateRange too ("1.5–10 h" for a sized 1.7–10.2 h, as the proposal page writes it).
export {
  aboutHours,
  aboutWeeks,
  estimateRange,
  formatEstimate,
  formatHours,
  formatRate,
  formatWeeks,
  hoursRange,
  plural,
  weeksLikelyCautious,
  weeksRange,
};

export function wholeNumber(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/** "€44,678 – €78,208" */
export function moneyRange(low: number, high: number, currency: string): string {
  return `${formatEstimate(low, currency)} – ${formatEstimate(high, currency)}`;
}

export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** Estimates may be fractional (0.5 h); show at most one decimal. */
export function trim(n: number): string {
  return (Math.round(n * 10) / 10).toLocaleString("en-US");
}

/** The team and rate a document's figures assume, as its Method facts state them. */
export function teamFacts(settings: {
  teamSize: number;
  weeklyCapacity: number;
  hourlyRate: number;
  currency: string;
}): Array<{ label: string; value: string }> {
  return [
    {
      label: "Team",
      value: `${plural(settings.teamSize, "person", "people")}, ${settings.weeklyCapacity} hours a week each`,
    },
    { label: "Hourly rate", value: formatRate(settings.hourlyRate, settings.currency) },
  ];
}

/**
 * The question bank a document was made from, for its Method facts. The bank has no release date,
 * only a fingerprint of its text ("813aac780cba" read as a code to a founder): say when the questions
 * were asked, and keep the fingerprint small, for support, who can tell versions apart by it.
 */
export function questionSet(askedOn: string, contentVersion: string): { label: string; value: string } {
  return { label: "Questions", value: `As asked on ${askedOn} (support reference ${contentVersion})` };
}
