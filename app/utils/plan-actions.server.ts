import { parseWithZod } from "@conform-to/zod";
import { data, redirect } from "@remix-run/node";
import { z } from "zod";

import { addComment } from "~/models/comment.server";
import { getContent } from "~/models/content.server";
import type { Engagement } from "~/models/engagement.server";
import { getPlanState } from "~/models/plan-state.server";
import { addCustomItem, applyPlanMerge, changePlanItem, type ItemChange } from "~/models/plan.server";
import { listProposals } from "~/models/proposal.server";
import type { User } from "~/models/user.server";
import { PLAN_BUDGET } from "~/utils/export-schema";
import { decimal } from "~/utils/forms.server";
import { can, type Role } from "~/utils/permissions";

// Plain decimals only ("12", "1.5"): not "1e-7", "0x10" or "Infinity", which Number() would take.
const hours = (label: string) =>
  decimal({
    message: `Enter the ${label} estimate in hours, like 4 or 2.5.`,
    min: [0, `The ${label} estimate can't be negative.`],
    max: [10_000, `The ${label} estimate is too large.`],
    places: 2,
  });

const EstimateFields = z
  .object({ optimistic: hours("optimistic"), likely: hours("likely"), pessimistic: hours("pessimistic") })
  .refine((e) => e.optimistic <= e.likely && e.likely <= e.pessimistic, {
    message: "Estimates must go optimistic ≤ likely ≤ pessimistic.",
    path: ["likely"],
  })
  .refine((e) => e.pessimistic > 0, {
    message: "The pessimistic estimate must be more than 0 hours.",
    path: ["pessimistic"],
  });

const PhaseSchema = z.enum(["launch-blocker", "hardening", "scale"]);

const ItemRef = { itemId: z.string().min(1).max(40), version: z.number().int().min(0) };

const PlanActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("generate") }),
  z.object({ intent: z.literal("scope"), ...ItemRef, scope: z.enum(["included", "excluded", "deferred"]) }),
  z.object({
    intent: z.literal("estimate"),
    ...ItemRef,
    estimate: EstimateFields,
    reason: z
      .string({ required_error: "Say briefly why the estimate changed." })
      .trim()
      .min(3, "Say briefly why the estimate changed.")
      .max(500, "Keep the reason under 500 characters."),
  }),
  z.object({ intent: z.literal("phase"), ...ItemRef, phase: PhaseSchema }),
  z.object({ intent: z.literal("owner"), ...ItemRef, owner: z.enum(["partner", "founder"]) }),
  z.object({ intent: z.literal("move"), ...ItemRef, direction: z.enum(["up", "down"]) }),
  z.object({
    intent: z.literal("dependencies"),
    ...ItemRef,
    dependsOn: z
      .array(z.string().max(40))
      .max(
        PLAN_BUDGET.dependsOnPerItem,
        `An item can wait for at most ${PLAN_BUDGET.dependsOnPerItem} others.`,
      )
      .default([]),
  }),
  z.object({
    intent: z.literal("status"),
    ...ItemRef,
    status: z.enum(["todo", "in-progress", "done"]),
    actualHours: decimal({
      message: "Enter actual hours as a number, like 6 or 7.5.",
      min: [0, "Actual hours can't be negative."],
      max: [10_000, "That is more hours than a plan item can take."],
      places: 2,
    }).optional(),
  }),
  z.object({
    intent: z.literal("custom"),
    title: z
      .string()
      .trim()
      .min(3, "Give the item a title.")
      .max(300, "Keep the title under 300 characters."),
    description: z.string().trim().max(4000).default(""),
    area: z.string().min(1).max(40),
    phase: PhaseSchema,
    estimate: EstimateFields,
  }),
  z.object({
    intent: z.literal("comment"),
    itemId: z.string().min(1).max(40),
    body: z
      .string()
      .trim()
      .min(1, "Write a comment first.")
      .max(4000, "Keep comments under 4,000 characters."),
  }),
]);

export type PlanActionResult = {
  ok: boolean;
  itemId?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  conflict?: { title: string; version: number; message: string };
  message?: string;
};

const PERMISSION = {
  generate: "editPlan",
  scope: "editPlan",
  estimate: "editPlan",
  phase: "editPlan",
  owner: "editPlan",
  move: "editPlan",
  dependencies: "editPlan",
  custom: "editPlan",
  status: "trackProgress",
  comment: "comment",
} as const;

/** The content's areas and "custom" (shown as "Other"), as the custom item form offers them. */
function knownAreas(): Set<string> {
  return new Set([...getContent().areas.map((a) => a.id), "custom"]);
}

function fieldErrorsOf(error: Record<string, string[] | null> | null | undefined) {
  // Field names come from the request: no prototype to read or write through.
  const out: Record<string, string[]> = Object.create(null);
  for (const [k, v] of Object.entries(error ?? {})) if (v && v.length > 0) out[k] = v;
  return out;
}

function fail(status: number, body: PlanActionResult) {
  return data(body, { status });
}

export async function handlePlanAction({
  formData,
  engagement,
  user,
  role,
  returnTo = "plan",
}: {
  returnTo?: "plan" | "item";
  formData: FormData;
  engagement: Engagement;
  user: User;
  role: Role;
}) {
  const submission = parseWithZod(formData, { schema: PlanActionSchema });
  if (submission.status !== "success") {
    return fail(400, {
      ok: false,
      itemId: String(formData.get("itemId") ?? ""),
      fieldErrors: fieldErrorsOf(submission.error),
    });
  }
  const input = submission.value;
  if (!can(role, PERMISSION[input.intent])) {
    throw new Response("Your role on this engagement cannot do that.", { status: 403 });
  }
  const base = `/engagements/${engagement.id}/plan`;
  const back = (itemId: string) => (returnTo === "item" ? `${base}/${itemId}` : `${base}#item-${itemId}`);

  if (input.intent === "generate") {
    const state = await getPlanState({ engagement });
    const merged = await applyPlanMerge({
      engagementId: engagement.id,
      userId: user.id,
      merge: state.pending,
    });
    if (!merged.ok) return fail(400, { ok: false, message: merged.message });
    return redirect(`${base}?updated=1`);
  }
  if (input.intent === "custom") {
    // Only the areas the form offers: the id becomes a lookup key (titles, CSV, proposals).
    if (!knownAreas().has(input.area)) {
      return fail(400, { ok: false, fieldErrors: { area: ["Choose an area from the list."] } });
    }
    const added = await addCustomItem({
      engagementId: engagement.id,
      userId: user.id,
      title: input.title,
      description: input.description,
      area: input.area,
      phase: input.phase,
      estimate: input.estimate,
    });
    if (!added.ok)
      return fail(400, { ok: false, message: added.message, fieldErrors: { form: [added.message] } });
    return redirect(back(added.id));
  }
  if (input.intent === "comment") {
    const added = await addComment({
      engagementId: engagement.id,
      userId: user.id,
      targetType: "plan-item",
      targetId: input.itemId,
      body: input.body,
    });
    if (!added) throw new Response("Not found", { status: 404 });
    return redirect(back(input.itemId));
  }
  if (
    input.intent === "status" &&
    (await listProposals({ engagementId: engagement.id })).every((p) => !p.acceptedAt)
  ) {
    return fail(400, {
      ok: false,
      itemId: input.itemId,
      message: "Progress is tracked once the founder accepts a proposal.",
    });
  }

  const change: ItemChange =
    input.intent === "scope"
      ? { kind: "scope", scope: input.scope }
      : input.intent === "estimate"
        ? { kind: "estimate", estimate: input.estimate, reason: input.reason }
        : input.intent === "phase"
          ? { kind: "phase", phase: input.phase }
          : input.intent === "owner"
            ? { kind: "owner", owner: input.owner }
            : input.intent === "move"
              ? { kind: "move", direction: input.direction }
              : input.intent === "dependencies"
                ? { kind: "dependencies", dependsOn: input.dependsOn }
                : { kind: "status", status: input.status, actualHours: input.actualHours ?? null };
  const result = await changePlanItem({
    engagementId: engagement.id,
    itemId: input.itemId,
    userId: user.id,
    version: input.version,
    change,
  });
  if (result.ok) return redirect(back(input.itemId));
  if (result.reason === "not-found") throw new Response("Not found", { status: 404 });
  if (result.reason === "invalid")
    return fail(400, { ok: false, itemId: input.itemId, message: result.message });
  return fail(409, {
    ok: false,
    itemId: input.itemId,
    conflict: {
      title: result.current.title,
      version: result.current.version,
      message: `Someone else changed “${result.current.title}” while you were editing (now: ${result.current.scope}, ${result.current.optimistic}–${result.current.likely}–${result.current.pessimistic} h, ${result.current.phase}). Your change was not saved; the plan below shows the current version.`,
    },
  });
}
