import type { Narrower, QuestionDriver } from "~/engine/assessment-types";
import { formatHours, formatWeeks } from "~/utils/format";
import { useNavigateOnClick } from "~/utils/navigate-on-click";

import { DistributionChart, type HistogramData } from "./distribution-chart";

type Effort = {
  tasks: number;
  hours: { mean: number; p10: number; p50: number; p80: number; p90: number };
  weeks: { p50: number; p85: number; p90: number };
  cost: { p50: string; p90: string; currency: string; rate: number };
  histogram: HistogramData;
  likelySum: number;
  shareAboveLikely: number;
};

export function EffortSummary({
  effort,
  drivers,
  narrowers,
  assessPath,
}: {
  effort: Effort;
  drivers: Array<Pick<QuestionDriver, "questionId" | "area" | "prompt" | "hours" | "unsure">>;
  narrowers: Narrower[];
  assessPath: string;
}) {
  const onNavigate = useNavigateOnClick();
  const { hours, weeks, cost } = effort;
  return (
    <section className="card stack" aria-labelledby="effort-heading">
      <h2 id="effort-heading">Effort to production-ready</h2>
      <div className="results-hero">
        <div className="stat">
          <span className="stat__label">Hours</span>
          <span className="stat__value">
            {Math.round(hours.p50)}–{formatHours(hours.p90)}
          </span>
          <span className="stat__sub">Likely (P50) to cautious (P90), over {effort.tasks} tasks</span>
        </div>
        <div className="stat">
          <span className="stat__label">Calendar</span>
          <span className="stat__value">{formatWeeks(weeks.p50)}</span>
          <span className="stat__sub">85% likely within {formatWeeks(weeks.p85)}</span>
        </div>
        <div className="stat">
          <span className="stat__label">Cost</span>
          <span className="stat__value">
            {cost.p50}–{cost.p90}
          </span>
          <span className="stat__sub">
            At {cost.rate} {cost.currency} an hour
          </span>
        </div>
      </div>
      <figure className="chart-figure">
        <DistributionChart
          histogram={effort.histogram}
          p50={hours.p50}
          p90={hours.p90}
          labelledBy="dist-caption"
        />
        <figcaption id="dist-caption" className="muted small">
          10,000 simulated outcomes of the total hours. Half land below {Math.round(hours.p50)} h, nine in ten
          below {Math.round(hours.p90)} h. Adding up only the “likely” estimates would say{" "}
          {Math.round(effort.likelySum)} h; {Math.round(effort.shareAboveLikely * 100)}% of outcomes need more
          than that.
        </figcaption>
      </figure>

      <div className="two-col">
        <div>
          <h3>What drives the effort</h3>
          <ol className="driver-list">
            {drivers.map((d) => (
              <li key={d.questionId}>
                <a href={`${assessPath}/${d.area}#q-${d.questionId}`} onClick={onNavigate}>
                  {d.prompt}
                </a>
                <span className="muted small">
                  {" "}
                  — about {Math.round(d.hours)} h{d.unsure ? " (you're not sure)" : ""}
                </span>
              </li>
            ))}
          </ol>
        </div>
        <div>
          <h3>What would narrow this range</h3>
          {narrowers.length === 0 ? (
            <p className="muted">
              Every question is answered with certainty; the remaining range is normal project risk.
            </p>
          ) : (
            <ol className="driver-list">
              {narrowers.map((n) => (
                <li key={n.questionId}>
                  <a
                    href={`${assessPath}/${n.area === "intake" ? "" : n.area}#q-${n.questionId}`}
                    onClick={onNavigate}
                  >
                    {n.prompt}
                  </a>
                  <span className="muted small">
                    {" "}
                    — {n.state === "unsure" ? "you're not sure" : "not answered"}; answering narrows the range
                    by about {Math.max(1, Math.round(n.spreadHours))} h
                  </span>
                </li>
              ))}
            </ol>
          )}
        </div>
      </div>
    </section>
  );
}
