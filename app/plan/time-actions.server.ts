// The item page's time forms (decision 042): log an entry, correct one in place, remove one. Their
// schemas join the plan's form union in plan-actions.server.ts, which checks the role first
// (`logHours`) and hands the parsed input here.
import { data, redirect } from "@remix-run/node";
import { z } from "zod";

import type { Engagement } from "~/models/engagement.server";
import { listProposals } from "~/models/proposal.server";
import {
  correctedHours,
  deleteTimeEntry,
  editTimeEntry,
  getTimeEntry,
  logTime,
  type EntryChange,
  type LogConflict,
} from "~/models/time-entries.server";
import type { User } from "~/models/user.server";
import { tracksProgress } from "~/engine/tracking";
import { SCOPE_LABELS, type Scope } from "~/engine/plan-types";
import { calendarDay, formatDay, isCalendarDay } from "~/utils/calendar-day";
import { formatDateTime } from "~/utils/format";
import { decimal } from "~/utils/forms.server";
import { oneLine } from "~/utils/plain-text";

import type { PlanActionResult } from "./plan-actions.server";
import { agreedSnapshot } from "./plan-view.server";
import { hoursText } from "./time-report";

const ItemRef = { itemId: z.string().min(1).max(40), version: z.number().int().min(0) };

const HOURS_MESSAGE = "Enter hours as a number, like 1.5 or 2.25.";
const DAY_LONG = "A day has 24 hours: log each day on its own.";

/**
 * Hours as people type them: "1,5" (a decimal comma) and "1:30" (hours and minutes) read as 1.5. A
 * comma before three digits is a thousands separator, not a decimal one, so it is left to be refused.
 * Minutes off the quarter hour come out to two places ("1:20" as 1.33) for the quarter-hour message.
 */
export function typedHours(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const typed = value.trim();
  const comma = /^(\d+),(\d{1,2})$/.exec(typed);
  if (comma) return `${comma[1]}.${comma[2]}`;
  const clock = /^(\d{1,3}):([0-5]\d)$/.exec(typed);
  if (clock) return String(Math.round((Number(clock[1]) + Number(clock[2]) / 60) * 100) / 100);
  return typed;
}

/** What an entry says, the same rules when it is logged and when it is corrected. */
const TimeFields = {
  day: z
    .string({ required_error: "Enter the day you did the work." })
    .refine(isCalendarDay, "Enter a date, like 2026-12-03.")
    // A day ahead of UTC is today somewhere; two days ahead is a typo.
    .refine((day) => day <= calendarDay(1), "That day hasn't come yet: log time once it's done.")
    .refine((day) => day >= "2000-01-01", "Enter a date from this century."),
  hours: z.preprocess(
    typedHours,
    decimal({
      message: HOURS_MESSAGE,
      min: [0.25, "Log at least a quarter of an hour."],
      max: [24, DAY_LONG],
      places: 2,
    }).refine((h) => Number.isInteger(h * 4), "Log time in quarter hours, like 1.25 or 1.5."),
  ),
  note: oneLine(z.string().max(200, "Keep the note to 200 characters or fewer."), "the note").default(""),
};

const EntryId = z.string().min(1).max(40);

/** What a correction or removal form showed of its entry (entryShown): required, so both are checked. */
const Shown = z
  .string({ required_error: "This page is out of date: reload it." })
  .regex(/^[0-9a-f]{16}$/, "This page is out of date: reload it.");

/**
 * A removal's button: "<entry id>:<what the page showed of it>". The Remove buttons share one form
 * (issue 14), so each says in its one value which entry, and as it was shown.
 */
const RemovedEntry = z
  .string()
  .max(80)
  .transform((value, ctx) => {
    const at = value.lastIndexOf(":");
    const id = EntryId.safeParse(value.slice(0, Math.max(at, 0)));
    const shown = Shown.safeParse(value.slice(at + 1));
    if (at < 0 || !id.success || !shown.success) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "This page is out of date: reload it." });
      return z.NEVER;
    }
    return { id: id.data, shown: shown.data };
  });

/**
 * A correction's hours: read as a number here, held to logging's rules (a quarter hour at least, 24 at
 * most, in quarters) only when they change (`hoursRefused`, in the model's transaction). An entry from
 * before dated entries may hold 37.5 h or 1.1 h (migration 0021; an import takes up to 100,000), and
 * its day or note can be put right with its hours as they are.
 */
const CorrectedHours = z.preprocess(
  typedHours,
  decimal({
    message: HOURS_MESSAGE,
    min: [0.01, "Log at least a quarter of an hour."],
    max: [100_000, DAY_LONG],
    places: 2,
  }),
);

/** Logging's rule for hours, read from its one schema: the first message it gives, or null. */
function hoursRefused(hours: number): string | null {
  const read = TimeFields.hours.safeParse(String(hours));
  return read.success ? null : read.error.issues[0]!.message;
}

export const TimeActionSchemas = [
  z.object({
    intent: z.literal("log-time"),
    ...ItemRef,
    ...TimeFields,
    // When the page drew the form: only what changed on the item since then can refuse the entry.
    shownAt: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  }),
  z.object({
    intent: z.literal("edit-time"),
    itemId: ItemRef.itemId,
    entryId: EntryId,
    // What the form showed of the entry: only a change to it since refuses the correction, not one
    // to the item (a status, an estimate, another entry). Required (a post without it, `refusedTimeForm`).
    shown: Shown,
    ...TimeFields,
    hours: CorrectedHours,
  }),
  z.object({
    intent: z.literal("delete-time"),
    // Which entry, as the confirmation showed it: required, so a removal is always checked against
    // what the page showed (a post without it is refused, `refusedTimeForm`).
    entry: RemovedEntry,
    // The item page it was removed from, to go back to when the entry is already gone.
    itemId: z.string().min(1).max(40).optional(),
  }),
] as const;

export type TimeActionInput = z.infer<(typeof TimeActionSchemas)[number]>;
export const TIME_INTENTS = ["log-time", "edit-time", "delete-time"] as const;

/** A removal the schema refused: no entry as shown, or junk. Said in the Time spent card, nothing removed. */
const REMOVAL_UNREADABLE = "This page is out of date: reload it and remove the entry again.";

/** A correction posted without what its form showed of the entry (a page from before it was sent). */
const CORRECTION_UNREADABLE =
  "This page is out of date, so your correction was not saved: reload it and correct the entry again.";

/**
 * What a time form the schema refused says besides its field errors (`fieldErrors`, keyed by field).
 *
 * - A removal carries no field the partner typed, so a field error on it would show nowhere (the item
 *   page shows a time form's refusal by its message): it gets a message, said in the Time spent card.
 *   So does a correction without what its form showed of the entry (`shown`), what was typed kept.
 * - A correction refused on its day or note is also held to the hours rule that applies only when the
 *   hours change (`hoursRefused`, otherwise checked in the model once the rest is valid), so every
 *   field that is wrong is said in one response rather than the hours only after the day is put right.
 */
export async function refusedTimeForm({
  engagementId,
  values,
  fieldErrors,
}: {
  engagementId: string;
  values: Record<string, string>;
  fieldErrors: Record<string, string[]>;
}): Promise<Pick<PlanActionResult, "message" | "fieldErrors">> {
  if (values.intent === "delete-time") return { message: REMOVAL_UNREADABLE, fieldErrors };
  if (values.intent === "edit-time" && fieldErrors.shown)
    return { message: CORRECTION_UNREADABLE, fieldErrors };
  if (values.intent !== "edit-time" || fieldErrors.hours || fieldErrors.form) return { fieldErrors };
  const posted = CorrectedHours.safeParse(values.hours ?? "");
  const { itemId, entryId } = values;
  if (!posted.success || !itemId || !entryId || itemId.length > 40 || entryId.length > 40)
    return { fieldErrors };
  const entry = await getTimeEntry({ engagementId, itemId, entryId });
  if (!entry) return { fieldErrors };
  const hours = correctedHours(entry.hours, posted.data);
  const refused = hours === entry.hours ? null : hoursRefused(hours);
  return { fieldErrors: refused ? { ...fieldErrors, hours: [refused] } : fieldErrors };
}

/**
 * Why time was not logged, naming who did what since the page was loaded: time logged on the item
 * (maybe this very form, sent twice), or the item set out of scope or off till later.
 */
function logRefusal(conflict: LogConflict, userId: string): string {
  const { loggedSince: logged, scopeSince: scoped } = conflict;
  if (logged)
    return `${whoDid(logged, userId)} logged ${hoursText(logged.hours)} on this item for ${formatDay(logged.day)} (${formatDateTime(logged.at)}), after this page was loaded, so this time was not logged: check its entries below (a form sent twice is logged once), and log it again if it is missing.`;
  if (scoped)
    return `${whoDid(scoped, userId)} set this item to “${SCOPE_LABELS[scoped.scope as Scope] ?? scoped.scope}” (${formatDateTime(scoped.at)}), after this page was loaded, so the time was not logged. If the work was done all the same, log it again.`;
  return "This item changed since the page was loaded, so the time was not logged: check its entries below (a form sent twice is logged once), and log it again if it is missing.";
}

type Who = { userId: string | null; byName: string | null };

/** "You" for the one reading, else the name, or "Someone" once their account is anonymised or gone. */
function whoDid(c: Who, userId: string): string {
  return c.userId === userId ? "You" : c.byName || "Someone";
}

/** "2.5 h on 3 Dec 2026, noted “Wired the alerts”": an entry as it is now, its note included. */
function entryText(e: Pick<EntryChange, "hours" | "day" | "note">): string {
  return `${hoursText(e.hours)} on ${formatDay(e.day)}, ${e.note ? `noted “${e.note}”` : "with no note"}`;
}

/** Who corrected the entry to what, and when, after the form showed it: why `action` was not done. */
function changedRefusal(now: EntryChange, userId: string, action: string, then: string): string {
  const changed = now.corrected
    ? `${whoDid(now.corrected, userId)} corrected this entry to ${entryText(now)} (${formatDateTime(now.corrected.at)})`
    : `This entry now reads ${entryText(now)}`;
  return `${changed}, after this page was loaded, so ${action}: ${then}`;
}

function fail(status: number, body: PlanActionResult) {
  return data(body, { status });
}

export async function handleTimeAction({
  input,
  engagement,
  user,
  values,
  returnTo,
}: {
  input: TimeActionInput;
  engagement: Engagement;
  user: User;
  /** what the form posted, for a refused one to show again */
  values: Record<string, string>;
  returnTo: "plan" | "item";
}) {
  const base = `/engagements/${engagement.id}/plan`;
  const back = (itemId: string) => (returnTo === "item" ? `${base}/${itemId}` : `${base}#item-${itemId}`);

  if (input.intent === "log-time") {
    const versions = await listProposals({ engagementId: engagement.id });
    if (!tracksProgress(versions))
      return fail(400, {
        ok: false,
        message: "Progress is tracked once the founder accepts a proposal.",
        values,
      });
    // Billed as the version agreed now says: its rate, its currency, its owner of the item.
    const agreed = (await agreedSnapshot(engagement.id, versions))!;
    const logged = await logTime({
      engagementId: engagement.id,
      userId: user.id,
      itemId: input.itemId,
      version: input.version,
      day: input.day,
      hours: input.hours,
      note: input.note.trim(),
      agreement: {
        rate: agreed.settings.hourlyRate,
        currency: agreed.settings.currency,
        owners: new Map(agreed.items.map((i) => [i.id, i.owner])),
      },
      firstDay: calendarDay(-365, engagement.createdAt),
      shownAt: input.shownAt,
    });
    if (!logged.ok && logged.reason === "not-found") throw new Response("Not found", { status: 404 });
    if (!logged.ok && logged.reason === "full")
      return fail(400, { ok: false, message: logged.message, values });
    // The day's other entries, or a day long before the project: said on the field, what was typed kept.
    if (!logged.ok && (logged.reason === "hours" || logged.reason === "day"))
      return fail(400, { ok: false, fieldErrors: { [logged.reason]: [logged.message] }, values });
    if (!logged.ok && logged.reason === "conflict")
      return fail(409, { ok: false, message: logRefusal(logged, user.id), values });
    if (!logged.ok) return fail(400, { ok: false, message: logged.message, values });
    return redirect(
      returnTo === "item" ? `${base}/${input.itemId}?logged=1#time-heading` : back(input.itemId),
    );
  }

  if (input.intent === "edit-time") {
    // Day, hours and note only: the entry keeps the rate it was logged at (decision 042).
    const edited = await editTimeEntry({
      engagementId: engagement.id,
      itemId: input.itemId,
      entryId: input.entryId,
      userId: user.id,
      shown: input.shown,
      day: input.day,
      hours: input.hours,
      note: input.note.trim(),
      hoursRefused,
      firstDay: calendarDay(-365, engagement.createdAt),
    });
    // Another item's entry in this engagement (one of another engagement reads as removed).
    if (!edited.ok && edited.reason === "not-found") throw new Response("Not found", { status: 404 });
    // Removed while the form was open (another tab, another partner): said on the item's page, with
    // what was typed in its Log time form, to log again if it is still wanted.
    if (!edited.ok && edited.reason === "removed") {
      const by = edited.by
        ? `${whoDid(edited.by, user.id)} removed this entry (${formatDateTime(edited.by.at)})`
        : "Someone removed this entry";
      return fail(409, {
        ok: false,
        message: `${by} while you were correcting it. What you typed is in Log time below, to log it again if it is still needed.`,
        values,
      });
    }
    // Corrected by someone else (or in another tab) since the form showed it: what was typed stays in
    // the form, beside what the entry says now, to save again if it is still right.
    if (!edited.ok && edited.reason === "conflict")
      return fail(409, {
        ok: false,
        message: changedRefusal(
          edited.now,
          user.id,
          "your correction was not saved",
          "what you typed is still in the form; save it again if it is still right.",
        ),
        values,
      });
    // The hours or the day refused by logging's rules: said on the field, what was typed kept.
    if (!edited.ok)
      return fail(400, { ok: false, fieldErrors: { [edited.reason]: [edited.message] }, values });
    return redirect(`${base}/${input.itemId}#time-heading`);
  }

  const removed = await deleteTimeEntry({
    engagementId: engagement.id,
    entryId: input.entry.id,
    userId: user.id,
    shown: input.entry.shown,
  });
  // The entry changed since the confirmation named it: what they would remove is not what they read.
  if (!removed.ok && removed.reason === "conflict")
    return fail(409, {
      ok: false,
      message: changedRefusal(
        removed.now,
        user.id,
        "it was not removed",
        "check it below and remove it again if it is still wrong.",
      ),
      values,
    });
  // Already removed (a second click, another tab): nothing to do; back to the item it was on.
  const itemId = removed.ok ? removed.itemId : input.itemId;
  return redirect(returnTo === "item" && itemId ? `${base}/${itemId}#time-heading` : `${base}/time`);
}
