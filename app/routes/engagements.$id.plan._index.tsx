import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";

import { CustomItemForm } from "~/components/plan/custom-item-form";
import { PlanItemRow } from "~/components/plan/plan-item-row";
import { PlanTotalsCard } from "~/components/plan/plan-totals";
import { PHASE_LABELS } from "~/engine/plan-types";
import { listComments } from "~/models/comment.server";
import { getPlanState } from "~/models/plan-state.server";
import { listProposals } from "~/models/proposal.server";
import { requireMember } from "~/utils/membership.server";
import { useNavigateOnClick } from "~/utils/navigate-on-click";
import { unpack } from "~/utils/packed";
import { can } from "~/utils/permissions";
import { handlePlanAction, type PlanActionResult } from "~/utils/plan-actions.server";
import { planView } from "~/utils/plan-view.server";
import { useSubmitHandler } from "~/utils/submit-handler";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { engagement, role } = await requireMember({ request, context }, params.id);
  const [state, comments, proposals] = await Promise.all([
    getPlanState({ engagement }),
    listComments({ engagementId: engagement.id }),
    listProposals({ engagementId: engagement.id }),
  ]);
  const tracking = proposals.some((p) => p.acceptedAt !== null);
  return {
    engagementId: engagement.id,
    canEdit: can(role, "editPlan"),
    percentiles: role === "partner",
    tracking,
    ...planView({ state, comments, tracking }),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { engagement, user, role } = await requireMember({ request, context }, params.id);
  return handlePlanAction({ formData: await request.formData(), engagement, user, role });
}

export default function Plan() {
  const view = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as PlanActionResult | undefined;
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const onNavigate = useNavigateOnClick();
  const onSubmit = useSubmitHandler();
  const { pending } = view;
  const pendingCount = pending.created + pending.updated + pending.stale + pending.back;

  if (!view.hasPlan) {
    return (
      <div className="stack-lg">
        <section className="card stack">
          <h2>Work plan</h2>
          <p className="muted">
            The assessment found {view.preview.length} tasks.{" "}
            {view.canEdit
              ? "Create the plan to shape it: include, defer or exclude items, adjust estimates and order, and add your own."
              : "Your engineering partner turns them into the agreed plan."}
          </p>
          {view.canEdit ? (
            <Form method="post">
              <input type="hidden" name="intent" value="generate" />
              <button
                type="submit"
                className="button button--primary"
                disabled={busy || view.preview.length === 0}
              >
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

  return (
    <div className="stack-lg">
      {params.has("updated") ? (
        <div className="alert alert--ok" role="status">
          The plan now follows the latest answers. New items are marked “Proposed”: include or exclude them.
        </div>
      ) : null}
      {actionData?.conflict ? (
        <div className="alert alert--error" role="alert">
          {actionData.conflict.message}
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
      {unpack(view.groups).map((g) => (
        <section key={g.phase} aria-labelledby={`phase-${g.phase}`} className="plan-phase">
          <div className="plan-phase__head">
            <h2 id={`phase-${g.phase}`}>{PHASE_LABELS[g.phase]}</h2>
            <span className="muted">
              {g.items.length} {g.items.length === 1 ? "item" : "items"} · {Math.round(g.totals.hours)} h
              expected in scope
            </span>
          </div>
          {g.items.length === 0 ? (
            <p className="muted">Nothing in this phase.</p>
          ) : (
            <ol className="plan-list">
              {g.items.map((item) => (
                <PlanItemRow
                  key={item.id}
                  item={item}
                  basePath={`/engagements/${view.engagementId}/plan`}
                  onNavigate={onNavigate}
                  onSubmit={onSubmit}
                  canEdit={view.canEdit}
                  error={
                    actionData?.itemId === item.id
                      ? (actionData.message ?? Object.values(actionData.fieldErrors ?? {})[0]?.[0])
                      : undefined
                  }
                />
              ))}
            </ol>
          )}
        </section>
      ))}
      {view.canEdit ? <CustomItemForm areas={view.areas} errors={actionData?.fieldErrors} /> : null}
      <p className="muted small">
        <Link to="../proposals" relative="path">
          Proposals
        </Link>{" "}
        are published from this plan.
      </p>
    </div>
  );
}
