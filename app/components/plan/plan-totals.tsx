import { Link } from "@remix-run/react";

import { TierTable } from "~/components/results/estimate-summary";
import { TableWrap } from "~/components/table-wrap";
import { formatEstimate } from "~/engine/money";
import type { ProgressWords } from "~/plan/progress-words";
import type { TierView } from "~/utils/estimate-view";
import { hoursRange } from "~/utils/format";

type Totals = {
  tiers: { tiers: TierView[]; total: TierView };
  items: number;
  /** the founder's team's items, not in the cost (unpricedNote) */
  unpriced: string | null;
  open: { tasks: number; questions: number };
  /** the results page's launch minimum ("$12,700–$22,400"), or null when it holds no work */
  answersLaunch: string | null;
  /** the live figures named as the plan at today's rate, when an accepted version has another */
  rateSince: string | null;
};

export function PlanTotalsCard({
  totals,
  progress,
  csvHref,
  percentiles,
}: {
  totals: Totals;
  /** P50/P90 beside "likely" and "cautious" (partners) */
  percentiles: boolean;
  /** against the accepted version, once one is (progressWords) */
  progress: ProgressWords | null;
  csvHref: string;
}) {
  const launch = totals.tiers.tiers[0]!;
  return (
    <section className="card stack" aria-labelledby="plan-totals-heading">
      <div className="plan-phase__head">
        <h2 id="plan-totals-heading">
          In scope: {totals.items} {totals.items === 1 ? "item" : "items"}
        </h2>
        <a href={csvHref} className="button button--secondary button--small" download>
          Download CSV
        </a>
      </div>
      {totals.items === 0 ? (
        // Not "€0–€0 (0–0 h, 0 items)" above a table of dashes (QA 7, finding 13).
        <p className="lead">
          Nothing is in scope: no item is included, so there is nothing to price. Include items to see the
          launch minimum and the total.
        </p>
      ) : (
        <>
          <p className="lead">
            Launch minimum:{" "}
            {launch.tasks === 0 ? (
              <span className="muted">none of the items in scope is launch-minimum work.</span>
            ) : (
              <>
                <strong className="nowrap">
                  {formatEstimate(launch.cost.likely, launch.cost.currency)}–
                  {formatEstimate(launch.cost.cautious, launch.cost.currency)}
                </strong>{" "}
                <span className="muted">
                  ({hoursRange(launch.hours.likely, launch.hours.cautious)}, {launch.tasks}{" "}
                  {launch.tasks === 1 ? "item" : "items"}, likely to cautious)
                </span>
              </>
            )}
          </p>
          {totals.rateSince ? <p className="small">{totals.rateSince}</p> : null}
          <TierTable tiers={totals.tiers.tiers} total={totals.tiers.total} percentiles={percentiles} />
        </>
      )}
      {totals.unpriced ? <p className="small muted">{totals.unpriced}</p> : null}
      {totals.open.tasks > 0 ? (
        <p className="small muted">
          Not in the plan: {totals.open.tasks} {totals.open.tasks === 1 ? "task" : "tasks"} that the{" "}
          {totals.open.questions} {totals.open.questions === 1 ? "question" : "questions"} still open could
          call for; they join the plan as proposed items once the questions are answered. The results page
          counts them at their worst case and prices the answers alone, before any item is added, left out or
          re-estimated here
          {/* The two figures side by side, not a direction the plan's own changes may reverse (QA 7, 2). */}
          {totals.answersLaunch
            ? `: it puts the launch minimum at ${totals.answersLaunch}${totals.items > 0 && launch.tasks > 0 ? `, against ${formatEstimate(launch.cost.likely, launch.cost.currency)}–${formatEstimate(launch.cost.cautious, launch.cost.currency)} in this plan` : ""}.`
            : "."}
        </p>
      ) : null}
      {progress ? <ProgressSummary progress={progress} /> : null}
    </section>
  );
}

/** Where the work stands against the accepted version; the same, read-only, for every role. */
function ProgressSummary({ progress }: { progress: ProgressWords }) {
  return (
    <section className="plan-progress stack" aria-labelledby="plan-progress-heading">
      <h3 id="plan-progress-heading">Progress against the agreed version {progress.version}</h3>
      <p>
        <strong>{progress.headline}</strong>
        {progress.doneLine ? <span className="muted"> · {progress.doneLine}</span> : null}
      </p>
      <svg
        className="progress-bar"
        viewBox="0 0 100 6"
        preserveAspectRatio="none"
        role="progressbar"
        aria-label="Agreed items done"
        aria-valuemin={0}
        aria-valuemax={progress.items}
        aria-valuenow={progress.done}
      >
        <rect x="0" y="0" width="100" height="6" rx="3" className="progress-bar__track" />
        <rect
          x="0"
          y="0"
          width={progress.items ? (progress.done / progress.items) * 100 : 0}
          height="6"
          rx="3"
          className="progress-bar__fill"
        />
      </svg>
      <p className="small">{progress.hours.join(" · ")}</p>
      {progress.money ? <p className="small">{progress.money}</p> : null}
      {progress.phases.length > 1 ? (
        <TableWrap label={`Progress by phase, against version ${progress.version}`}>
          {/* A card per phase on a phone: four columns with "Launch minimum" do not fit 390 px. */}
          <table className="cards-on-phone">
            <caption className="visually-hidden">By phase, against version {progress.version}</caption>
            <thead>
              <tr>
                <th scope="col">Phase</th>
                <th scope="col" className="num">
                  Agreed (likely)
                </th>
                <th scope="col" className="num">
                  Logged
                </th>
                <th scope="col" className="num">
                  Done
                </th>
              </tr>
            </thead>
            <tbody>
              {progress.phases.map((p) => (
                <tr key={p.phase}>
                  <th scope="row">{p.phase}</th>
                  <td data-label="Agreed (likely)" className="num nowrap">
                    {p.agreed}
                  </td>
                  <td data-label="Logged" className="num nowrap">
                    {p.logged}
                  </td>
                  <td data-label="Done" className="num nowrap">
                    {p.done}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      <p className="small muted">{progress.basis}</p>
      <p className="small">
        <Link to="time">Time logged, by month and entry</Link> · for an invoice, or to check one
      </p>
    </section>
  );
}
