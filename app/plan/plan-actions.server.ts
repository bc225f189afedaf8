import { data, redirect } from "@remix-run/node";
import { z } from "zod";

import { CommentBody, addComment } from "~/models/comment.server";
import { notifyComment } from "~/mail/notifications.server";
import { getContent } from "~/models/content.server";
import type { Engagement } from "~/models/engagement.server";
import { getPlanItems, getPlanState } from "~/models/plan-state.server";
import type { Estimate, Phase } from "~/engine/content/types";
import { ITEM_STATUSES, OWNERS, PHASES, SCOPES } from "~/engine/value-lists";
import { tracksProgress } from "~/engine/tracking";
import {
  addCustomItem,
  applyPlanMerge,
  changeEstimates,
  changePlanItem,
  deleteCustomItem,
  lastItemChange,
  setScopeOfMany,
  undoScopeChanges,
  type ItemChangeRecord,
  type PlanItem,
  type TargetChange,
  type BulkTarget,
  type EstimateEdit,
  type ItemChange,
} from "~/models/plan.server";
import { listProposals } from "~/models/proposal.server";
import type { User } from "~/models/user.server";
import { boundedArray } from "~/utils/bounded-array";
import { PLAN_BUDGET } from "~/utils/export-schema";
import { fieldHours, formatDateTime } from "~/utils/format";
import { hasLineBreakOrControl, oneLine, severalLines } from "~/utils/plain-text";
import { FORMAT_CONTROL_MESSAGE, hasFormatControl } from "~/utils/format-controls";
import { decimal, parseWithConform, postedValues } from "~/utils/forms.server";
import { can, type Role } from "~/auth/permissions";
import { consumeComment } from "~/auth/rate-limit.server";
import { OWNER_LABELS, PHASE_LABELS, SCOPE_LABELS } from "~/engine/plan-types";

import { CONFIRM_ESTIMATE, estimateQuestion, type EstimateQuestion } from "./estimate-check";
import { someNames } from "./bulk-change.server";
import { estimateInWords } from "./plan-view.server";
import {
  handleTimeAction,
  refusedTimeForm,
  TIME_INTENTS,
  TimeActionSchemas,
  type TimeActionInput,
} from "./time-actions.server";

const isTimeIntent = (input: { intent: string }): input is TimeActionInput =>
  (TIME_INTENTS as readonly string[]).includes(input.intent);

// Plain decimals only ("12", "1.5"): not "1e-7", "0x10" or "Infinity", which Number() would take.
const hours = (label: string) =>
  decimal({
    message: `Enter the ${label} estimate in hours, like 4 or 2.5.`,
    min: [0, `The ${label} estimate can't be negative.`],
    max: [10_000, `The ${label} estimate is too large: at most 10,000 hours.`],
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

const PhaseSchema = z.enum(PHASES, {
  errorMap: () => ({ message: "Choose a phase: launch minimum, hardening or scale later." }),
});

const UNDO_UNREADABLE = "That undo could not be read. Reload the page.";

const ItemRef = { itemId: z.string().min(1).max(40), version: z.number().int().min(0) };

const SCOPE_REASON_MAX = 500;
/** Why an item is out or later, as the proposal shows it; optional. */
const ScopeReason = severalLines(
  z.string().trim().max(SCOPE_REASON_MAX, `Keep the reason to ${SCOPE_REASON_MAX} characters or fewer.`),
  "the reason",
).optional();

/**
 * Why an estimate changed, stored as the item's `estimateReason` and shown under it on the proposal:
 * one line, from one item's form or for all the rows the estimates table changes.
 */
const estimateReason = (missing: string) =>
  oneLine(
    z
      .string({ required_error: missing })
      .trim()
      .min(3, missing)
      .max(500, "Keep the reason to 500 characters or fewer."),
    "the reason",
  );

/** A custom item's own words: the same rules when it is added and when it is edited. */
const CustomItemText = {
  title: z
    .string({ required_error: "Give the item a title of at least 3 characters." })
    .trim()
    .min(3, "Give the item a title of at least 3 characters.")
    .max(300, "Keep the title to 300 characters or fewer.")
    // It heads the item in the plan, the CSV and the proposal: one line of plain text.
    .refine(
      (title) => !hasLineBreakOrControl(title),
      "Keep the title on one line, without control characters.",
    )
    .refine((title) => !hasFormatControl(title), FORMAT_CONTROL_MESSAGE),
  description: severalLines(
    z.string().trim().max(4000, "Keep the description to 4,000 characters or fewer."),
    "the description",
  ).default(""),
};

const PlanActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("generate") }),
  z.object({
    intent: z.literal("scope"),
    ...ItemRef,
    scope: z.enum(SCOPES).exclude(["proposed"]),
    scopeReason: ScopeReason,
  }),
  z.object({
    intent: z.literal("estimate"),
    ...ItemRef,
    estimate: EstimateFields,
    reason: estimateReason("Say briefly why the estimate changed."),
  }),
  z.object({ intent: z.literal("phase"), ...ItemRef, phase: PhaseSchema }),
  z.object({ intent: z.literal("owner"), ...ItemRef, owner: z.enum(OWNERS) }),
  z.object({ intent: z.literal("move"), ...ItemRef, direction: z.enum(["up", "down"]) }),
  z.object({
    intent: z.literal("move-to"),
    ...ItemRef,
    position: z
      .number({
        required_error: "Enter a position.",
        invalid_type_error: "Enter the position as a whole number.",
      })
      .int("Enter the position as a whole number.")
      .min(1, "Positions start at 1.")
      .max(PLAN_BUDGET.items, `A plan has at most ${PLAN_BUDGET.items} items.`),
  }),
  z.object({
    intent: z.literal("bulk-scope"),
    target: z
      .string({ required_error: "Choose which items to change." })
      .regex(
        /^(ticked|proposed|phase:(launch-blocker|hardening|scale)|area:[a-z0-9-]{1,40})$/,
        "Choose which items to change.",
      ),
    // The ticked rows, "<item>:<version>" as the partner saw them (target "ticked").
    item: boundedArray(
      z.string().regex(/^[\w-]{1,40}:\d{1,10}$/, "That selection could not be read. Reload the page."),
      PLAN_BUDGET.items,
      `A plan has at most ${PLAN_BUDGET.items} items.`,
    ).default([]),
    scope: z.enum(SCOPES).exclude(["proposed"]),
    scopeReason: ScopeReason,
  }),
  z.object({
    intent: z.literal("bulk-undo"),
    // Only which change: what it puts back is read from the change's own record (bulk-change.server.ts).
    changeId: z
      .number({ required_error: UNDO_UNREADABLE, invalid_type_error: UNDO_UNREADABLE })
      .int(UNDO_UNREADABLE)
      .positive(UNDO_UNREADABLE)
      .max(Number.MAX_SAFE_INTEGER, UNDO_UNREADABLE),
  }),
  z.object({
    intent: z.literal("dependencies"),
    ...ItemRef,
    dependsOn: boundedArray(
      z.string().max(40),
      PLAN_BUDGET.dependsOnPerItem,
      `An item can wait for at most ${PLAN_BUDGET.dependsOnPerItem} others.`,
    ).default([]),
  }),
  z.object({
    intent: z.literal("status"),
    ...ItemRef,
    status: z.enum(ITEM_STATUSES),
  }),
  ...TimeActionSchemas,
  z.object({
    intent: z.literal("custom"),
    ...CustomItemText,
    area: z.string({ required_error: "Choose an area from the list." }).min(1).max(40),
    phase: PhaseSchema,
    estimate: EstimateFields,
  }),
  z.object({ intent: z.literal("details"), ...ItemRef, ...CustomItemText }),
  z.object({ intent: z.literal("delete"), ...ItemRef }),
  z.object({
    intent: z.literal("comment"),
    itemId: z.string().min(1).max(40),
    body: CommentBody,
  }),
]);

export type PlanActionResult = {
  ok: boolean;
  fieldErrors?: Record<string, string[] | undefined>;
  conflict?: {
    title: string;
    version: number;
    message: string;
    /** a refused edit of a custom item's words, shown under the message with its lines kept */
    entered?: { title: string; description: string };
  };
  message?: string;
  /** what the refused form posted, by field name, for the page to show again */
  values?: Record<string, string>;
  /** the items a refused dependency form had ticked (a repeated field, which `values` keeps once) */
  dependsOn?: string[];
  /** an estimate that looks like a typo, held for a second look (estimate-check.ts) */
  secondLook?: EstimateQuestion;
};

/**
 * The second look an estimate needs before it is saved, or null: none is needed, or the form's tick
 * stands for exactly these figures.
 */
function heldEstimate(
  formData: FormData,
  field: string,
  next: Estimate,
  before?: Estimate,
): EstimateQuestion | null {
  const question = estimateQuestion(next, before);
  return question && formData.get(field) !== question.confirm ? question : null;
}

const PERMISSION = {
  generate: "editPlan",
  scope: "editPlan",
  estimate: "editPlan",
  phase: "editPlan",
  owner: "editPlan",
  move: "editPlan",
  "move-to": "editPlan",
  "bulk-scope": "editPlan",
  // Puts back scopes and reasons: a plan edit like the change it undoes.
  "bulk-undo": "editPlan",
  dependencies: "editPlan",
  custom: "editPlan",
  // Whoever may add a custom item may put its words right, or take it back out.
  details: "editPlan",
  delete: "editPlan",
  status: "trackProgress",
  // The hours are what the partner bills at the agreed rate: only they log or remove them.
  "log-time": "logHours",
  // Correcting an entry is the partner's too, whoever of them logged it.
  "edit-time": "logHours",
  "delete-time": "logHours",
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

/**
 * A move dragged in the plan list says in one value which item, at which version, and where to
 * ("move-to:<item>:<version>:<position>"). Turned back into the fields the item page's "Move to
 * position" form sends, so one schema validates both.
 */
function expandListOp(formData: FormData): FormData {
  const op = formData.get("op");
  if (typeof op !== "string") return formData;
  const [intent, itemId, version, position] = op.split(":");
  const out = new FormData();
  if (intent !== "move-to" || !itemId || !version || position === undefined) {
    out.set("intent", "invalid");
    return out;
  }
  out.set("intent", intent);
  out.set("itemId", itemId);
  out.set("version", version);
  out.set("position", position);
  return out;
}

/**
 * The items a phase, area or "proposed" target held as the bulk form showed it (`shown.<target>`,
 * their ids, space-separated), or undefined when the form did not say (then the target as it is).
 */
const ShownItems = z
  .string()
  .max(PLAN_BUDGET.items * 41)
  .transform((s) => s.split(" ").filter(Boolean))
  .pipe(z.array(z.string().regex(/^[\w-]{1,40}$/)).max(PLAN_BUDGET.items));

/** "Hardening now has 41 items, 1 moved there since you opened the page (“…”). Nothing was changed…" */
function targetChangedMessage(target: string, change: TargetChange): string {
  const [kind, id = ""] = target.split(":");
  const items = (n: number) => (n === 1 ? "1 item" : `${n} items`);
  const now =
    kind === "phase"
      ? `${PHASE_LABELS[id as Phase]} now has ${items(change.count)}`
      : kind === "area"
        ? `The area “${id === "custom" ? "Other" : (getContent().areas.find((a) => a.id === id)?.title ?? id)}” now has ${items(change.count)}`
        : `${items(change.count)} ${change.count === 1 ? "is" : "are"} proposed now`;
  const since = [
    change.joined.length > 0
      ? `${change.joined.length} ${kind === "phase" ? "moved there" : kind === "area" ? "added there" : "newly proposed"} since you opened the page (${someNames(change.joined)})`
      : null,
    change.left.length > 0 ? `${change.left.length} no longer there (${someNames(change.left)})` : null,
    change.deleted > 0 ? `${change.deleted} deleted` : null,
  ].filter((p) => p !== null);
  return `${now}: ${since.join(", ")}. Nothing was changed. Check the list and apply again.`;
}

function bulkTarget(target: string, ticked: string[]): BulkTarget {
  if (target === "ticked")
    return {
      items: ticked.map((v) => {
        const [id, version] = v.split(":") as [string, string];
        return { id, version: Number(version) };
      }),
    };
  if (target === "proposed") return { proposed: true };
  const [kind, id] = target.split(":") as [string, string];
  return kind === "phase" ? { phase: id as Phase } : { area: id };
}

export async function handlePlanAction({
  request,
  formData,
  engagement,
  user,
  role,
  returnTo = "plan",
}: {
  returnTo?: "plan" | "item";
  /** for the links in the emails an action sends (a comment's) */
  request: Request;
  formData: FormData;
  engagement: Engagement;
  user: User;
  role: Role;
}) {
  const fields = expandListOp(formData);
  // The role first, as for every action (docs/permissions.md): a member who may not do this gets
  // 403 whatever they sent, not a list of what is wrong with the form.
  const intent = fields.get("intent");
  const needs =
    typeof intent === "string" && Object.hasOwn(PERMISSION, intent)
      ? PERMISSION[intent as keyof typeof PERMISSION]
      : null;
  if (needs !== null && !can(role, needs)) {
    throw new Response("Your role on this project cannot do that.", { status: 403 });
  }
  const submission = parseWithConform(fields, PlanActionSchema);
  const values = postedValues(fields);
  // Without JavaScript a refused dependency form comes back as a new page: it ticks these again,
  // not the stored ones, so the partner does not hunt through the list a second time.
  const ticked =
    intent === "dependencies"
      ? { dependsOn: fields.getAll("dependsOn").filter((v): v is string => typeof v === "string") }
      : {};
  if (submission.status !== "success") {
    const fieldErrors = fieldErrorsOf(submission.error);
    return fail(400, {
      ok: false,
      // A time form's refusal may say more than its fields (time-actions.server.ts).
      ...(isTimeIntent({ intent: String(intent) })
        ? await refusedTimeForm({ engagementId: engagement.id, values, fieldErrors })
        : { fieldErrors }),
      values,
      ...ticked,
    });
  }
  const input = submission.value;
  const base = `/engagements/${engagement.id}/plan`;
  const back = (itemId: string) => (returnTo === "item" ? `${base}/${itemId}` : `${base}#item-${itemId}`);
  // The item page's forms that far down the page say "Saved" beside their button: the page they come
  // back to has to know which one saved (the URL is all a redirect carries without JavaScript).
  const saved = (itemId: string, form: SavedForm) =>
    returnTo === "item" ? `${base}/${itemId}?saved=${form}` : back(itemId);

  if (input.intent === "generate") {
    const state = await getPlanState({ engagement });
    const merged = await applyPlanMerge({
      engagementId: engagement.id,
      userId: user.id,
      merge: state.pending,
    });
    if (!merged.ok) return fail(400, { ok: false, message: merged.message });
    // A first plan is all in scope; only an update adds items marked "Proposed" (mergePlan).
    return redirect(state.items.length === 0 ? `${base}?created=1` : `${base}?updated=1`);
  }
  if (input.intent === "custom") {
    // Only the areas the form offers: the id becomes a lookup key (titles, CSV, proposals).
    if (!knownAreas().has(input.area)) {
      return fail(400, { ok: false, fieldErrors: { area: ["Choose an area from the list."] }, values });
    }
    const question = heldEstimate(fields, CONFIRM_ESTIMATE, input.estimate);
    if (question) return fail(400, { ok: false, secondLook: question, values });
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
      return fail(400, {
        ok: false,
        message: added.message,
        fieldErrors: { form: [added.message] },
        values,
      });
    // Said on the plan ("Added …"), as every other change there is; the row is scrolled to.
    return redirect(`${base}?added=${added.id}#item-${added.id}`);
  }
  if (input.intent === "bulk-scope") {
    const target = bulkTarget(input.target, input.item);
    if ("area" in target && !knownAreas().has(target.area)) {
      return fail(400, { ok: false, fieldErrors: { target: ["Choose which items to change."] }, values });
    }
    if ("items" in target && target.items.length === 0) {
      return fail(400, {
        ok: false,
        fieldErrors: { target: ["Tick the items to change first, or choose a phase or an area."] },
        values,
      });
    }
    // A phase, area or the proposed items as the page listed them: if they differ now (one moved
    // there from another tab), the change is asked again rather than made to items never seen there.
    const posted = "items" in target ? null : fields.get(`shown.${input.target}`);
    const shown = typeof posted === "string" ? ShownItems.safeParse(posted) : null;
    if (shown && !shown.success)
      return fail(400, {
        ok: false,
        fieldErrors: { target: ["That selection could not be read. Reload the page."] },
        values,
      });
    const { changed, skipped, changeId, targetChanged } = await setScopeOfMany({
      engagementId: engagement.id,
      userId: user.id,
      target,
      scope: input.scope,
      reason: input.scopeReason,
      shown: shown?.data,
    });
    if (targetChanged)
      return fail(409, {
        ok: false,
        fieldErrors: { target: [targetChangedMessage(input.target, targetChanged)] },
        values,
      });
    // Something changed: the page names it and offers to undo it (bulk-change.server.ts).
    const said = changeId === null ? `changed=${changed}` : `bulk=${changeId}`;
    return redirect(`${base}?${said}${skipped ? `&skipped=${skipped}` : ""}`);
  }
  if (input.intent === "bulk-undo") {
    const undone = await undoScopeChanges({
      engagementId: engagement.id,
      userId: user.id,
      changeId: input.changeId,
    });
    if (!undone.ok) {
      return undone.reason === "already-undone"
        ? fail(409, { ok: false, message: "That change was already undone, so nothing more was changed." })
        : fail(404, {
            ok: false,
            message:
              "Nothing was undone: that is not a change of yours on this plan. Only who made a change can undo it, from the message after it.",
          });
    }
    const { restored, kept } = undone;
    const said = new URLSearchParams({ undone: String(restored.length) });
    if (kept.length > 0) {
      said.set("kept", String(kept.length));
      // The first few by name; the page counts the rest.
      said.set("keptIds", kept.slice(0, 10).join(","));
    }
    return redirect(`${base}?${said}`);
  }
  if (input.intent === "comment") {
    // Past the author's comment limit: refused beside the box, with the text kept, and 429.
    const limited = await consumeComment(user.id);
    if (limited) {
      return data<PlanActionResult>(
        { ok: false, fieldErrors: { body: [limited.message] }, values },
        { status: 429, headers: { "Retry-After": String(limited.retryAfter) } },
      );
    }
    const added = await addComment({
      engagementId: engagement.id,
      userId: user.id,
      targetType: "plan-item",
      targetId: input.itemId,
      body: input.body,
    });
    if (!added) throw new Response("Not found", { status: 404 });
    notifyComment({
      request,
      engagement,
      author: user,
      target: { type: "plan-item", id: input.itemId, title: added.item ?? "" },
      body: input.body,
    });
    return redirect(back(input.itemId));
  }
  if (input.intent === "delete") {
    const deleted = await deleteCustomItem({
      engagementId: engagement.id,
      itemId: input.itemId,
      userId: user.id,
      version: input.version,
    });
    if (deleted.ok) return redirect(`${base}?deleted=1`);
    if (deleted.reason === "not-found") throw new Response("Not found", { status: 404 });
    if (deleted.reason === "invalid") return fail(400, { ok: false, message: deleted.message, values });
    return fail(409, {
      ok: false,
      conflict: conflictOf(deleted.current, " It was not deleted.", {
        engagementId: engagement.id,
        userId: user.id,
      }),
    });
  }
  if (isTimeIntent(input)) return handleTimeAction({ input, engagement, user, values, returnTo });
  if (input.intent === "status" && !tracksProgress(await listProposals({ engagementId: engagement.id }))) {
    return fail(400, {
      ok: false,
      message: "Progress is tracked once the founder accepts a proposal.",
      values,
    });
  }

  // The item page's reason field starts filled with the current reason, so sending it empty clears
  // it (the form parser turns "" into undefined, hence the check on the raw field). A scope change
  // posted without the field keeps the item's reason.
  if (input.intent === "estimate") {
    // Against the estimate the form was read at. A stale form is not asked: it is refused below as
    // a conflict, which says what the item is now (a question about someone else's figures would
    // only hide that).
    const before = (await getPlanItems({ engagement })).find((i) => i.id === input.itemId);
    const question =
      before?.version === input.version
        ? heldEstimate(fields, CONFIRM_ESTIMATE, input.estimate, before)
        : null;
    if (question) return fail(400, { ok: false, secondLook: question, values });
  }
  const scopeReason = fields.has("scopeReason")
    ? (input.intent === "scope" && input.scopeReason) || ""
    : undefined;
  const change: ItemChange =
    input.intent === "scope"
      ? { kind: "scope", scope: input.scope, reason: scopeReason }
      : input.intent === "estimate"
        ? { kind: "estimate", estimate: input.estimate, reason: input.reason }
        : input.intent === "phase"
          ? { kind: "phase", phase: input.phase }
          : input.intent === "owner"
            ? { kind: "owner", owner: input.owner }
            : input.intent === "move"
              ? { kind: "move", direction: input.direction }
              : input.intent === "move-to"
                ? { kind: "move-to", position: input.position }
                : input.intent === "dependencies"
                  ? { kind: "dependencies", dependsOn: input.dependsOn }
                  : input.intent === "details"
                    ? { kind: "details", title: input.title, description: input.description }
                    : { kind: "status", status: input.status };
  const result = await changePlanItem({
    engagementId: engagement.id,
    itemId: input.itemId,
    userId: user.id,
    version: input.version,
    change,
  });
  if (result.ok) {
    // A row dragged in the list: the plan says there if the move put an item above what it waits
    // for (?moved=, read by the page's loader), also without JavaScript.
    if (returnTo === "plan" && (change.kind === "move" || change.kind === "move-to"))
      return redirect(`${base}?moved=${input.itemId}#item-${input.itemId}`);
    const form = SAVED_FORMS.find((f) => f === input.intent);
    return redirect(form ? saved(input.itemId, form) : back(input.itemId));
  }
  if (result.reason === "not-found") throw new Response("Not found", { status: 404 });
  if (result.reason === "invalid") {
    // Each refusal of a dependency change is about what was ticked: said beside the list.
    if (change.kind === "dependencies")
      return fail(400, { ok: false, fieldErrors: { dependsOn: [result.message] }, values, ...ticked });
    return fail(400, { ok: false, message: result.message, values });
  }
  // Not echoed into the fields: the page shows the item as it now is, which the change was not
  // checked against. What was typed is shown with the message, so it is not lost: an estimate in it,
  // a custom item's words under it (a description of several lines, as typed, to copy back).
  const typed =
    change.kind === "estimate"
      ? ` ${enteredEstimate(change.estimate, change.reason)}`
      : change.kind === "details"
        ? " What you entered is below."
        : "";
  const conflict = conflictOf(
    result.current,
    `Your change was not saved; the page now shows the current version.${typed}`,
    { engagementId: engagement.id, userId: user.id },
  );
  if (change.kind === "details") conflict.entered = { title: change.title, description: change.description };
  return fail(409, { ok: false, conflict });
}

/**
 * What a refused estimate asked for, so it is not lost: "What you entered: 1–6 h, likely 3.75 h
 * (“reason”)." The item page and the estimates table say it alike, in the figures as typed.
 */
function enteredEstimate(estimate: Estimate, reason?: string): string {
  return `What you entered: ${estimateInWords(estimate, { exact: true })}${reason ? ` (“${reason}”)` : ""}.`;
}

/**
 * Who changed an item's estimate to what it is now, and when: the newest estimate change on record,
 * if it is the one that set these figures. Else (the plan's update set them, or it is not on record)
 * only what it is now.
 */
function estimateChangedBy(now: Estimate, change: ItemChangeRecord | null, userId: string): string {
  const to = change?.detail.to as Partial<Record<keyof Estimate, unknown>> | undefined;
  const same =
    to !== undefined &&
    (["optimistic", "likely", "pessimistic"] as const).every(
      (k) => typeof to[k] === "number" && fieldHours(to[k]) === fieldHours(now[k]),
    );
  const words = estimateInWords(now, { exact: true });
  if (!change || !same) return `It is now ${words}.`;
  const who = change.userId === userId ? "You (in another tab or window)" : change.byName || "Someone";
  const reason =
    typeof change.detail.reason === "string" && change.detail.reason ? `: “${change.detail.reason}”` : "";
  return `${who} changed it to ${words} on ${formatDateTime(change.at)}${reason}.`;
}

/** The item page's forms that come back with "Saved" beside their button (`?saved=`). */
export const SAVED_FORMS = [
  "estimate",
  "scope",
  "phase",
  "owner",
  "move-to",
  "dependencies",
  "details",
] as const;
export type SavedForm = (typeof SAVED_FORMS)[number];

/**
 * What an edit on the item page can change, as the activity logs it: the newest of these, made when
 * the item was last changed, is the change a stale form ran into.
 */
const ITEM_PAGE_KINDS = [
  "plan.scope",
  "plan.scope-many",
  "plan.estimate",
  "plan.phase",
  "plan.owner",
  "plan.status",
  "plan.dependencies",
  "plan.moved",
  "plan.custom-edited",
] as const;

/**
 * Someone else's change, in the words the plan pages use, not the stored codes ("included",
 * "launch-blocker"). The owner is said too: a change of owner alone reprices the item (the founder's
 * team's work is not priced), and without it the summary read as if nothing had changed. Who made it
 * and when is said as the estimates table and the reviews say it; only a change made when the item
 * was last changed counts (`since`), so a plan update or logged hours, not on record per item, are
 * not blamed on whoever changed it before. With none on record it stays "Someone else".
 */
function conflictOf(
  now: PlanItem,
  outcome: string,
  { engagementId, userId }: { engagementId: string; userId: string },
): NonNullable<PlanActionResult["conflict"]> {
  // The activity's time is SQLite's clock in fractional milliseconds; the item's, Date.now() just
  // before it: a millisecond's slack keeps the change that set it.
  const change = lastItemChange({
    engagementId,
    itemId: now.id,
    kinds: ITEM_PAGE_KINDS,
    since: now.updatedAt - 1,
  });
  const title = `“${now.title}”`;
  const who = !change
    ? `Someone else changed ${title} while you were editing`
    : change.userId === userId
      ? `You changed ${title} in another tab or window on ${formatDateTime(change.at)}`
      : `${change.byName || "Someone else"} changed ${title} on ${formatDateTime(change.at)}, while you were editing`;
  return {
    title: now.title,
    version: now.version,
    message: `${who} (now: ${SCOPE_LABELS[now.scope]}, ${PHASE_LABELS[now.phase]}, ${OWNER_LABELS[now.owner]}, ${estimateInWords(now)}). ${outcome.trim()}`,
  };
}

// ---------------------------------------------------------------------------------------------
// Estimates of many items, edited in one table (plan/estimates): one version per row, one reason.

const EstimatesSchema = z.object({ reason: estimateReason("Say briefly why the estimates changed.") });

/** The table's columns, as its field names start: `o.<id>`, `m.<id>`, `p.<id>`. */
type EstimateColumn = "o" | "m" | "p";
const COLUMN_OF: Record<string, EstimateColumn | undefined> = {
  optimistic: "o",
  likely: "m",
  pessimistic: "p",
};

export type EstimatesActionResult = {
  ok: boolean;
  /** per item: what is wrong with its three numbers, and which of them (o, m or p) to mark */
  rowErrors?: Record<string, { message: string; field: EstimateColumn }>;
  /** per item: figures that look like a typo, saved only once the row's tick (`ok.<id>`) says so */
  rowQuestions?: Record<string, EstimateQuestion>;
  fieldErrors?: Record<string, string[]>;
  /** rows someone else changed since the table was read: who changed them to what, and what was typed */
  stale?: Array<{ id: string; title: string; changed: string; entered: string }>;
  saved?: number;
  /** what was posted (rows at the versions they were read, and the reason), to show again */
  values?: Record<string, string>;
};

/** The three numbers a row showed, "o,m,p" as the table wrote them. */
const ShownEstimate = z
  .string()
  .transform((s) => s.split(",").map(Number))
  .pipe(z.tuple([z.number().finite(), z.number().finite(), z.number().finite()]));

/** null when absent or garbled: then the row is compared with the plan as it is now. */
function shownEstimate(value: FormDataEntryValue | null): [number, number, number] | null {
  const parsed = ShownEstimate.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/**
 * Rows arrive as `o.<id>`, `m.<id>`, `p.<id>`, `v.<id>` (version) and `was.<id>` (the numbers the
 * row showed); only rows whose numbers differ from what they showed are changes. Nothing is saved
 * while any row or the reason is invalid, or a row's figures wait for a second look (its tick
 * `ok.<id>`), so the page can show every problem with what was typed.
 */
export async function handleEstimatesAction({
  formData,
  engagement,
  user,
  role,
}: {
  formData: FormData;
  engagement: Engagement;
  user: User;
  role: Role;
}) {
  if (!can(role, "editPlan"))
    throw new Response("Your role on this project cannot do that.", { status: 403 });
  const state = await getPlanState({ engagement });
  const rowErrors: NonNullable<EstimatesActionResult["rowErrors"]> = Object.create(null);
  const rowQuestions: NonNullable<EstimatesActionResult["rowQuestions"]> = Object.create(null);
  const edits: EstimateEdit[] = [];
  for (const item of state.items) {
    const raw = ["o", "m", "p"].map((k) => formData.get(`${k}.${item.id}`));
    if (raw.every((v) => v === null)) continue;
    const parsed = EstimateFields.safeParse({ optimistic: raw[0], likely: raw[1], pessimistic: raw[2] });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      rowErrors[item.id] = {
        message: issue?.message ?? "Check these numbers.",
        field: COLUMN_OF[String(issue?.path[0])] ?? "o",
      };
      continue;
    }
    const e = parsed.data;
    // A row left as the table showed it (`was.<id>`, rounded as fieldHours) is not a change, even if
    // the plan changed since; without `was`, as the plan has it now.
    const shown = shownEstimate(formData.get(`was.${item.id}`)) ?? [
      fieldHours(item.optimistic),
      fieldHours(item.likely),
      fieldHours(item.pessimistic),
    ];
    if (e.optimistic === shown[0] && e.likely === shown[1] && e.pessimistic === shown[2]) continue;
    const version = Number(formData.get(`v.${item.id}`));
    // A row read at an older version is not asked about: it is named as changed by someone else.
    const question = version === item.version ? heldEstimate(formData, `ok.${item.id}`, e, item) : null;
    if (question) rowQuestions[item.id] = question;
    edits.push({ itemId: item.id, version: Number.isInteger(version) ? version : -1, estimate: e });
  }
  const reason = EstimatesSchema.safeParse({ reason: formData.get("reason") ?? undefined });
  // A row refused is a change too: ask for the reason now, not once the row is fixed.
  const changing = edits.length > 0 || Object.keys(rowErrors).length > 0;
  const fieldErrors: Record<string, string[]> =
    reason.success || !changing ? {} : { reason: reason.error.issues.map((i) => i.message) };
  const asks = Object.keys(rowQuestions).length > 0;
  if (Object.keys(rowErrors).length > 0 || Object.keys(fieldErrors).length > 0 || asks) {
    // The rows being changed as typed, with the version they were read at: sent again, a row
    // someone else changed in between is still caught rather than overwritten. The other rows show
    // what is stored.
    const values: Record<string, string> = Object.create(null);
    values.reason = String(formData.get("reason") ?? "");
    for (const id of [...Object.keys(rowErrors), ...edits.map((e) => e.itemId)])
      for (const k of ["o", "m", "p", "v", "was"])
        values[`${k}.${id}`] = String(formData.get(`${k}.${id}`) ?? "");
    return data<EstimatesActionResult>(
      { ok: false, rowErrors, fieldErrors, ...(asks ? { rowQuestions } : {}), values },
      { status: 400 },
    );
  }
  // Nothing to save: the plan page says so ("Nothing changed"), rather than coming back silently.
  if (edits.length === 0) return redirect(`/engagements/${engagement.id}/plan?estimates=0`);
  const { saved, stale } = await changeEstimates({
    engagementId: engagement.id,
    userId: user.id,
    reason: reason.success ? reason.data.reason : "",
    edits,
  });
  if (stale.length > 0) {
    // The rows show what is stored now (saved, or someone else's); the reason stays for another pass,
    // and what each refused row asked for is said beside it, to compare and type again.
    const values = { reason: String(formData.get("reason") ?? "") };
    const refused = stale.map((s) => ({
      id: s.id,
      title: s.title,
      changed: estimateChangedBy(s.now, s.lastChange, user.id),
      entered: enteredEstimate(s.entered),
    }));
    return data<EstimatesActionResult>(
      { ok: false, stale: refused, saved: saved.length, values },
      { status: 409 },
    );
  }
  return redirect(`/engagements/${engagement.id}/plan?estimates=${saved.length}`);
}
