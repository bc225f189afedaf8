import { z } from "zod";

import { CONFIDENCES } from "~/engine/evidence/types";
import type { ProposalSnapshot } from "~/engine/plan-types";
import { findCycle } from "~/engine/simulate";

import { EngagementDescriptionSchema, EngagementNameSchema } from "./engagement-schema";

// The documented engagement export (docs/export-format.md). Import validates every field: a file is
// user input like any other. Budgets bound what one file (and one plan) may hold, so no import and
// no later view of what it created can hold the server for long (README "Security").

/**
 * Work plan budgets, for the import and the plan UI alike. The plan's totals simulate 10,000 runs
 * whose cost grows with items + dependency links; at these sizes one view stays well under 100 ms
 * (the question bank today yields at most 147 items and 32 links, at most 2 per item).
 */
export const PLAN_BUDGET = { items: 200, dependsOnPerItem: 10, dependencies: 600 } as const;
/** What one imported file may hold besides its plan. */
const IMPORT_BUDGET = { answers: 1000, comments: 2000, proposals: 50, members: 200 } as const;

const Value = z.union([z.string().max(4000), z.number().finite(), z.array(z.string().max(200)).max(100)]);
const Phase = z.enum(["launch-blocker", "hardening", "scale"]);
const Text = (max: number) => z.string().max(max);
const Amount = (max: number) => z.number().finite().min(0).max(max);
const Time = z.number().int().nonnegative().max(8.64e15);
const Hours = Amount(10_000);
const EstimateSchema = z
  .object({ optimistic: Hours, likely: Hours, pessimistic: Hours })
  .strict()
  .refine((e) => e.optimistic <= e.likely && e.likely <= e.pessimistic, "estimate out of order");
const Person = z.object({ name: Text(200), email: Text(254) }).strict();
const Big = 1e12;

// A published proposal as the file states it. Nothing about it is taken on trust beyond its shape:
// the import marks it as imported (who published and accepted it is only "as the file says").
const SnapshotItemSchema = z
  .object({
    id: z.string().min(1).max(40),
    taskId: Text(120).nullable(),
    title: z.string().min(1).max(300),
    description: Text(4000),
    deliverables: z.array(Text(2000)).max(50),
    acceptance: z.array(Text(2000)).max(50),
    area: Text(40),
    areaTitle: Text(200),
    phase: Phase,
    owner: z.enum(["partner", "founder"]),
    estimate: EstimateSchema,
    mean: Hours,
    dependsOn: z.array(Text(40)).max(PLAN_BUDGET.dependsOnPerItem),
    estimateReason: Text(500).nullable(),
    sharedBy: z.array(Text(300)).max(PLAN_BUDGET.items).optional(),
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
const Currency = z.string().regex(/^[A-Z]{3}$/);
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
  })
  .strict();
const TotalsSchema = z
  .object({
    items: z.number().int().min(0).max(PLAN_BUDGET.items),
    hours: Range,
    weeks: z.object({ p50: Amount(Big), p90: Amount(Big) }).strict(),
    cost: z.object({ currency: Currency, rate: Amount(Big), p50: Amount(Big), p90: Amount(Big) }).strict(),
    byPhase: z.object({ "launch-blocker": PhaseTotals, hardening: PhaseTotals, scale: PhaseTotals }).strict(),
    tiers: z.array(TierSchema).length(3).optional(),
    sigma: Amount(10),
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
      })
      .strict(),
    contentVersion: Text(40),
    readiness: z
      .object({
        overall: z.object({ score: Score, level: Text(200).nullable() }).strict(),
        completion: Amount(100),
        areas: z
          .array(
            z
              .object({
                id: Text(40),
                title: Text(200),
                applicable: z.boolean(),
                score: Score,
                high: z.number().int().min(0).max(1000),
                medium: z.number().int().min(0).max(1000),
                findings: z
                  .array(
                    z
                      .object({
                        prompt: Text(2000),
                        impact: Text(4000),
                        risk: z.enum(["high", "medium"]),
                        blocker: z.boolean(),
                      })
                      .strict(),
                  )
                  .max(500),
              })
              .strict(),
          )
          .max(50),
        blockers: z
          .array(z.object({ questionId: Text(120), title: Text(2000), impact: Text(4000) }).strict())
          .max(500),
      })
      .strict(),
    items: z.array(SnapshotItemSchema).max(PLAN_BUDGET.items),
    outOfScope: z
      .array(
        z
          .object({
            id: z.string().min(1).max(40),
            title: z.string().min(1).max(300),
            area: Text(40),
            areaTitle: Text(200),
            phase: Phase,
            scope: z.enum(["excluded", "deferred"]),
            reason: Text(500),
            mean: Hours,
          })
          .strict(),
      )
      .max(PLAN_BUDGET.items)
      .optional(),
    totals: TotalsSchema,
    schedule: z
      .array(z.object({ itemId: Text(40), startWeek: Amount(Big), endWeek: Amount(Big) }).strict())
      .max(PLAN_BUDGET.items),
    assumptions: Text(5000),
    exclusions: Text(5000),
    method: z.array(Text(10_000)).max(100),
    evidence: z
      .array(
        z
          .object({
            questionId: Text(120),
            prompt: Text(2000),
            answer: Text(2000),
            title: Text(500),
            place: Text(1000).nullable(),
            confidence: z.enum(CONFIDENCES),
            count: z.number().int().min(0).max(100_000),
          })
          .strict(),
      )
      .max(500)
      .optional(),
  })
  .strict();

// Exactly the same type, optional fields included (plain `extends` both ways lets an optional field
// that only one side has through): a change to ProposalSnapshot that this schema does not follow
// fails the typecheck.
type Parsed = z.infer<typeof ProposalSnapshotSchema>;
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
export const snapshotShapeMatches: Equals<Parsed, ProposalSnapshot> = true;

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
        currency: z.string().regex(/^[A-Z]{3}$/),
        hourlyRate: z.number().finite().min(1).max(10_000),
        teamSize: z.number().int().min(1).max(50),
        weeklyCapacity: z.number().finite().min(1).max(80),
        assumptions: Text(5000),
        exclusions: Text(5000),
      })
      .strict(),
    members: z
      .array(
        z
          .object({ name: Text(200), email: Text(254), role: z.enum(["founder", "partner", "viewer"]) })
          .strict(),
      )
      .max(IMPORT_BUDGET.members, `at most ${IMPORT_BUDGET.members} members`),
    answers: z
      .array(
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
      )
      .max(IMPORT_BUDGET.answers, `at most ${IMPORT_BUDGET.answers} answers`),
    plan: z
      .array(
        z
          .object({
            ref: Text(40),
            taskId: z.string().min(1).max(120).nullable(),
            title: z.string().min(1).max(300),
            description: Text(4000),
            area: Text(40),
            phase: Phase,
            estimate: EstimateSchema,
            estimateReason: Text(500).nullable(),
            estimateEdited: z.boolean(),
            phaseEdited: z.boolean(),
            scope: z.enum(["proposed", "included", "excluded", "deferred"]),
            // Files exported before reasons existed have none.
            scopeReason: Text(500).nullable().optional(),
            stale: z.boolean(),
            owner: z.enum(["partner", "founder"]),
            status: z.enum(["todo", "in-progress", "done"]),
            actualHours: z.number().min(0).max(100_000).nullable(),
            position: z.number().int().min(-1e9).max(1e9),
            dependsOn: z
              .array(Text(40))
              .max(
                PLAN_BUDGET.dependsOnPerItem,
                `an item may wait for at most ${PLAN_BUDGET.dependsOnPerItem} others`,
              ),
          })
          .strict(),
      )
      .max(PLAN_BUDGET.items, `a plan holds at most ${PLAN_BUDGET.items} items`),
    comments: z
      .array(
        z
          .object({
            targetType: z.enum(["plan-item", "question", "proposal"]),
            target: Text(120),
            author: Text(254),
            body: z.string().min(1).max(4000),
            createdAt: Time,
          })
          .strict(),
      )
      .max(IMPORT_BUDGET.comments, `at most ${IMPORT_BUDGET.comments} comments`),
    proposals: z
      .array(
        z
          .object({
            number: z.number().int().min(1).max(100_000),
            snapshot: ProposalSnapshotSchema,
            publishedAt: Time,
            publishedBy: Text(254),
            acceptedAt: Time.nullable(),
            acceptedBy: Text(254).nullable(),
          })
          .strict(),
      )
      .max(IMPORT_BUDGET.proposals, `at most ${IMPORT_BUDGET.proposals} proposals`),
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

/**
 * Parses and validates an export file's text. `rawSnapshots` are the proposals' snapshots as the
 * file has them (same content as validated; stored as they came, so their hashes match).
 */
export function checkExport(text: string): ExportCheck {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, message: "That file is not valid JSON." };
  }
  const parsed = EngagementExportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return {
      ok: false,
      message: `That file is not a Finishline engagement export (${issue.path.join(".") || "file"}: ${issue.message}).`,
    };
  }
  const rawSnapshots = (json as { proposals: Array<{ snapshot: unknown }> }).proposals.map((p) => p.snapshot);
  return { ok: true, data: parsed.data, rawSnapshots };
}
