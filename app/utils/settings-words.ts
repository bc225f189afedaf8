// The settings a proposal is priced with (hourly rate, currency, team size, weekly hours), in words:
// what changed from one set to another, as the activity feed, a version's "What changed" and the
// publish form say it. A new rate moves every price without any item changing, so it is named.
import { PRICING_SETTINGS, type PricingSetting } from "~/engine/plan-types";
import { formatRate } from "~/utils/format";
import { plural } from "~/utils/format";

export type PricingSettings = {
  currency: string;
  hourlyRate: number;
  teamSize: number;
  weeklyCapacity: number;
};

export type SettingChange = { setting: PricingSetting; label: string; from: string; to: string };

const LABELS: Record<PricingSetting, string> = {
  hourlyRate: "hourly rate",
  currency: "currency",
  teamSize: "team",
  weeklyCapacity: "weekly hours per engineer",
};

/** A rate in its currency ("€95", "$87.50"); a code Intl cannot format still reads ("95 XYZ"). */
function rateText(rate: number, currency: string): string {
  try {
    return formatRate(rate, currency);
  } catch {
    return `${rate} ${currency}`;
  }
}

function shown(setting: PricingSetting, s: PricingSettings): string {
  switch (setting) {
    case "hourlyRate":
      return rateText(s.hourlyRate, s.currency);
    case "currency":
      return s.currency;
    case "teamSize":
      return plural(s.teamSize, "engineer");
    case "weeklyCapacity":
      return `${s.weeklyCapacity} h`;
  }
}

/** Each pricing setting that differs, in PRICING_SETTINGS order, as shown values. */
export function settingChanges(before: PricingSettings, after: PricingSettings): SettingChange[] {
  return PRICING_SETTINGS.filter((f) => before[f] !== after[f]).map((setting) => ({
    setting,
    label: LABELS[setting],
    from: shown(setting, before),
    to: shown(setting, after),
  }));
}

/** "the hourly rate from €95 to €60" */
export const changePhrase = (c: SettingChange) => `the ${c.label} from ${c.from} to ${c.to}`;

/** "a", "a and b", "a, b and c" */
export function andList(parts: readonly string[]): string {
  return parts.length <= 1
    ? (parts[0] ?? "")
    : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}

/** "€100 an hour (USD), 1 engineer at 30 hours a week": what a version would be priced with. */
export function pricingLine(s: PricingSettings): string {
  return `${rateText(s.hourlyRate, s.currency)} an hour (${s.currency}), ${plural(s.teamSize, "engineer")} at ${s.weeklyCapacity} hours a week`;
}

/**
 * " at today's rate of €110 an hour (the version is priced at €95)": beside the answers' figure on a
 * card that also shows a version's, when the version was priced at another rate or currency than the
 * answers are now (a rate raised since would read as the plan being cheaper); "" when alike.
 */
export function rateSince(
  version: { hourlyRate: number; currency: string },
  now: { hourlyRate: number; currency: string },
): string {
  if (version.hourlyRate === now.hourlyRate && version.currency === now.currency) return "";
  return ` at today's rate of ${rateText(now.hourlyRate, now.currency)} an hour (the version is priced at ${rateText(version.hourlyRate, version.currency)})`;
}
