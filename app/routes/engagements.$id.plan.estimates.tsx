import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useMemo, useState, type FormEvent } from "react";

import { FieldError } from "~/components/field";
import { EstimateQuestionBox } from "~/components/plan/estimate-question";
import { PHASES } from "~/engine/content/types";
import { formatEstimate } from "~/engine/money";
import { PHASE_LABELS, SCOPE_LABELS } from "~/engine/plan-types";
import { pertMean } from "~/engine/simulate";
import { estimateKey, estimateQuestion, type EstimateQuestion } from "~/plan/estimate-check";
import { estimateTotals, typedEstimate, type TotalsRow } from "~/plan/estimate-totals";
import { formatRate } from "~/utils/format";
import { getPlanState } from "~/models/plan-state.server";
import { requireMember } from "~/auth/membership.server";
import { handleEstimatesAction } from "~/plan/plan-actions.server";
import { areaTitles } from "~/plan/plan-view.server";
import { phaseHours } from "~/utils/estimate-view";
import { expectedHours, fieldHours, formatHours } from "~/utils/format";
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
  const tiers = state.totals.tiers ?? [];
  return {
    hourlyRate: engagement.hourlyRate,
    currency: engagement.currency,
    // The plan page's simulated likely figures, from the saved estimates, to set beside the sums:
    // the phase heading's words (phaseHours) and the tier table's total. None for what has no items.
    planTotal: state.totals.items > 0 ? formatHours(state.totals.hours.p50) : null,
    groups: PHASES.map((phase) => ({
      phase,
      plan: (tiers.find((t) => t.phase === phase)?.tasks ?? 0) > 0 ? phaseHours(state.totals, phase) : null,
      items: state.items
        .filter((i) => i.phase === phase)
        .map((i) => ({
          id: i.id,
          title: i.title,
          area: titles[i.area] ?? i.area,
          version: i.version,
          // The founder's team's items take hours but are not priced (decision 034).
          billable: i.owner !== "founder",
          // Items not in scope keep their estimates here but, as on the plan, count in no total.
          outOfTotals: i.scope === "included" ? null : SCOPE_LABELS[i.scope],
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

type Row = { id: string; billable: boolean; outOfTotals: string | null; estimate: readonly number[] };

/** The rows' expected hours, from the three fields as `value` reads them. */
function totalsRows(rows: readonly Row[], value: (name: string, stored: number) => string): TotalsRow[] {
  return rows.map((row) => {
    const [o, m, p] = COLUMNS.map(([key], i) => value(`${key}.${row.id}`, row.estimate[i]!));
    const typed = typedEstimate(o!, m!, p!);
    return { expected: typed ? pertMean(typed) : null, billable: row.billable };
  });
}

const storedRows = (rows: readonly Row[]) => totalsRows(rows, (_name, stored) => String(stored));

/**
 * The second look a row's figures need (plan/estimate-check.ts), as typed: with JavaScript it shows
 * while typing, so one save does; without, the page the refused save renders shows the same, from
 * what was posted. The server asks again whatever this says; `asked` is its question, kept for a
 * row this cannot work out (figures changed since the page loaded).
 */
function rowQuestion(
  row: Row,
  value: (name: string, stored: number) => string,
  asked: EstimateQuestion | undefined,
): EstimateQuestion | undefined {
  const [o, m, p] = COLUMNS.map(([key], i) => value(`${key}.${row.id}`, row.estimate[i]!));
  const typed = typedEstimate(o!, m!, p!);
  if (!typed) return asked;
  const [so, sm, sp] = row.estimate as [number, number, number];
  const stored = { optimistic: so, likely: sm, pessimistic: sp };
  if (estimateKey(typed) === estimateKey(stored)) return undefined;
  return estimateQuestion(typed, stored) ?? asked;
}

export default function PlanEstimates() {
  const { groups, hourlyRate, currency, planTotal } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  // Leaving with typed numbers (or a reason) not saved asks first; a save, refused or not, posts here.
  const table = useFormChanged(useMemo(() => storedValues(groups), [groups]));
  useUnsavedChanges(table.changed);
  const rowErrors = result?.rowErrors ?? {};
  // A row refused as changed since shows its current figures: what was typed in it is said under it.
  const refused = new Map((result?.stale ?? []).map((s) => [s.id, s.entered]));
  // What a refused save posted: without JavaScript the page is rendered afresh from it.
  const typed = result?.values ?? {};
  // What is in the fields now, for the live sums: typing since the page loaded, over what a refused
  // save sent back, over the stored numbers. A save (new loader data) starts afresh.
  const [draft, setDraft] = useState<{ from: typeof groups; values: Record<string, string> }>({
    from: groups,
    values: {},
  });
  const typing = draft.from === groups ? draft.values : {};
  const value = (name: string, stored: number) => typing[name] ?? typed[name] ?? String(stored);
  const onChange = (event: FormEvent<HTMLFormElement>) => {
    table.onChange();
    const field = event.target as HTMLInputElement;
    if (field.name) setDraft({ from: groups, values: { ...typing, [field.name]: field.value } });
  };
  // The items in scope only, as the plan's totals count them.
  const sums = (all: readonly Row[]) => {
    const rows = all.filter((r) => r.outOfTotals === null);
    const now = estimateTotals(totalsRows(rows, value), hourlyRate);
    const before = estimateTotals(storedRows(rows), hourlyRate);
    return { now, before, left: all.length - rows.length };
  };
  const rows = Object.keys(rowErrors).length;
  const asked = Object.keys(result?.rowQuestions ?? {}).length;
  // The reason may be out of sight above a long table: the summary names it too.
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
          Expected is an item&apos;s average: (optimistic + 4 × likely + pessimistic) ÷ 6, to the tenth of an
          hour. The sums below add those up, as the Expected column of the plan&apos;s CSV does. The
          plan&apos;s likely figures are not these sums: each is the middle of 10,000 simulated runs of the
          plan (half come in under it), and a phase there also counts the later items its work waits for. An
          item can overrun far past its average but finish early only down to nothing, so the middle sits
          below the average: with many items in a phase the two figures come out close; with a few items with
          wide ranges, the plan&apos;s likely figure is lower.
        </p>
      </header>
      {result?.stale && result.stale.length > 0 ? (
        <div className="alert alert--error" role="alert">
          <p>
            {result.saved ?? 0} saved. These items changed while you were editing, so what you entered for
            them was not saved; the table shows their current values:
          </p>
          <ul>
            {result.stale.map((s) => (
              <li key={s.id}>
                <strong>{s.title}</strong>: {s.changed} {s.entered}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {problems.length > 0 ? (
        <div className="alert alert--error" role="alert">
          {`Nothing was saved: ${problems.join(" and ")} ${problems.length === 1 && rows <= 1 ? "needs" : "need"} fixing (marked below).`}
        </div>
      ) : asked > 0 ? (
        <div className="alert alert--warn" role="alert">
          {`Nothing was saved: ${asked === 1 ? "one row's figures look" : `${asked} rows' figures look`} like a typo. Check ${asked === 1 ? "it" : "them"} below, tick to save as entered, and save again.`}
        </div>
      ) : null}
      <Form method="post" className="stack-lg" noValidate ref={table.ref} onChange={onChange}>
        <div className="card">
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
        </div>
        {groups.map((g) => (
          <section key={g.phase} className="card table-wrap" aria-labelledby={`est-${g.phase}`}>
            <h3 id={`est-${g.phase}`}>{PHASE_LABELS[g.phase]}</h3>
            <TotalsLine {...sums(g.items)} rate={hourlyRate} currency={currency} plan={g.plan} />
            <table className="estimates-table cards-on-phone">
              <thead>
                <tr>
                  <th scope="col">Item</th>
                  {COLUMNS.map(([, label]) => (
                    <th key={label} scope="col" className="num">
                      {label} (h)
                    </th>
                  ))}
                  <th scope="col" className="num">
                    Expected
                  </th>
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
                  const question = rowQuestion(item, value, result?.rowQuestions?.[item.id]);
                  const entered = refused.get(item.id);
                  return (
                    <tr key={`${item.id}:${version}`} className={error ? "row--invalid" : undefined}>
                      <th scope="row" id={`row-${item.id}`}>
                        {item.title}
                        <span className="cell-note">
                          {item.area}
                          {item.billable ? null : " · founder's team, not priced"}
                          {item.outOfTotals ? ` · ${item.outOfTotals}, not in the totals` : null}
                        </span>
                        {entered ? (
                          <span className="cell-note" id={`entered-${item.id}`}>
                            {entered}
                          </span>
                        ) : null}
                        {error ? (
                          <span className="field__error" id={`err-${item.id}`}>
                            {error.message}
                          </span>
                        ) : null}
                        {question ? (
                          <EstimateQuestionBox
                            key={question.confirm}
                            id={`check-${item.id}`}
                            name={`ok.${item.id}`}
                            question={question}
                            lead="Check these figures."
                          />
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
                            aria-describedby={
                              [
                                error ? `err-${item.id}` : "",
                                question ? `check-${item.id}` : "",
                                entered ? `entered-${item.id}` : "",
                              ]
                                .filter(Boolean)
                                .join(" ") || undefined
                            }
                          />
                        </td>
                      ))}
                      <td className="num estimates-table__expected" data-label="Expected">
                        {expectedCell(item, value)}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>
        ))}
        <div className="card estimates-save">
          <TotalsLine
            {...sums(groups.flatMap((g) => g.items))}
            rate={hourlyRate}
            currency={currency}
            plan={planTotal === null ? null : `likely ${planTotal}`}
            all
          />
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

/** Hours to the tenth, as the rows' expected hours and their sums are stated: "5.8 h", "1,234.5 h". */
const tenths = (hours: number) => `${hours.toLocaleString("en-US", { maximumFractionDigits: 1 })} h`;

/**
 * "5.8 h" for a row as typed (to the tenth, as the sums add it and the plan CSV states it), or a dash
 * while its three figures are not valid yet. In whole hours a quarter-hour item read "under 1 h" and
 * summed to "0 h · €0" beside the plan's €30–€50 (QA pass 7, finding 7).
 */
function expectedCell(row: Row, value: (name: string, stored: number) => string): string {
  const expected = totalsRows([row], value)[0]!.expected;
  return expected === null ? "–" : tenths(expectedHours(expected));
}

/**
 * "Sum of the items' expected hours: 82.3 h · €7,800 (was 80.1 h · €7,600). The plan, simulated from
 * the saved figures: likely 82 h.", and for the whole table the same "at €95/h": the rows' expected
 * hours summed and priced, what typing has changed since the page loaded, and the plan's own figure
 * beside it, named as simulated (QA pass 7, finding 9: three totals per tier under labels that did
 * not say why they differ).
 */
function TotalsLine({
  now,
  before,
  left,
  rate,
  currency,
  plan,
  all = false,
}: {
  now: ReturnType<typeof estimateTotals>;
  before: ReturnType<typeof estimateTotals>;
  /** rows not in scope, so not counted */
  left: number;
  rate: number;
  currency: string;
  /** the plan's simulated figure for the same work ("likely 16 h"), or null when it has none */
  plan: string | null;
  all?: boolean;
}) {
  const money = (n: number) => formatEstimate(n, currency);
  const changed = now.hours !== before.hours || now.cost !== before.cost;
  const sum = `${all ? "In all, sum" : "Sum"} of the items' expected hours: ${tenths(now.hours)}`;
  return (
    <p className={all ? "estimates-total" : "muted small"}>
      {all ? <strong>{sum}</strong> : sum}
      {` · ${money(now.cost)}${all ? ` at ${formatRate(rate, currency)}/h` : ""}`}
      {changed ? ` (was ${tenths(before.hours)} · ${money(before.cost)})` : null}
      {now.invalid > 0
        ? ` · ${now.invalid === 1 ? "1 row" : `${now.invalid} rows`} not counted until valid`
        : null}
      {left > 0 ? ` · ${left === 1 ? "1 item" : `${left} items`} not in scope, not counted` : null}
      {plan ? `. The plan, simulated from the saved figures: ${plan}.` : null}
    </p>
  );
}

export { TabError as ErrorBoundary, tabHeaders as headers } from "~/components/tab-error";
