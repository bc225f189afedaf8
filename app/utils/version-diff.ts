// A version's "What changed since version N", in words: every term the founder signs that differs
// from the version before (price, payment schedule, when invoices are due, how long the offer
// stands, the rate and team it is priced with, the terms, assumptions and exclusions as typed), then
// the items. Pure, so the page renders it as it is and the tests read it without a server.
import { formatEstimate } from "~/engine/money";
import { OUT_HEADINGS, backInScopeLabel } from "~/engine/out-of-scope";
import { diffProposals } from "~/engine/plan";
import type { ProposalSnapshot } from "~/engine/plan-types";
import { formatDay } from "~/utils/calendar-day";
import { hoursRange } from "~/utils/format";
import { freeTextBlocks } from "~/utils/free-text";
import { dueDaysOf, dueWords, paymentOf, paymentWords } from "~/utils/payment-schedule";
import { priceOf, priceWords } from "~/utils/price-model";
import { andList, settingChanges } from "~/utils/settings-words";

/** One term that took another value: "{subject} changed from {from} to {to}". */
export type ValueChange = { key: string; subject: string; from: string; to: string };

/**
 * A text the partner typed that differs: the points (lines, paragraphs) it gained and lost. A long
 * text shown twice would leave the founder to spot the difference; "reordered" when only the
 * order or the grouping changed.
 */
export type TextChange = {
  key: "terms" | "assumptions" | "exclusions";
  subject: string;
  added: string[];
  removed: string[];
  reordered: boolean;
};

export type VersionDiffView = {
  previous: number;
  values: ValueChange[];
  texts: TextChange[];
  /** each version's totals in its own currency: "102–178 h, €9,700–€16,900" */
  before: string;
  after: string;
  added: Array<{ title: string; was: "excluded" | "deferred" | null; line: string }>;
  removed: Array<{ title: string; to: "excluded" | "deferred" | null; line: string }>;
  changed: Array<{ title: string; fields: string[] }>;
};

type Side = Pick<
  ProposalSnapshot,
  | "number"
  | "items"
  | "outOfScope"
  | "totals"
  | "settings"
  | "price"
  | "payment"
  | "validUntil"
  | "terms"
  | "assumptions"
  | "exclusions"
>;

const FIELD_NAMES: Record<string, string> = {
  title: "title",
  phase: "phase",
  owner: "owner",
  estimate: "estimate",
  dependsOn: "dependencies",
  description: "description",
};

/** "31 Dec 2026", or what no date means: the version never expires. */
const offerEnd = (day: string | undefined) => (day ? formatDay(day) : "no end date");

/**
 * The terms with one value each, in the order the page lists them: what is paid and when first,
 * then the rate, currency and team, which move every price, then how long the offer stands (a
 * date moved by the publish form's default once went unsaid).
 */
export function valueChanges(before: Side, after: Side): ValueChange[] {
  const out: ValueChange[] = [];
  const add = (key: string, subject: string, from: string, to: string) => {
    if (from !== to) out.push({ key, subject, from, to });
  };
  // Each price in its own currency: the currency may have changed too.
  add(
    "price",
    "The price",
    priceWords(priceOf(before), before.totals.cost.currency),
    priceWords(priceOf(after), after.totals.cost.currency),
  );
  add("payment", "The payment schedule", paymentWords(paymentOf(before)), paymentWords(paymentOf(after)));
  // Not when the new version states no schedule at all: the schedule's own line says so.
  if (paymentOf(after).plan !== "none") {
    const from = dueWords(dueDaysOf(paymentOf(before)));
    const to = dueWords(dueDaysOf(paymentOf(after)));
    if (from !== to)
      add("due", "When invoices are due", from ? `“${from}”` : "not stated", to ? `“${to}”` : "not stated");
  }
  for (const c of settingChanges(before.settings, after.settings))
    add(c.setting, `The ${c.label}`, c.from, c.to);
  add("validUntil", "The “valid until” date", offerEnd(before.validUntil), offerEnd(after.validUntil));
  return out;
}

/** The points of a typed text, each once, as the page shows them (list items and paragraphs). */
const points = (text: string | undefined) =>
  freeTextBlocks(text ?? "").flatMap((b) => (b.kind === "list" ? b.items : [b.text]));

/**
 * The terms, assumptions and exclusions whose shown text differs. Compared as the page renders
 * them, so a line ending or a blank line the browser added is no change; versions from before
 * terms were asked for read as none.
 */
export function textChanges(before: Side, after: Side): TextChange[] {
  const texts = [
    { key: "terms", subject: "The terms" },
    { key: "assumptions", subject: "The assumptions" },
    { key: "exclusions", subject: "What is not included" },
  ] as const;
  return texts.flatMap(({ key, subject }) => {
    const [a, b] = [before[key], after[key]];
    if (JSON.stringify(freeTextBlocks(a ?? "")) === JSON.stringify(freeTextBlocks(b ?? ""))) return [];
    const was = points(a);
    const now = points(b);
    const added = now.filter((p) => !was.includes(p));
    const removed = was.filter((p) => !now.includes(p));
    return [{ key, subject, added, removed, reordered: added.length + removed.length === 0 }];
  });
}

/**
 * Each version's totals in its own currency: the rate (and currency) may have changed between them.
 * Hours as every range writes them ("1,080–2,614 h", not "1080–2614 h": QA 7, finding 10).
 */
const totalsLine = (t: ProposalSnapshot["totals"]) =>
  `${hoursRange(t.hours.p50, t.hours.p90)}, ${formatEstimate(t.cost.p50, t.cost.currency)}–${formatEstimate(t.cost.p90, t.cost.currency)}`;

/** Everything "What changed since version N" says, from the two frozen versions alone. */
export function versionDiffView(before: Side, after: Side): VersionDiffView {
  const diff = diffProposals(before, after);
  // Where the previous version listed the items it left out: one of them in scope now is back, not new.
  const wasOut = new Map((before.outOfScope ?? []).map((o) => [o.id, o.scope] as const));
  const nowOut = new Map((after.outOfScope ?? []).map((o) => [o.id, o.scope] as const));
  return {
    previous: before.number,
    values: valueChanges(before, after),
    texts: textChanges(before, after),
    before: totalsLine(diff.totals.before),
    after: totalsLine(diff.totals.after),
    added: diff.added.map((i) => {
      const was = wasOut.get(i.id) ?? null;
      return { title: i.title, was, line: `${was ? backInScopeLabel(was) : "Added"}: ${i.title}` };
    }),
    // An item that left the scope is most often deferred or excluded, and this version lists it
    // under "Later" or "Out of scope": the diff says which, not that it was removed. Work in scope
    // that still waits for it is named on the same line: the diff no longer calls that work
    // "Changed" (nobody edited it, diffProposals), yet the founder should see it rests on work this
    // version leaves out.
    removed: diff.removed.map((i) => {
      const to = nowOut.get(i.id) ?? null;
      const waiting = after.items.filter((w) => w.waitsOutside?.includes(i.id)).map((w) => w.title);
      const still = waiting.length
        ? ` (${andList(waiting)} still ${waiting.length === 1 ? "waits" : "wait"} for it)`
        : "";
      return {
        title: i.title,
        to,
        line: `${to ? `Moved to “${OUT_HEADINGS[to]}”` : "Removed"}: ${i.title}${to ? still : ""}`,
      };
    }),
    changed: diff.changed.map((c) => ({
      title: c.after.title,
      fields: c.fields.map((f) => FIELD_NAMES[f] ?? f),
    })),
  };
}
