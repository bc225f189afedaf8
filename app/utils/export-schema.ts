import { z } from "zod";

import { answerProblem, type AnswerIssue } from "~/engine/answers";
import type { Content, Question } from "~/engine/content/types";
import { CONFIDENCES } from "~/engine/evidence/types";
import { isCurrencyCode } from "~/engine/money";
import type { ProposalSnapshot } from "~/engine/plan-types";
import { findCycle } from "~/engine/simulate";
import { ITEM_STATUSES, OWNERS, PHASES, ROLES, SCOPES } from "~/engine/value-lists";

import { boundedArray } from "./bounded-array";
import { isCalendarDay } from "./calendar-day";
import { hasControl, hasLineBreakOrControl, withoutControls } from "./plain-text";
import { MAX_DUE_DAYS, MAX_MILESTONE_LABEL, MAX_MILESTONES } from "./payment-schedule";
import { MAX_PRICE_AMOUNT } from "./price-model";
import { EngagementDescriptionSchema, EngagementNameSchema, SETTING_LIMITS } from "./engagement-schema";

// The documented engagement export (docs/export-format.md). Import validates every field: a file is
// user input like any other. Budgets bound what one file (and one plan) may hold, so no import and
// no later view of what it created can hold the server for long (README "Security").

/**
 * Work plan budgets, for the import and the plan UI alike. The plan's totals simulate 10,000 runs
 * whose cost grows with items + dependency links; at these sizes one view stays well under 100 ms
 * (the question bank today yields at most 147 items and 32 links, at most 2 per item).
 */
export const PLAN_BUDGET = {
  items: 200,
  dependsOnPerItem: 10,
  dependencies: 600,
  timeEntriesPerItem: 1000,
} as const;
/** What one imported file may hold besides its plan. */
const IMPORT_BUDGET = { answers: 1000, comments: 2000, proposals: 50, members: 200 } as const;

const Value = z.union([z.string().max(4000), z.number().finite(), boundedArray(z.string().max(200), 100)]);
const Phase = z.enum(PHASES);
const Text = (max: number) => z.string().max(max);
/** A calendar day as a proposal's "valid until" stores it: "2027-01-03", a real date. */
const IsoDay = z.string().max(10).refine(isCalendarDay, "not a calendar day written YYYY-MM-DD");
const Amount = (max: number) => z.number().finite().min(0).max(max);
const Time = z.number().int().nonnegative().max(8.64e15);
const Hours = Amount(10_000);
const EstimateSchema = z
  .object({ optimistic: Hours, likely: Hours, pessimistic: Hours })
  .strict()
  .refine(
    (e) => e.optimistic <= e.likely && e.likely <= e.pessimistic,
    "must be in order: optimistic ≤ likely ≤ pessimistic",
  );
/** The publish form's limits (utils/price-model.ts): whole units, above 0. */
const ProposalPriceSchema = z.union([
  z.object({ model: z.literal("range") }).strict(),
  z
    .object({
      model: z.enum(["fixed", "capped"]),
      amount: z.number().int().min(1).max(MAX_PRICE_AMOUNT),
    })
    .strict(),
]);
/**
 * The publish form's limits (utils/payment-schedule.ts): up to 6 one-line milestones of whole
 * percents, 1 to 100, summing to exactly 100; with a stated plan, whole days 0 to 90 that each
 * invoice is due within (absent: not stated).
 */
const DueDays = z.number().int().min(0).max(MAX_DUE_DAYS).optional();
const ProposalPaymentSchema = z.union([
  z.object({ plan: z.literal("none") }).strict(),
  z.object({ plan: z.literal("monthly"), dueDays: DueDays }).strict(),
  z
    .object({
      plan: z.literal("milestones"),
      dueDays: DueDays,
      milestones: z
        .array(
          z
            .object({
              label: Text(MAX_MILESTONE_LABEL)
                .min(1)
                .refine((t) => !hasLineBreakOrControl(t), "one line, without control characters"),
              percent: z.number().int().min(1).max(100),
            })
            .strict(),
        )
        .min(1)
        .max(MAX_MILESTONES)
        .refine((rows) => rows.reduce((sum, r) => sum + r.percent, 0) === 100, "percents must sum to 100"),
    })
    .strict(),
]);
/** A partner's website is a link on the proposal page: https only, as the account form takes it. */
const Website = Text(200).refine(
  (w) => w === "" || /^https:\/\/[^\s/]+\.[^\s]*$/.test(w),
  "not an https:// address",
);
const Person = z.object({ name: Text(200), email: Text(254) }).strict();
const Big = 1e12;

const count = (n: number) => n.toLocaleString("en-US");

/** A number the settings form would accept: within its range, with at most `places` decimals. */
function Setting({ min, max, places }: { min: number; max: number; places: number }) {
  return z
    .number()
    .finite()
    .superRefine((n, ctx) => {
      // One reason per value: "1e-300" is too small, whatever its decimals.
      const reason =
        n < min
          ? `must be at least ${count(min)}`
          : n > max
            ? `must be at most ${count(max)}`
            : Number(n.toFixed(places)) !== n
              ? places === 0
                ? "must be a whole number"
                : `must have at most ${places === 1 ? "one decimal place" : `${places} decimal places`}`
              : null;
      if (reason) ctx.addIssue({ code: z.ZodIssueCode.custom, message: reason });
    });
}

// A published proposal as the file states it. Nothing about it is taken on trust beyond its shape:
// the import marks it as imported (who published and accepted it is only "as the file says").
const SnapshotItemSchema = z
  .object({
    id: z.string().min(1).max(40),
    taskId: Text(120).nullable(),
    title: z.string().min(1).max(300),
    description: Text(4000),
    deliverables: boundedArray(Text(2000), 50),
    acceptance: boundedArray(Text(2000), 50),
    area: Text(40),
    areaTitle: Text(200),
    phase: Phase,
    owner: z.enum(OWNERS),
    estimate: EstimateSchema,
    mean: Hours,
    dependsOn: boundedArray(Text(40), PLAN_BUDGET.dependsOnPerItem),
    waitsOutside: boundedArray(Text(40), PLAN_BUDGET.dependsOnPerItem).optional(),
    estimateReason: Text(500).nullable(),
    sharedBy: boundedArray(Text(300), PLAN_BUDGET.items).optional(),
  })
  .strict();
const Range = z
  .object({ mean: Amount(Big), p10: Amount(Big), p50: Amount(Big), p80: Amount(Big), p90: Amount(Big) })
  .strict();
const PhaseTotals = z
  .object({
    items: z.number().int().min(0).max(PLAN_BUDGET.items),
    hours: Amount(Big),
    optimistic: Amount(Big),
    pessimistic: Amount(Big),
  })
  .strict();
// The settings form's rule (isCurrencyCode): a code Intl formats but does not know ("QQQ") would show
// as "QQQ 7,907" and leave the settings form refusing every save until it is changed.
const Currency = z.string().refine(isCurrencyCode, (code) => ({
  message: `${JSON.stringify(code)} is not a currency Finishline offers (use a three-letter ISO 4217 code, like USD or EUR)`,
}));
const TierSchema = z
  .object({
    id: z.enum(["launch", "hardening", "scale"]),
    phase: Phase,
    title: Text(100),
    meaning: Text(500),
    tasks: z.number().int().min(0).max(PLAN_BUDGET.items),
    hours: Range,
    weeks: z
      .object({
        mean: Amount(Big),
        p10: Amount(Big),
        p50: Amount(Big),
        p80: Amount(Big),
        p85: Amount(Big),
        p90: Amount(Big),
      })
      .strict(),
    cost: z
      .object({
        currency: Currency,
        rate: Amount(Big),
        mean: Amount(Big),
        p10: Amount(Big),
        p50: Amount(Big),
        p80: Amount(Big),
        p90: Amount(Big),
      })
      .strict(),
    // Later-phase items the tier waits for, counted in it (decision 051); absent when none and before.
    pulledForward: boundedArray(
      z.object({ id: z.string().min(1).max(40), phase: Phase, hours: Amount(Big) }).strict(),
      PLAN_BUDGET.items,
    ).optional(),
  })
  .strict();
const TotalsSchema = z
  .object({
    items: z.number().int().min(0).max(PLAN_BUDGET.items),
    hours: Range,
    weeks: z.object({ p50: Amount(Big), p90: Amount(Big) }).strict(),
    cost: z.object({ currency: Currency, rate: Amount(Big), p50: Amount(Big), p90: Amount(Big) }).strict(),
    byPhase: z.object({ "launch-blocker": PhaseTotals, hardening: PhaseTotals, scale: PhaseTotals }).strict(),
    tiers: boundedArray(TierSchema, 3)
      .refine((t) => t.length === 3, "Array must contain exactly 3 element(s)")
      .optional(),
    sigma: Amount(10),
    unpriced: z
      .object({ items: z.number().int().min(1).max(PLAN_BUDGET.items), hours: Amount(Big) })
      .strict()
      .optional(),
  })
  .strict();
const Score = z.number().finite().min(0).max(100).nullable();
const ProposalSnapshotSchema = z
  .object({
    number: z.number().int().min(1).max(100_000),
    publishedAt: Time,
    preparedBy: Person,
    preparedFor: Person,
    engagement: z
      .object({
        id: Text(40),
        name: z.string().min(1).max(200),
        description: Text(1000),
        builtWith: Text(100),
        stage: Text(100),
      })
      .strict(),
    settings: z
      .object({
        currency: Currency,
        hourlyRate: Amount(10_000),
        teamSize: z.number().int().min(1).max(50),
        weeklyCapacity: Amount(80),
        focusFactor: z.number().min(0).max(1).optional(),
      })
      .strict(),
    contentVersion: Text(40),
    open: z
      .object({ questions: z.number().int().min(0).max(10_000), tasks: z.number().int().min(0).max(10_000) })
      .strict()
      .optional(),
    readiness: z
      .object({
        overall: z.object({ score: Score, level: Text(200).nullable() }).strict(),
        completion: Amount(100),
        areas: boundedArray(
          z
            .object({
              id: Text(40),
              title: Text(200),
              applicable: z.boolean(),
              score: Score,
              high: z.number().int().min(0).max(1000),
              medium: z.number().int().min(0).max(1000),
              unsure: z.number().int().min(0).max(1000).optional(),
              findings: boundedArray(
                z
                  .object({
                    prompt: Text(2000),
                    impact: Text(4000),
                    risk: z.enum(["high", "medium"]),
                    blocker: z.boolean(),
                  })
                  .strict(),
                500,
              ),
            })
            .strict(),
          50,
        ),
        blockers: boundedArray(
          z.object({ questionId: Text(120), title: Text(2000), impact: Text(4000) }).strict(),
          500,
        ),
        possibleBlockers: z.number().int().min(0).max(10_000).optional(),
      })
      .strict(),
    items: boundedArray(SnapshotItemSchema, PLAN_BUDGET.items),
    outOfScope: boundedArray(
      z
        .object({
          id: z.string().min(1).max(40),
          title: z.string().min(1).max(300),
          area: Text(40),
          areaTitle: Text(200),
          phase: Phase,
          scope: z.enum(SCOPES).extract(["excluded", "deferred"]),
          reason: Text(500),
          mean: Hours,
        })
        .strict(),
      PLAN_BUDGET.items,
    ).optional(),
    totals: TotalsSchema,
    schedule: boundedArray(
      z.object({ itemId: Text(40), startWeek: Amount(Big), endWeek: Amount(Big) }).strict(),
      PLAN_BUDGET.items,
    ),
    assumptions: Text(5000),
    exclusions: Text(5000),
    method: boundedArray(Text(10_000), 100),
    evidence: boundedArray(
      z
        .object({
          questionId: Text(120),
          prompt: Text(2000),
          answer: Text(2000),
          title: Text(500),
          place: Text(1000).nullable(),
          confidence: z.enum(CONFIDENCES),
          count: z.number().int().min(0).max(100_000),
          // Absent when the latest scan at publishing still found it, and in older versions.
          notFoundBy: Text(200).optional(),
        })
        .strict(),
      500,
    ).optional(),
    // Absent in versions published before terms and validity were asked for.
    terms: Text(5000).optional(),
    validUntil: IsoDay.optional(),
    // Absent in versions published before price models and partner profiles (decision 035).
    price: ProposalPriceSchema.optional(),
    partner: z
      .object({ company: Text(100), website: Website, addressLine: Text(200), taxNote: Text(200) })
      .strict()
      .optional(),
    // Absent in versions published before payment schedules (decision 040): not stated.
    payment: ProposalPaymentSchema.optional(),
  })
  .strict()
  // As the publish form refuses it: a fixed price is not billed monthly for the time spent.
  .refine((s) => !(s.price?.model === "fixed" && s.payment?.plan === "monthly"), {
    message: "a fixed price is not billed monthly for the time spent",
    path: ["payment"],
  });

// Exactly the same type, optional fields included (plain `extends` both ways lets an optional field
// that only one side has through): a change to ProposalSnapshot that this schema does not follow
// fails the typecheck.
type Parsed = z.infer<typeof ProposalSnapshotSchema>;
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
true satisfies Equals<Parsed, ProposalSnapshot>;

export const EXPORT_FORMAT = "finishline.engagement";
export const EXPORT_VERSION = 1;

const ExportObjectSchema = z
  .object({
    format: z.literal(EXPORT_FORMAT),
    version: z.literal(EXPORT_VERSION),
    exportedAt: z.string().max(40),
    contentVersion: Text(40),
    engagement: z
      .object({
        name: EngagementNameSchema,
        description: EngagementDescriptionSchema,
        // Written by exports before builder and stage moved to the intake; they become intake
        // answers on import when the file has none (as the 0002 migration did for stored engagements).
        builtWith: z
          .enum(["lovable", "bolt", "cursor", "v0", "replit", "framer", "hand-written", "other"])
          .optional(),
        stage: z.enum(["idea", "prototype", "beta", "live"]).optional(),
        // The settings form's limits (settings-schema.server.ts): an engagement imported with a value
        // that form refuses could not have its settings saved until that value was changed.
        currency: Currency,
        hourlyRate: Setting(SETTING_LIMITS.hourlyRate),
        teamSize: Setting(SETTING_LIMITS.teamSize),
        weeklyCapacity: Setting(SETTING_LIMITS.weeklyCapacity),
        assumptions: Text(5000),
        exclusions: Text(5000),
        // Draft terms for the next proposal; files exported before terms existed have none.
        terms: Text(5000).optional(),
        // The next proposal's price model (decision 035); files exported before it have none: the range.
        priceModel: z.enum(["range", "fixed", "capped"]).optional(),
        priceAmount: z.number().int().min(1).max(MAX_PRICE_AMOUNT).nullable().optional(),
        // Whether everyone on it must use two-step login (members page). Files exported before it
        // existed have none: off, as every engagement was then.
        requireTwoStep: z.boolean().optional(),
      })
      .strict(),
    members: boundedArray(
      z.object({ name: Text(200), email: Text(254), role: z.enum(ROLES) }).strict(),
      IMPORT_BUDGET.members,
      `at most ${IMPORT_BUDGET.members} members`,
    ),
    answers: boundedArray(
      z
        .object({
          questionId: Text(120),
          value: Value,
          note: Text(2000),
          notApplicableReason: Text(500).nullable(),
          contentVersion: Text(40),
          answeredAt: Time,
          review: z.enum(["verified", "corrected"]).nullable(),
          correctedValue: Value.nullable(),
          reviewNote: Text(1000).nullable(),
        })
        .strict(),
      IMPORT_BUDGET.answers,
      `at most ${IMPORT_BUDGET.answers} answers`,
    ),
    plan: boundedArray(
      z
        .object({
          ref: Text(40),
          taskId: z.string().min(1).max(120).nullable(),
          // As the plan's forms take them (CustomItemText in app/plan/plan-actions.server.ts).
          title: z
            .string()
            .min(1)
            .max(300)
            .refine((t) => !hasLineBreakOrControl(t), "one line, without control characters"),
          description: Text(4000).refine(
            (d) => !hasControl(d),
            "no control characters but line breaks and tabs",
          ),
          area: Text(40),
          phase: Phase,
          estimate: EstimateSchema,
          estimateReason: Text(500).nullable(),
          estimateEdited: z.boolean(),
          phaseEdited: z.boolean(),
          scope: z.enum(SCOPES),
          // Files exported before reasons existed have none.
          scopeReason: Text(500).nullable().optional(),
          stale: z.boolean(),
          owner: z.enum(OWNERS),
          status: z.enum(ITEM_STATUSES),
          actualHours: z.number().min(0).max(100_000).nullable(),
          // Dated entries (decision 042); files exported before them have only actualHours.
          timeEntries: boundedArray(
            z
              .object({
                day: IsoDay,
                hours: z.number().positive().max(100_000),
                note: Text(200).refine(
                  (t) => !hasLineBreakOrControl(t),
                  "one line, without control characters",
                ),
                by: Text(200),
                // What it was billed at; absent, the file's rate and currency, and the item's owner.
                rate: Amount(1_000_000).optional(),
                currency: Text(3).optional(),
                billable: z.boolean().optional(),
                // Who last corrected it and when; absent if it never was (and in older files).
                corrected: z
                  .object({ by: Text(200), at: Time })
                  .strict()
                  .optional(),
              })
              .strict(),
            PLAN_BUDGET.timeEntriesPerItem,
            `an item holds at most ${PLAN_BUDGET.timeEntriesPerItem} time entries`,
          ).optional(),
          position: z.number().int().min(-1e9).max(1e9),
          dependsOn: boundedArray(
            Text(40),
            PLAN_BUDGET.dependsOnPerItem,
            `an item may wait for at most ${PLAN_BUDGET.dependsOnPerItem} others`,
          ),
        })
        .strict(),
      PLAN_BUDGET.items,
      `a plan holds at most ${PLAN_BUDGET.items} items`,
    ),
    comments: boundedArray(
      z
        .object({
          targetType: z.enum(["plan-item", "question", "proposal"]),
          target: Text(120),
          author: Text(254),
          // Comments stored before their form refused control and format characters (6 December) are
          // exported as they are; they come back in without them, as every page already shows them
          // (withoutControls), rather than refuse a whole project for a stray ESC in an old comment.
          body: z
            .string()
            .min(1)
            .max(4000)
            .transform(withoutControls)
            .refine((b) => b.trim().length > 0, "a comment of control characters only"),
          createdAt: Time,
        })
        .strict(),
      IMPORT_BUDGET.comments,
      `at most ${IMPORT_BUDGET.comments} comments`,
    ),
    proposals: boundedArray(
      z
        .object({
          number: z.number().int().min(1).max(100_000),
          snapshot: ProposalSnapshotSchema,
          publishedAt: Time,
          publishedBy: Text(254),
          acceptedAt: Time.nullable(),
          acceptedBy: Text(254).nullable(),
          // Taken back by the partner (decision 039); absent in files from before, and for versions
          // never withdrawn. Kept on import, so a copy does not put a withdrawn offer back on offer.
          withdrawn: z
            .object({
              at: Time,
              by: Text(254),
              // As the withdraw form takes it: one line, at most 300 characters.
              reason: Text(300).refine(
                (t) => !hasLineBreakOrControl(t),
                "one line, without control characters",
              ),
            })
            .strict()
            .optional(),
        })
        .strict()
        .refine((p) => !(p.withdrawn && p.acceptedAt !== null), {
          message: "an accepted proposal cannot also be withdrawn",
          path: ["withdrawn"],
        }),
      IMPORT_BUDGET.proposals,
      `at most ${IMPORT_BUDGET.proposals} proposals`,
    ),
  })
  .strict();
type EngagementExportShape = z.infer<typeof ExportObjectSchema>;

const EngagementExportSchema = ExportObjectSchema.superRefine(checkReferences);

export type EngagementExport = z.infer<typeof EngagementExportSchema>;

type Issue = { path: (string | number)[]; message: string };

/** The first repeated value of `key` among `rows`, with the index where it repeats. */
function duplicate<T>(rows: readonly T[], key: (row: T) => string | number | null): [number, string] | null {
  const seen = new Set<string | number>();
  for (const [i, row] of rows.entries()) {
    const k = key(row);
    if (k === null) continue;
    if (seen.has(k)) return [i, String(k)];
    seen.add(k);
  }
  return null;
}

/** Every id a list points at exists, nothing waits for itself, and there is no loop. */
function dependencyIssues(
  items: ReadonlyArray<{ id: string; dependsOn: readonly string[] }>,
  path: (string | number)[],
  noun: string,
): Issue[] {
  const ids = new Set(items.map((i) => i.id));
  for (const [i, item] of items.entries()) {
    for (const [j, dep] of item.dependsOn.entries()) {
      if (!ids.has(dep)) return [{ path: [...path, i, "dependsOn", j], message: `no ${noun} "${dep}"` }];
      if (dep === item.id)
        return [{ path: [...path, i, "dependsOn", j], message: `an item cannot depend on itself` }];
    }
    const twice = duplicate(item.dependsOn, (d) => d);
    if (twice)
      return [{ path: [...path, i, "dependsOn", twice[0]], message: `"${twice[1]}" is listed twice` }];
  }
  const cycle = findCycle(items);
  if (cycle) return [{ path, message: `dependencies form a loop: ${cycle.join(" → ")}` }];
  return [];
}

/** Cross-field rules a file must keep: unique ids, references that resolve, no loops, budgets. */
function checkReferences(data: EngagementExportShape, ctx: z.RefinementCtx): void {
  const issues: Issue[] = [];
  const add = (issue: Issue | null) => issue && issues.push(issue);
  let dup = duplicate(data.plan, (i) => i.ref);
  if (dup) add({ path: ["plan", dup[0], "ref"], message: `ref "${dup[1]}" is used by two items` });
  dup = duplicate(data.plan, (i) => i.taskId);
  if (dup) add({ path: ["plan", dup[0], "taskId"], message: `task "${dup[1]}" has two items` });
  dup = duplicate(data.answers, (a) => a.questionId);
  if (dup)
    add({ path: ["answers", dup[0], "questionId"], message: `question "${dup[1]}" is answered twice` });
  dup = duplicate(data.proposals, (p) => p.number);
  if (dup)
    add({ path: ["proposals", dup[0], "number"], message: `there are two proposals number ${dup[1]}` });
  const links = data.plan.reduce((n, i) => n + i.dependsOn.length, 0);
  if (links > PLAN_BUDGET.dependencies) {
    add({
      path: ["plan"],
      message: `${links} dependency links; a plan holds at most ${PLAN_BUDGET.dependencies}`,
    });
  }
  if (issues.length === 0)
    issues.push(
      ...dependencyIssues(
        data.plan.map((i) => ({ id: i.ref, dependsOn: i.dependsOn })),
        ["plan"],
        "plan item with ref",
      ),
    );
  const refs = new Set(data.plan.map((i) => i.ref));
  const orphan = data.comments.findIndex((c) => c.targetType === "plan-item" && !refs.has(c.target));
  if (orphan >= 0)
    add({
      path: ["comments", orphan, "target"],
      message: `no plan item with ref "${data.comments[orphan]!.target}"`,
    });
  const versions = new Set(data.proposals.map((p) => String(p.number)));
  const stray = data.comments.findIndex((c) => c.targetType === "proposal" && !versions.has(c.target));
  if (stray >= 0)
    add({
      path: ["comments", stray, "target"],
      message: `no proposal version ${data.comments[stray]!.target} in this file`,
    });
  for (const [i, p] of data.proposals.entries()) {
    const at: (string | number)[] = ["proposals", i, "snapshot"];
    const s = p.snapshot;
    if (s.number !== p.number)
      add({ path: [...at, "number"], message: `the snapshot is of proposal ${s.number}, not ${p.number}` });
    dup = duplicate(s.items, (item) => item.id);
    if (dup) add({ path: [...at, "items", dup[0], "id"], message: `item id "${dup[1]}" is used twice` });
    else issues.push(...dependencyIssues(s.items, [...at, "items"], "item"));
    const ids = new Set(s.items.map((item) => item.id));
    const leftOut = new Set((s.outOfScope ?? []).map((item) => item.id));
    for (const [j, item] of s.items.entries()) {
      const k = (item.waitsOutside ?? []).findIndex((id) => !leftOut.has(id));
      if (k >= 0)
        add({
          path: [...at, "items", j, "waitsOutside", k],
          message: `no item left out of this version is "${item.waitsOutside![k]}"`,
        });
    }
    const stray = s.schedule.findIndex((row) => !ids.has(row.itemId));
    if (stray >= 0)
      add({ path: [...at, "schedule", stray, "itemId"], message: `no item "${s.schedule[stray]!.itemId}"` });
    if (s.items.reduce((n, item) => n + item.dependsOn.length, 0) > PLAN_BUDGET.dependencies) {
      add({ path: [...at, "items"], message: `more than ${PLAN_BUDGET.dependencies} dependency links` });
    }
  }
  for (const issue of issues.slice(0, 1)) ctx.addIssue({ code: z.ZodIssueCode.custom, ...issue });
}

export type ExportCheck =
  { ok: true; data: EngagementExport; rawSnapshots: unknown[] } | { ok: false; message: string };

// ---------------------------------------------------------------------------------------------
// Refusals in plain words. Whoever reads them has a file in an editor: each problem names the
// field's path as they would look for it (answers[12].value) and what is wrong with it, and at
// most a few are listed.

const SHOWN_PROBLEMS = 3;

const NOT_AN_EXPORT =
  "That file is not a Finishline project export. Upload a file made with “Export project (JSON)” on a project's page.";

const TYPE_WORDS: Record<string, string> = {
  string: "text",
  number: "a number",
  integer: "a whole number",
  float: "a number with decimals",
  boolean: "true or false",
  array: "a list",
  object: "an object",
  null: "null",
};
const typeWord = (t: string) => TYPE_WORDS[t] ?? t;

/** zod's own checks, worded as what the value must be ("must be at most 10,000"). */
const plainErrors: z.ZodErrorMap = (issue, ctx) => {
  const what = (type: string, n: number, unit: string) =>
    type === "string" ? `${count(n)} characters long` : type === "array" ? `${count(n)} ${unit}` : count(n);
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      if (issue.received === "undefined") return { message: "is missing" };
      if (issue.expected === "integer" && issue.received === "float")
        return { message: "must be a whole number" };
      return { message: `must be ${typeWord(issue.expected)}, not ${typeWord(issue.received)}` };
    case z.ZodIssueCode.too_big: {
      const n = Number(issue.maximum);
      if (issue.exact) return { message: `must hold exactly ${what(issue.type, n, "entries")}` };
      if (issue.type === "array") return { message: `may hold at most ${what("array", n, "entries")}` };
      return { message: `must be ${issue.inclusive ? "at most" : "less than"} ${what(issue.type, n, "")}` };
    }
    case z.ZodIssueCode.too_small: {
      const n = Number(issue.minimum);
      if (issue.exact) return { message: `must hold exactly ${what(issue.type, n, "entries")}` };
      if ((issue.type === "string" || issue.type === "array") && n === 1)
        return { message: "must not be empty" };
      if (issue.type === "array") return { message: `must hold at least ${what("array", n, "entries")}` };
      return { message: `must be ${issue.inclusive ? "at least" : "more than"} ${what(issue.type, n, "")}` };
    }
    case z.ZodIssueCode.not_finite:
      return { message: "must be a finite number" };
    case z.ZodIssueCode.invalid_enum_value:
      return {
        message: `must be one of ${issue.options.map((o) => JSON.stringify(o)).join(", ")}, not ${JSON.stringify(issue.received)}`,
      };
    case z.ZodIssueCode.invalid_literal:
      return { message: `must be ${JSON.stringify(issue.expected)}` };
    case z.ZodIssueCode.unrecognized_keys:
      return {
        message: `has ${issue.keys.length === 1 ? "a field" : "fields"} Finishline does not know: ${issue.keys
          .slice(0, SHOWN_PROBLEMS)
          .map((k) => JSON.stringify(k))
          .join(", ")}${issue.keys.length > SHOWN_PROBLEMS ? "…" : ""}`,
      };
    case z.ZodIssueCode.invalid_union: {
      // An answer's value: say what is wrong with the kind it nearly is (text too long), if any.
      const near = issue.unionErrors
        .flatMap((e) => e.issues)
        .find((i) => i.code !== z.ZodIssueCode.invalid_type && i.path.length === issue.path.length);
      return { message: near ? near.message : "must be text, a number or a list of texts" };
    }
    default:
      return { message: `is not valid (${ctx.defaultError})` };
  }
};

/** answers[12].value, engagement.hourlyRate; "the file" for the file as a whole. */
function pathWords(path: readonly (string | number)[]): string {
  if (path.length === 0) return "the file";
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

/**
 * One problem as a sentence part. A reason that says what the value must be or is ("must be at most
 * 10,000") follows its path; one that is a sentence of its own follows it after a colon.
 */
function problemWords({ path, message }: Issue): string {
  const reason = message.replace(/\.$/, "").replace(/^[A-Z](?=[a-z])/, (c) => c.toLowerCase());
  return /^(must|may|is|has) /.test(reason)
    ? `${pathWords(path)} ${reason}`
    : `${pathWords(path)}: ${reason}`;
}

/** The message for an export of this format that holds values this server cannot take. */
function refusal(issues: readonly Issue[]): string {
  const shown = issues.slice(0, SHOWN_PROBLEMS).map(problemWords);
  const more = issues.length - shown.length;
  const head =
    issues.length === 1
      ? "This export has a value Finishline can't use: "
      : "This export has values Finishline can't use: ";
  return `${head}${shown.join("; ")}${more > 0 ? `; and ${count(more)} more` : ""}.`;
}

/** Why `json` is not an engagement export this server reads, judged by its markers; null when it is one. */
function notThisFormat(json: unknown): string | null {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return NOT_AN_EXPORT;
  const { format, version } = json as { format?: unknown; version?: unknown };
  if (format !== EXPORT_FORMAT) return NOT_AN_EXPORT;
  if (typeof version !== "number")
    return "That file is not a Finishline project export: it has no format version.";
  if (version !== EXPORT_VERSION)
    return `This export is in version ${version} of the export format; this Finishline reads version ${EXPORT_VERSION}.`;
  return null;
}

/**
 * Parses and validates an export file's text. `rawSnapshots` are the proposals' snapshots as the
 * file has them (same content as validated; stored as they came, so their hashes match).
 * Answers are checked against the question bank by checkAnswers, where the bank is loaded.
 */
export function checkExport(text: string): ExportCheck {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, message: "That file is not valid JSON." };
  }
  const foreign = notThisFormat(json);
  if (foreign) return { ok: false, message: foreign };
  const parsed = EngagementExportSchema.safeParse(json, { errorMap: plainErrors });
  if (!parsed.success) return { ok: false, message: refusal(parsed.error.issues) };
  const rawSnapshots = (json as { proposals: Array<{ snapshot: unknown }> }).proposals.map((p) => p.snapshot);
  return { ok: true, data: parsed.data, rawSnapshots };
}

/** What checkAnswers needs of the question bank. */
type QuestionBank = Pick<Content, "version" | "questionsById">;

/** The engine's reason (answers.ts), naming the question the way the file does. */
function answerReason(q: Question, issue: AnswerIssue): string {
  const named = issue.reason.replace("this question", JSON.stringify(q.id));
  return named === issue.reason ? `${issue.reason} (question ${JSON.stringify(q.id)})` : named;
}

/**
 * Answers the app itself would refuse: to a question the bank does not have, or with a value that
 * is not valid for its question (the engine's answerProblem, as the questionnaire checks a save).
 *
 * Only answers stamped with this server's question-bank version are held to it. An answer made
 * against another version is kept as stored answers are kept when the bank changes (README
 * "Authoring content": old assessments stay readable): an export from before a deploy may answer a
 * question since removed, and the engine reads such an answer as unanswered (answerContext).
 */
function answerIssues(data: EngagementExport, bank: QuestionBank): Issue[] {
  const issues: Issue[] = [];
  for (const [i, answer] of data.answers.entries()) {
    if (answer.contentVersion !== bank.version) continue;
    const q = bank.questionsById.get(answer.questionId);
    if (!q) {
      issues.push({
        path: ["answers", i, "questionId"],
        message: `there is no question ${JSON.stringify(answer.questionId)} in this Finishline's question bank`,
      });
      continue;
    }
    for (const field of ["value", "correctedValue"] as const) {
      const value = answer[field];
      const problem = value === null ? null : answerProblem(q, value);
      if (problem) issues.push({ path: ["answers", i, field], message: answerReason(q, problem) });
    }
  }
  return issues;
}

/** Why the file's answers cannot be imported into this question bank, or null when they can. */
export function checkAnswers(data: EngagementExport, bank: QuestionBank): string | null {
  const issues = answerIssues(data, bank);
  return issues.length > 0 ? refusal(issues) : null;
}
