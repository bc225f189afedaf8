// Where the range comes from: the simulated total, the answers that drive it, and the answers that
// would narrow it. The tiers and the headline are in estimate-summary.tsx.
import { Link } from "@remix-run/react";

import type { Narrower, QuestionDriver } from "~/engine/assessment-types";
import { CAUTIOUS, LIKELY } from "~/utils/estimate-view";
import { aboutHours, formatHours } from "~/utils/format";
import { sectionPath } from "~/questionnaire/questionnaire";

import { DistributionChart, type HistogramData } from "./distribution-chart";

function questionLink(assessPath: string, q: { area: string; questionId: string }) {
  return `${assessPath}/${sectionPath(q.area)}#q-${q.questionId}`;
}

export function EffortSummary({
  histogram,
  likely,
  cautious,
  likelySum,
  shareAboveLikely,
  drivers,
  narrowers,
  provisional,
  assessPath,
  percentiles,
}: {
  histogram: HistogramData;
  likely: number;
  cautious: number;
  likelySum: number;
  shareAboveLikely: number;
  drivers: Array<Pick<QuestionDriver, "questionId" | "area" | "prompt" | "hours" | "unsure">>;
  narrowers: Narrower[];
  provisional: boolean;
  assessPath: string;
  percentiles: boolean;
}) {
  return (
    <section className="card stack" aria-labelledby="effort-heading">
      <h2 id="effort-heading">Where the range comes from</h2>
      <figure className="chart-figure">
        <DistributionChart
          histogram={histogram}
          p50={likely}
          p90={cautious}
          labels={percentiles ? [LIKELY.percentile, CAUTIOUS.percentile] : [LIKELY.word, CAUTIOUS.word]}
          labelledBy="dist-caption"
        />
        <figcaption id="dist-caption" className="muted small">
          10,000 simulated outcomes of the total hours, all tiers together. Half land below{" "}
          <span className="nowrap">{formatHours(likely)}</span>, nine in ten below{" "}
          <span className="nowrap">{formatHours(cautious)}</span>. Adding up only the “likely” estimate of
          every task would say <span className="nowrap">{formatHours(likelySum)}</span>;{" "}
          {Math.round(shareAboveLikely * 100)}% of outcomes need more than that.
        </figcaption>
      </figure>

      <div className="two-col">
        <div>
          <h3>What drives the effort</h3>
          <ol className="driver-list">
            {drivers.map((d) => (
              <li key={d.questionId}>
                <Link to={questionLink(assessPath, d)}>{d.prompt}</Link>
                <span className="muted small">
                  {" "}
                  — <span className="nowrap">{aboutHours(d.hours)}</span>
                  {d.unsure ? " (you're not sure)" : ""}
                </span>
              </li>
            ))}
          </ol>
        </div>
        <div>
          <h3>What would narrow this range</h3>
          {narrowers.length === 0 ? (
            <p className="muted">
              {provisional
                ? "Answer the remaining questions to narrow the range."
                : "Every question is answered, none with “I'm not sure”: what is left is normal project risk."}
            </p>
          ) : (
            <ol className="driver-list">
              {narrowers.map((n) => (
                <li key={n.questionId}>
                  <Link to={questionLink(assessPath, n)}>{n.prompt}</Link>
                  <span className="muted small">
                    {" "}
                    — {n.state === "unsure" ? "you're not sure" : "not answered yet"}; answering narrows the
                    range by <span className="nowrap">up to {Math.max(1, Math.round(n.spreadHours))} h</span>
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
