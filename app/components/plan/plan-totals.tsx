import { formatWeeks } from "~/utils/format";

type Totals = {
  items: number;
  hours: { p50: number; p90: number; mean: number };
  weeks: { p50: number; p90: number };
  cost: { p50: string; p90: string; rate: number; currency: string };
};

export function PlanTotalsCard({
  totals,
  progress,
  csvHref,
}: {
  totals: Totals;
  progress: { done: number; total: number; estimatedDone: number; actual: number } | null;
  csvHref: string;
}) {
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
      <div className="results-hero">
        <div className="stat">
          <span className="stat__label">Hours</span>
          <span className="stat__value">
            {totals.hours.p50}–{totals.hours.p90} h
          </span>
          <span className="stat__sub">P50 to P90</span>
        </div>
        <div className="stat">
          <span className="stat__label">Calendar</span>
          <span className="stat__value">{formatWeeks(totals.weeks.p50)}</span>
          <span className="stat__sub">90% likely within {formatWeeks(totals.weeks.p90)}</span>
        </div>
        <div className="stat">
          <span className="stat__label">Cost</span>
          <span className="stat__value">
            {totals.cost.p50}–{totals.cost.p90}
          </span>
          <span className="stat__sub">
            At {totals.cost.rate} {totals.cost.currency} an hour
          </span>
        </div>
      </div>
      {progress ? (
        <div className="plan-progress">
          <p>
            <strong>
              {progress.done} of {progress.total} items done
            </strong>{" "}
            <span className="muted">
              · {progress.actual} h logged against {progress.estimatedDone} h estimated for the finished items
            </span>
          </p>
          <svg
            className="progress-bar"
            viewBox="0 0 100 6"
            preserveAspectRatio="none"
            role="progressbar"
            aria-label="Items done"
            aria-valuemin={0}
            aria-valuemax={progress.total}
            aria-valuenow={progress.done}
          >
            <rect x="0" y="0" width="100" height="6" rx="3" className="progress-bar__track" />
            <rect
              x="0"
              y="0"
              width={progress.total ? (progress.done / progress.total) * 100 : 0}
              height="6"
              rx="3"
              className="progress-bar__fill"
            />
          </svg>
        </div>
      ) : null}
    </section>
  );
}
