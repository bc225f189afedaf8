import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useLocation,
  useNavigation,
  useSearchParams,
} from "@remix-run/react";
import { useState, type FormEvent } from "react";

import { BulkFlash } from "~/components/plan/bulk-flash";
import { BulkScopeControls, bulkQuestion } from "~/components/plan/bulk-scope-controls";
import { PlanList } from "~/components/plan/plan-list";
import { PlanTotalsCard } from "~/components/plan/plan-totals";
import { PHASE_LABELS } from "~/engine/plan-types";
import { listMembers } from "~/models/membership.server";
import { requireMember } from "~/auth/membership.server";
import { can } from "~/auth/permissions";
import { handlePlanAction } from "~/plan/plan-actions.server";
import { bulkMessages } from "~/plan/bulk-change.server";
import { orderNotice } from "~/plan/order-warnings";
import { loadPlanPage, planView } from "~/plan/plan-view.server";
import { aboutHours } from "~/utils/format";
import { engagementTitle, type EngagementMatches } from "~/utils/page-title";

export const meta: MetaFunction<typeof loader, EngagementMatches> = (args) => engagementTitle(args, "Plan");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { engagement, role, user } = await requireMember({ request, context }, params.id);
  const [{ state, comments, tracking, agreed }, members] = await Promise.all([
    loadPlanPage({ engagement, agreement: true }),
    listMembers({ engagementId: engagement.id }),
  ]);
  const url = new URL(request.url);
  const moved = url.searchParams.get("moved");
  const added = url.searchParams.get("added");
  const { bulk, undoText } = await bulkMessages({
    url,
    engagementId: engagement.id,
    userId: user.id,
    items: state.items,
  });
  return {
    // After a bulk change: its items by name, and its undo (for who may still edit the plan).
    bulk: bulk && can(role, "editPlan") ? bulk : null,
    undoText,
    // After a row was moved: whether that put an item above what it waits for (the plan as it is now).
    orderNotice: moved ? orderNotice(state.items, moved) : null,
    // After a custom item was added: its title, if it is still there.
    addedTitle: added ? (state.items.find((i) => i.id === added)?.title ?? null) : null,
    engagementId: engagement.id,
    canEdit: can(role, "editPlan"),
    canAnswer: can(role, "answer"),
    // A founder without a partner yet is told who creates the plan, and where to invite them.
    invitePartner: can(role, "manageMembers") && !members.some((m) => m.role === "partner"),
    answered: state.assessment.completion.answered > 0,
    percentiles: role === "partner",
    tracking,
    ...planView({ state, comments, tracking, agreed }),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { engagement, user, role } = await requireMember({ request, context }, params.id);
  return handlePlanAction({ request, formData: await request.formData(), engagement, user, role });
}

export default function Plan() {
  const view = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const location = useLocation();
  const busy = useNavigation().state !== "idle";
  const { pending } = view;
  // The rows ticked for the bulk form, as "<item>:<version>"; only rows still shown at that version
  // count (a saved change moves the version on, which unticks the row).
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const shown = new Set(view.groups.flatMap((g) => g.items.map((i) => `${i.id}:${i.version}`)));
  const ticked = new Set([...selected].filter((v) => shown.has(v)));
  // What a refused bulk change posted: a page rendered without JavaScript starts from it.
  const typed = actionData?.values?.intent === "bulk-scope" ? actionData.values : undefined;
  // The bulk form's target; ticking a row means "these", until a phase or area is chosen again.
  const [target, setTarget] = useState(typed?.target ?? "ticked");
  // A change of more than a few items asks first ("Exclude all 28 Launch minimum items?"); without
  // JavaScript it goes ahead, and the page after it offers Undo either way.
  const onBulkSubmit = (event: FormEvent<HTMLFormElement>) => {
    const button = (event.nativeEvent as SubmitEvent).submitter;
    if (button instanceof HTMLButtonElement && button.name === "scope") {
      const scopes = new Map(
        view.groups.flatMap((g) => g.items.map((i) => [`${i.id}:${i.version}`, i.scope])),
      );
      const question = bulkQuestion({
        scope: button.value,
        target,
        targets: view.bulkTargets,
        tickedScopes: [...ticked].map((t) => scopes.get(t) ?? ""),
      });
      if (question && !window.confirm(question)) {
        event.preventDefault();
        return;
      }
    }
    setSelected(new Set());
  };
  const onTick = (value: string, on: boolean) => {
    if (on) setTarget("ticked");
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(value);
      else next.delete(value);
      return next;
    });
  };

  if (!view.hasPlan) {
    return (
      <div className="stack-lg">
        <section className="card stack">
          <h2>Work plan</h2>
          {view.preview.length === 0 ? (
            <>
              <p className="muted">
                The plan is built from the assessment: every answer that shows a gap adds the work that closes
                it. {view.answered ? "The answers so far call for no work." : "There are no answers yet."}
              </p>
              <p className="form-actions">
                <Link to="../assess" relative="path" className="button button--primary">
                  {view.canAnswer ? "Answer the assessment" : "See the assessment"}
                </Link>
                {/* A plan may start from the partner's own work: not a dead end (QA 7, finding 14). */}
                {view.canEdit ? (
                  <Link to="new" className="button button--secondary">
                    Add a custom item
                  </Link>
                ) : null}
              </p>
            </>
          ) : (
            <>
              <p className="muted">
                {/* What the results page counts beyond the preview, at its worst case, so the two
                    pages' numbers agree. */}
                The assessment found {view.preview.length} tasks.{" "}
                {view.totals.open.tasks > 0
                  ? `The results page also counts ${view.totals.open.tasks} ${view.totals.open.tasks === 1 ? "task" : "tasks"} that the ${view.totals.open.questions} ${view.totals.open.questions === 1 ? "question" : "questions"} still open could call for, at their worst case; they join the plan once those questions are answered. `
                  : ""}
                {view.canEdit
                  ? "Create the plan to shape it: include, defer or exclude items, adjust estimates and order, and add your own."
                  : "Your engineering partner turns them into the agreed plan: they create it here, shape it, and publish a proposal for your sign-off."}
              </p>
              {view.invitePartner ? (
                <p>
                  <Link to="../members#invite" relative="path" className="button button--primary">
                    Invite your engineering partner
                  </Link>
                </p>
              ) : null}
            </>
          )}
          {view.canEdit && view.preview.length > 0 ? (
            <Form method="post">
              <input type="hidden" name="intent" value="generate" />
              <button type="submit" className="button button--primary" disabled={busy}>
                Create the plan from the assessment
              </button>
            </Form>
          ) : null}
        </section>
        {view.preview.length > 0 ? (
          <section className="card">
            <h3>Tasks the assessment suggests</h3>
            <ul className="preview-list">
              {view.preview.map((t) => (
                <li key={t.id}>
                  {t.title}{" "}
                  <span className="muted small">
                    · {t.area} · {PHASE_LABELS[t.phase]} · {aboutHours(t.mean)}
                  </span>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </div>
    );
  }

  // The bulk form shows its own field errors; anything else (a dragged move refused) shows here.
  const { target: _target, scopeReason: _reason, ...otherErrors } = actionData?.fieldErrors ?? {};
  const topError = actionData?.message ?? Object.values(otherErrors)[0]?.[0];
  const list = <PlanList groups={view.groups} canEdit={view.canEdit} ticked={ticked} onTick={onTick} />;
  const changed = params.get("changed");
  const skipped = Number(params.get("skipped") ?? 0);
  const estimates = params.get("estimates");
  return (
    <div className="stack-lg">
      {params.has("created") ? (
        <div className="alert alert--ok" role="status">
          The plan is ready: every task the assessment found is in scope. Defer or exclude what can wait, and
          adjust estimates and order.
        </div>
      ) : null}
      {params.has("updated") ? (
        <div className="alert alert--ok" role="status">
          The plan now follows the latest answers. New items are marked “Proposed”: include or exclude them.
        </div>
      ) : null}
      <BulkFlash
        bulk={view.bulk}
        changed={changed}
        skipped={skipped}
        undoText={view.undoText}
        undoKept={params.has("kept")}
      />
      {view.orderNotice ? (
        <div className="alert alert--warn" role="status">
          {view.orderNotice}
        </div>
      ) : null}
      {view.addedTitle ? (
        <div className="alert alert--ok" role="status">
          Added “{view.addedTitle}” to the plan.
        </div>
      ) : null}
      {params.has("deleted") ? (
        <div className="alert alert--ok" role="status">
          The item was deleted.
        </div>
      ) : null}
      {estimates !== null ? (
        <div className="alert alert--ok" role="status">
          {/* A table sent back as it was shown is said so, rather than the page just coming back. */}
          {estimates === "0"
            ? "Nothing changed: every estimate in the table was as the plan has it, so nothing was saved."
            : estimates === "1"
              ? "1 estimate saved."
              : `${estimates} estimates saved.`}
        </div>
      ) : null}
      {actionData?.conflict ? (
        <div className="alert alert--error" role="alert">
          {actionData.conflict.message}
        </div>
      ) : null}
      {/* A refusal about the whole plan (an update past the item budget) or a dragged move. */}
      {topError ? (
        <div className="alert alert--error" role="alert">
          {topError}
        </div>
      ) : null}
      <PlanTotalsCard
        totals={view.totals}
        progress={view.progress}
        percentiles={view.percentiles}
        csvHref={`/engagements/${view.engagementId}/plan.csv`}
      />
      {pending.total > 0 ? (
        <div className="alert alert--info pending-banner">
          <p>
            The answers changed since the plan was last updated:{" "}
            {[
              pending.created ? `${pending.created} new ${pending.created === 1 ? "task" : "tasks"}` : null,
              pending.stale ? `${pending.stale} no longer needed` : null,
              pending.updated
                ? `${pending.updated} new ${pending.updated === 1 ? "estimate" : "estimates"}`
                : null,
              pending.back ? `${pending.back} needed again` : null,
            ]
              .filter(Boolean)
              .join(", ")}
            . Your manual edits are kept.
          </p>
          {view.canEdit ? (
            <Form method="post">
              <input type="hidden" name="intent" value="generate" />
              <button type="submit" className="button button--secondary button--small" disabled={busy}>
                Update the plan
              </button>
            </Form>
          ) : null}
        </div>
      ) : null}
      {view.canEdit ? (
        // One form: the bulk controls and the list whose rows they tick.
        <Form
          method="post"
          aria-label="Plan items"
          className="stack-lg"
          preventScrollReset
          onSubmit={onBulkSubmit}
        >
          <div className="plan-tools">
            <BulkScopeControls
              // A new page after each saved change (its redirect), so the reason typed for one change
              // is not posted again, unseen, with the next; a refused change keeps it (same page).
              key={location.key}
              targets={view.bulkTargets}
              ticked={ticked.size}
              target={target}
              onTarget={setTarget}
              errors={actionData?.fieldErrors}
              typedReason={typed?.scopeReason}
            />
            <p className="small muted">
              Tick items, then include, defer or exclude them here; open an item to change it alone or to move
              it to a position, or drag it to reorder. <Link to="estimates">Edit estimates in a table</Link> ·{" "}
              <Link to="new">Add a custom item</Link>
            </p>
          </div>
          {list}
        </Form>
      ) : (
        list
      )}
      <p className="muted small">
        <Link to="../proposals" relative="path">
          Proposals
        </Link>{" "}
        are published from this plan.
      </p>
    </div>
  );
}

export { TabError as ErrorBoundary, tabHeaders as headers } from "~/components/tab-error";
