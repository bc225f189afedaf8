import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";

import { Field } from "~/components/field";
import { CustomItemForm } from "~/components/plan/custom-item-form";
import { PlanList } from "~/components/plan/plan-list";
import { PlanTotalsCard } from "~/components/plan/plan-totals";
import { PHASE_LABELS } from "~/engine/plan-types";
import { listMembers } from "~/models/membership.server";
import { requireMember } from "~/utils/membership.server";
import { can } from "~/utils/permissions";
import { handlePlanAction, type PlanActionResult } from "~/utils/plan-actions.server";
import { loadPlanPage, planView } from "~/utils/plan-view.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { engagement, role } = await requireMember({ request, context }, params.id);
  const [{ state, comments, tracking }, members] = await Promise.all([
    loadPlanPage({ engagement }),
    listMembers({ engagementId: engagement.id }),
  ]);
  return {
    engagementId: engagement.id,
    canEdit: can(role, "editPlan"),
    canAnswer: can(role, "answer"),
    // A founder without a partner yet is told who creates the plan, and where to invite them.
    invitePartner: can(role, "manageMembers") && !members.some((m) => m.role === "partner"),
    answered: state.assessment.completion.answered > 0,
    percentiles: role === "partner",
    tracking,
    ...planView({ state, comments, tracking }),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { engagement, user, role } = await requireMember({ request, context }, params.id);
  return handlePlanAction({ formData: await request.formData(), engagement, user, role });
}

function BulkScopeForm({
  targets,
  reasonErrors,
}: {
  targets: Array<{ value: string; label: string }>;
  reasonErrors?: string[];
}) {
  return (
    <Form method="post" className="card bulk-form" aria-label="Change many items at once">
      <input type="hidden" name="intent" value="bulk-scope" />
      <div className="field">
        <label htmlFor="bulk-target">Items</label>
        <select id="bulk-target" name="target">
          {targets.map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
        </select>
      </div>
      <Field
        label="Reason (shown on the proposal)"
        name="scopeReason"
        id="bulk-reason"
        type="text"
        maxLength={500}
        errors={reasonErrors}
        hint="Optional: why these items are left out or for later."
      />
      <div className="button-group">
        {(
          [
            ["included", "Include"],
            ["deferred", "Defer"],
            ["excluded", "Exclude"],
          ] as const
        ).map(([scope, label]) => (
          <button
            key={scope}
            type="submit"
            name="scope"
            value={scope}
            className="button button--secondary button--small"
          >
            {label}
          </button>
        ))}
      </div>
    </Form>
  );
}

export default function Plan() {
  const view = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as PlanActionResult | undefined;
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const { pending } = view;
  const pendingCount = pending.created + pending.updated + pending.stale + pending.back;

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
              <p>
                <Link to="../assess" relative="path" className="button button--primary">
                  {view.canAnswer ? "Answer the assessment" : "See the assessment"}
                </Link>
              </p>
            </>
          ) : (
            <>
              <p className="muted">
                The assessment found {view.preview.length} tasks.{" "}
                {view.canEdit
                  ? "Create the plan to shape it: include, defer or exclude items, adjust estimates and order, and add your own."
                  : "Your engineering partner turns them into the agreed plan: they create it here, shape it, and publish a proposal for your sign-off."}
              </p>
              {view.invitePartner ? (
                <p>
                  <Link to="../members" relative="path" className="button button--primary">
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
                    · {t.area} · {PHASE_LABELS[t.phase]} · about {Math.round(t.mean)} h
                  </span>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </div>
    );
  }

  const changed = params.get("changed");
  const estimates = params.get("estimates");
  return (
    <div className="stack-lg">
      {params.has("updated") ? (
        <div className="alert alert--ok" role="status">
          The plan now follows the latest answers. New items are marked “Proposed”: include or exclude them.
        </div>
      ) : null}
      {changed !== null ? (
        <div className="alert alert--ok" role="status">
          {changed === "1" ? "1 item changed." : `${changed} items changed.`}
        </div>
      ) : null}
      {estimates !== null ? (
        <div className="alert alert--ok" role="status">
          {estimates === "1" ? "1 estimate saved." : `${estimates} estimates saved.`}
        </div>
      ) : null}
      {actionData?.conflict ? (
        <div className="alert alert--error" role="alert">
          {actionData.conflict.message}
        </div>
      ) : null}
      {/* A refusal that is about the whole plan (an update past the item budget), not one row. */}
      {actionData?.message && !actionData.itemId ? (
        <div className="alert alert--error" role="alert">
          {actionData.message}
        </div>
      ) : null}
      {actionData?.fieldErrors?.target ? (
        <div className="alert alert--error" role="alert">
          {actionData.fieldErrors.target[0]}
        </div>
      ) : null}
      <PlanTotalsCard
        totals={view.totals}
        progress={view.progress}
        percentiles={view.percentiles}
        csvHref={`/engagements/${view.engagementId}/plan.csv`}
      />
      {pendingCount > 0 ? (
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
        <div className="plan-tools">
          <BulkScopeForm targets={view.bulkTargets} reasonErrors={actionData?.fieldErrors?.scopeReason} />
          <p className="small">
            <Link to="estimates">Edit estimates in a table</Link> · drag an item to reorder it, or open it to
            move it to a position · <Link to="new">Add a custom item</Link>
          </p>
        </div>
      ) : null}
      <PlanList
        groups={view.groups}
        canEdit={view.canEdit}
        errorItem={actionData?.itemId}
        error={actionData?.message ?? Object.values(actionData?.fieldErrors ?? {})[0]?.[0]}
      />
      {view.canEdit ? <CustomItemForm areas={view.areas} /> : null}
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
