import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";

import { CommentThread } from "~/components/comment-thread";
import { CustomItemDetails } from "~/components/plan/custom-item-details";
import { ItemArrangeCard } from "~/components/plan/item-arrange-card";
import { ItemDrafts } from "~/components/plan/item-drafts";
import { ItemEstimateForm } from "~/components/plan/item-estimate-form";
import { ItemProgressForm } from "~/components/plan/item-progress-form";
import { TimeLog } from "~/components/plan/time-log";
import { ScopeForm } from "~/components/plan/scope-form";
import { OWNER_LABELS, PHASE_LABELS, SCOPE_LABELS, STATUS_LABELS } from "~/engine/plan-types";
import { aboutHours, fieldHours, formatDateTime, formatRate } from "~/utils/format";
import { loggedAgainstEstimate } from "~/engine/tracking";
import { itemHoursWords } from "~/plan/progress-words";
import { correctedText, hoursText, round2 } from "~/plan/time-report";
import { notFound, requireMember } from "~/auth/membership.server";
import { can } from "~/auth/permissions";
import { isPlanItemOf, proposalsWithItem } from "~/models/plan.server";
import { entryShown, listTimeEntries } from "~/models/time-entries.server";
import { calendarDay, formatDay } from "~/utils/calendar-day";
import { handlePlanAction, SAVED_FORMS } from "~/plan/plan-actions.server";
import { orderNotice } from "~/plan/order-warnings";
import { areaTitles, itemView, loadPlanPage } from "~/plan/plan-view.server";
import { engagementTitle, type EngagementMatches } from "~/utils/page-title";
import { ITEM_GONE } from "~/utils/gone";

export const meta: MetaFunction<typeof loader, EngagementMatches> = (args) =>
  engagementTitle(args, args.data?.item.title, "Plan");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { engagement, role } = await requireMember({ request, context }, params.id);
  // Before the item is read: time logged from here on may not be on the page (the log form says it).
  const shownAt = Date.now();
  const { state, comments, tracking, agreed } = await loadPlanPage({ engagement, agreement: true });
  const item = state.items.find((i) => i.id === params.itemId);
  if (!item) throw notFound(ITEM_GONE);
  const byId = new Map(state.items.map((i) => [i.id, i]));
  const titles = areaTitles(state);
  const task = item.taskId ? state.content.tasksById.get(item.taskId) : undefined;
  const view = itemView(item, titles, byId);
  return {
    item: view,
    task: task
      ? {
          description: task.description,
          deliverables: task.deliverables,
          acceptance: task.acceptance,
          skills: task.skills,
        }
      : null,
    others: state.items
      .filter((i) => i.id !== item.id)
      .map((i) => ({ id: i.id, title: i.title, phase: i.phase, area: titles[i.area] ?? i.area })),
    // Whether it sits above what it waits for, or items that wait for it sit above it.
    orderNotice: orderNotice(state.items, item.id),
    // Where the item stands in its phase, for "Move to position".
    place: {
      position: state.items.filter((i) => i.phase === item.phase).findIndex((i) => i.id === item.id) + 1,
      of: state.items.filter((i) => i.phase === item.phase).length,
    },
    comments: comments
      .filter((c) => c.targetType === "plan-item" && c.targetId === item.id)
      .map((c) => ({
        id: c.id,
        body: c.body,
        authorName: c.authorName,
        createdAt: formatDateTime(c.createdAt),
      })),
    canEdit: can(role, "editPlan"),
    canTrack: can(role, "trackProgress") && tracking,
    canLogHours: can(role, "logHours"),
    // Once tracking starts (an accepted version), the time logged on it, a dated entry each, and the
    // entry being corrected (`?edit=<entry>`, the partner's Edit link): one of this item's, else none.
    time: tracking
      ? await timeOn(
          shownAt,
          engagement.id,
          item,
          can(role, "logHours") ? new URL(request.url).searchParams.get("edit") : null,
        )
      : null,
    // The hours logged against the estimate the accepted version agreed (the plan's, for an item
    // added since), flagged past its worst case.
    hours:
      tracking && (item.actualHours ?? 0) > 0 ? itemHoursWords(loggedAgainstEstimate(view, agreed)) : null,
    // Only a custom item can be deleted, and only while no published proposal holds it.
    publishedIn:
      item.taskId === null && can(role, "editPlan")
        ? await proposalsWithItem({ engagementId: engagement.id, itemId: item.id })
        : [],
    // Which form just saved (the action's redirect says), for "Saved." beside its button.
    saved: z.enum(SAVED_FORMS).nullable().catch(null).parse(new URL(request.url).searchParams.get("saved")),
  };
}

/** The time logged on the item, a dated entry each (decision 042), newest day first. */
async function timeOn(
  shownAt: number,
  engagementId: string,
  item: { id: string; actualHours: number | null },
  edit: string | null,
) {
  const entries = await listTimeEntries({ engagementId, itemId: item.id });
  return {
    entries: entries.map((e) => ({
      id: e.id,
      day: formatDay(e.day),
      hours: hoursText(e.hours),
      note: e.note,
      by: e.byName || "Someone",
      corrected: correctedText(e.corrected && { by: e.corrected.byName, at: e.corrected.at }),
      // As the correction form starts: what the entry says, and the price it keeps.
      dayValue: e.day,
      hoursValue: String(round2(e.hours)),
      shown: entryShown(e),
      price: e.billable ? `${formatRate(e.rate, e.currency)} an hour` : null,
    })),
    editing: edit !== null && entries.some((e) => e.id === edit) ? edit : null,
    // An Edit link to an entry not on this item: removed since (another tab, another partner), or never its.
    editGone: edit !== null && !entries.some((e) => e.id === edit),
    lastLogged:
      entries.reduce<{ id: string; at: number } | null>(
        (newest, e) => (newest && newest.at >= e.createdAt ? newest : { id: e.id, at: e.createdAt }),
        null,
      )?.id ?? null,
    total: item.actualHours === null ? null : hoursText(item.actualHours),
    shownAt,
    today: calendarDay(),
    // A day ahead of UTC is today somewhere; the action takes it too.
    latest: calendarDay(1),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { engagement, user, role } = await requireMember({ request, context }, params.id);
  // A page that is not there answers 404 to a post too: the form's own checks would refuse it with
  // 400, and the page drawn after it (the loader's 404) would not match that status.
  if (!isPlanItemOf({ engagementId: engagement.id, itemId: params.itemId ?? "" })) throw notFound(ITEM_GONE);
  return handlePlanAction({
    request,
    formData: await request.formData(),
    engagement,
    user,
    role,
    returnTo: "item",
  });
}

export default function PlanItemPage() {
  const {
    item,
    task,
    others,
    place,
    orderNotice: order,
    comments,
    canEdit,
    canTrack,
    canLogHours,
    time,
    hours,
    publishedIn,
    saved: savedForm,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.fieldErrors ?? {};
  // What the refused form posted (each form sends its intent), for that form to show again.
  const typed = (intent: string) => (actionData?.values?.intent === intent ? actionData.values : undefined);
  // A "Saved." from an earlier save is no longer news once a form was refused.
  const saved = actionData ? null : savedForm;
  // A refused correction or removal is said in the Time spent card, where the partner is, not at the
  // top of a long page (without JavaScript the page opens at the row being corrected).
  const timeIntent = actionData?.values?.intent;
  const timeRefusal =
    timeIntent === "edit-time" || timeIntent === "delete-time" ? actionData?.message : undefined;
  const chosen = new Set(actionData?.dependsOn ?? item.dependsOn.map((d) => d.id));
  return (
    // Each card saves on its own; what is typed in one survives the others' saves, and leaving the
    // page with typed, unsaved input asks first.
    <ItemDrafts>
      <div className="stack-lg item-page">
        <p className="breadcrumb">
          <Link to=".." relative="path">
            Plan
          </Link>
        </p>
        <header>
          <h2>{item.title}</h2>
          <p className="meta-row">
            <span className="badge">{SCOPE_LABELS[item.scope]}</span>
            <span>{item.areaTitle}</span>
            <span>{PHASE_LABELS[item.phase]}</span>
            <span>{OWNER_LABELS[item.owner]}</span>
            <span>{STATUS_LABELS[item.status]}</span>
          </p>
          {item.scopeReason ? <p className="muted">Why: {item.scopeReason}</p> : null}
        </header>
        {actionData?.conflict ? (
          <div className="alert alert--error stack" role="alert">
            <p>{actionData.conflict.message}</p>
            {actionData.conflict.entered ? (
              <blockquote className="conflict-entered">
                <p>
                  <strong>{actionData.conflict.entered.title}</strong>
                </p>
                {actionData.conflict.entered.description ? (
                  <p className="keep-lines">{actionData.conflict.entered.description}</p>
                ) : null}
              </blockquote>
            ) : null}
          </div>
        ) : null}
        {actionData?.message && !timeRefusal ? (
          <div className="alert alert--error" role="alert">
            {actionData.message}
          </div>
        ) : null}
        {task || item.description ? (
          <section className="card stack">
            {/* A custom item's description as typed: its lines kept, as the proposal and its PDF keep them. */}
            <p className="keep-lines">{item.description || task?.description}</p>
            {task ? (
              <div className="two-col">
                <div>
                  <h3>Deliverables</h3>
                  <ul>
                    {task.deliverables.map((d) => (
                      <li key={d}>{d}</li>
                    ))}
                  </ul>
                </div>
                <div>
                  <h3>Done when</h3>
                  <ul>
                    {task.acceptance.map((d) => (
                      <li key={d}>{d}</li>
                    ))}
                  </ul>
                </div>
              </div>
            ) : null}
          </section>
        ) : null}

        {canEdit && item.taskId === null ? (
          <CustomItemDetails
            item={item}
            publishedIn={publishedIn}
            errors={typed("details") ? errors : {}}
            typed={typed("details")}
            saved={saved}
          />
        ) : null}

        {canEdit ? <ScopeForm item={item} errors={errors} typed={typed("scope")} saved={saved} /> : null}

        <section className="card stack" aria-labelledby="estimate-heading" id="estimate">
          <h3 id="estimate-heading">Estimate</h3>
          <p>
            {/* As the fields below hold them, so the two never read differently. */}
            {fieldHours(item.estimate.optimistic)} / {fieldHours(item.estimate.likely)} /{" "}
            {fieldHours(item.estimate.pessimistic)} hours (optimistic / likely / pessimistic):{" "}
            <strong>{aboutHours(item.mean)} expected</strong>.
            {item.estimateReason ? (
              <span className="muted"> Changed because: {item.estimateReason}</span>
            ) : null}
          </p>
          <p className="muted small">
            Expected is (optimistic + 4 × likely + pessimistic) ÷ 6 = {fieldHours(item.mean)} h, which the
            plan list, Results and the PDFs round to {aboutHours(item.mean)}.
          </p>
          {canEdit ? (
            <ItemEstimateForm
              item={item}
              errors={errors}
              typed={typed("estimate")}
              question={actionData?.secondLook}
              saved={saved}
            />
          ) : null}
        </section>

        {canEdit ? (
          <ItemArrangeCard
            item={item}
            others={others}
            place={place}
            orderNotice={order}
            chosen={chosen}
            errors={errors}
            typedPosition={typed("move-to")?.position}
            saved={saved}
          />
        ) : null}

        {canTrack ? <ItemProgressForm item={item} typed={typed("status")} /> : null}
        {time ? (
          <TimeLog
            itemId={item.id}
            version={item.version}
            shownAt={time.shownAt}
            lastLogged={time.lastLogged}
            entries={time.entries}
            total={time.total}
            estimate={hours}
            canLog={canLogHours}
            today={time.today}
            latest={time.latest}
            errors={typed("log-time") ? errors : {}}
            typed={typed("log-time")}
            editing={typed("edit-time")?.entryId ?? time.editing}
            editGone={time.editGone}
            editErrors={typed("edit-time") ? errors : {}}
            editTyped={typed("edit-time")}
            refused={timeRefusal}
          />
        ) : null}

        <CommentThread
          comments={comments}
          fields={{ intent: "comment", itemId: item.id }}
          error={errors.body?.[0]}
          typed={typed("comment")?.body}
        />
      </div>
    </ItemDrafts>
  );
}

export { TabError as ErrorBoundary, tabHeaders as headers } from "~/components/tab-error";
