import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useMemo } from "react";

import { FieldError } from "~/components/field";
import { PHASES } from "~/engine/content/types";
import { PHASE_LABELS } from "~/engine/plan-types";
import { getPlanState } from "~/models/plan-state.server";
import { requireMember } from "~/auth/membership.server";
import { handleEstimatesAction, type EstimatesActionResult } from "~/plan/plan-actions.server";
import { areaTitles } from "~/plan/plan-view.server";
import { fieldHours } from "~/utils/format";
import { typedVersion } from "~/utils/typed-version";
import { useFormChanged, useUnsavedChanges } from "~/utils/use-unsaved-changes";
import { engagementTitle, type EngagementMatches } from "~/utils/page-title";

export const meta: MetaFunction<typeof loader, EngagementMatches> = (args) =>
  engagementTitle(args, "Edit estimates", "Plan");

// Every item's three-point estimate in one table, for a partner re-estimating the plan in one pass
// (one reason for the batch). Only rows whose numbers change are saved, each at the version read.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { engagement } = await requireMember({ request, context }, params.id, "editPlan");
  const state = await getPlanState({ engagement });
  // No plan yet, so no estimates to edit: the plan page says how to create it.
  if (state.items.length === 0) throw redirect(`/engagements/${engagement.id}/plan`);
  const titles = areaTitles(state);
  return {
    groups: PHASES.map((phase) => ({
      phase,
      items: state.items
        .filter((i) => i.phase === phase)
        .map((i) => ({
          id: i.id,
          title: i.title,
          area: titles[i.area] ?? i.area,
          version: i.version,
          estimate: [fieldHours(i.optimistic), fieldHours(i.likely), fieldHours(i.pessimistic)] as const,
        })),
    })).filter((g) => g.items.length > 0),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { engagement, user, role } = await requireMember({ request, context }, params.id, "editPlan");
  return handleEstimatesAction({ formData: await request.formData(), engagement, user, role });
}

const COLUMNS = [
  ["o", "Optimistic"],
  ["m", "Likely"],
  ["p", "Pessimistic"],
] as const;

/** What the table's fields hold before anything is typed: the stored numbers and no reason. */
function storedValues(groups: Array<{ items: Array<{ id: string; estimate: readonly number[] }> }>) {
  const values: Record<string, string> = { reason: "" };
  for (const item of groups.flatMap((g) => g.items))
    COLUMNS.forEach(([key], i) => (values[`${key}.${item.id}`] = String(item.estimate[i])));
  return values;
}

export default function PlanEstimates() {
  const { groups } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as EstimatesActionResult | undefined;
  const busy = useNavigation().state !== "idle";
  // Leaving with typed numbers (or a reason) not saved asks first; a save, refused or not, posts here.
  const table = useFormChanged(useMemo(() => storedValues(groups), [groups]));
  useUnsavedChanges(table.changed);
  const rowErrors = result?.rowErrors ?? {};
  // What a refused save posted: without JavaScript the page is rendered afresh from it.
  const typed = result?.values ?? {};
  const rows = Object.keys(rowErrors).length;
  // The reason sits below the table, out of sight: the summary names it too.
  const problems = [
    rows === 1 ? "one row" : rows > 1 ? `${rows} rows` : null,
    result?.fieldErrors?.reason ? "the reason" : null,
  ].filter((p) => p !== null);
  return (
    <div className="stack-lg">
      <p className="breadcrumb">
        <Link to=".." relative="path">
          Plan
        </Link>
      </p>
      <header>
        <h2>Edit estimates</h2>
        <p className="muted">
          Hours for each item: optimistic, likely and pessimistic. Change any rows, give one reason, and save;
          only the rows you changed are saved.
        </p>
        <p className="muted small">
          The plan&apos;s likely totals are simulated from these three figures, so they usually come out above
          the sum of the items&apos; likely hours: tasks overrun more often, and by more, than they come in
          early.
        </p>
      </header>
      {result?.stale && result.stale.length > 0 ? (
        <div className="alert alert--error" role="alert">
          <p>
            {result.saved ?? 0} saved. Someone else changed these items while you were editing, so their new
            estimates were not saved; the table shows their current values:
          </p>
          <ul>
            {result.stale.map((s) => (
              <li key={s.id}>{s.title}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {problems.length > 0 ? (
        <div className="alert alert--error" role="alert">
          {`Nothing was saved: ${problems.join(" and ")} ${problems.length === 1 && rows <= 1 ? "needs" : "need"} fixing (marked below).`}
        </div>
      ) : null}
      <Form method="post" className="stack-lg" noValidate ref={table.ref} onChange={table.onChange}>
        {groups.map((g) => (
          <section key={g.phase} className="card table-wrap" aria-labelledby={`est-${g.phase}`}>
            <h3 id={`est-${g.phase}`}>{PHASE_LABELS[g.phase]}</h3>
            <table className="estimates-table cards-on-phone">
              <thead>
                <tr>
                  <th scope="col">Item</th>
                  {COLUMNS.map(([, label]) => (
                    <th key={label} scope="col" className="num">
                      {label} (h)
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {g.items.map((item) => {
                  const error = rowErrors[item.id];
                  // The version the row's numbers stand on: what was typed against (a refused save
                  // sends it back) or the stored one. Keyed by it, a row saved or found changed by
                  // someone else starts afresh from the stored numbers, also with JavaScript. `was` is
                  // what the row showed at that version: a row left as it was is no change, even if
                  // the plan moved on meanwhile (an update of the plan would otherwise be undone).
                  const version = typedVersion(typed[`v.${item.id}`], item.version);
                  return (
                    <tr key={`${item.id}:${version}`} className={error ? "row--invalid" : undefined}>
                      <th scope="row" id={`row-${item.id}`}>
                        {item.title}
                        <span className="cell-note">{item.area}</span>
                        {error ? (
                          <span className="field__error" id={`err-${item.id}`}>
                            {error.message}
                          </span>
                        ) : null}
                        <input type="hidden" name={`v.${item.id}`} value={version} />
                        <input
                          type="hidden"
                          name={`was.${item.id}`}
                          value={typed[`was.${item.id}`] ?? item.estimate.join(",")}
                        />
                      </th>
                      {COLUMNS.map(([key, label], i) => (
                        <td key={key} className="num" data-label={`${label} (h)`}>
                          <input
                            name={`${key}.${item.id}`}
                            type="text"
                            inputMode="decimal"
                            size={5}
                            defaultValue={typed[`${key}.${item.id}`] ?? item.estimate[i]}
                            aria-label={`${label} hours for ${item.title}`}
                            aria-invalid={error?.field === key ? true : undefined}
                            aria-describedby={error ? `err-${item.id}` : undefined}
                          />
                        </td>
                      ))}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>
        ))}
        <div className="card stack">
          <div className="field">
            <label htmlFor="estimates-reason">Why these estimates changed</label>
            <p id="estimates-reason-hint" className="field__hint">
              Shown to the founder on the proposal, under each item whose estimate you change.
            </p>
            <input
              id="estimates-reason"
              name="reason"
              maxLength={500}
              placeholder="e.g. Reviewed the code: RLS is already half done"
              defaultValue={typed.reason}
              aria-invalid={result?.fieldErrors?.reason ? true : undefined}
              aria-describedby={
                result?.fieldErrors?.reason
                  ? "estimates-reason-hint estimates-reason-error"
                  : "estimates-reason-hint"
              }
            />
            <FieldError id="estimates-reason-error" error={result?.fieldErrors?.reason?.[0]} />
          </div>
          <div className="form-actions">
            <button type="submit" className="button button--primary" disabled={busy}>
              Save the changed estimates
            </button>
            <Link to=".." relative="path" className="button button--ghost">
              Cancel
            </Link>
          </div>
        </div>
      </Form>
    </div>
  );
}

export { TabError as ErrorBoundary, tabHeaders as headers } from "~/components/tab-error";
