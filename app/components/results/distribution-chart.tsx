// The simulated total hours as a histogram, with P50 and P90 marked: shows the honest shape of the
// range (a long right tail), not just two numbers. The markers are named in an HTML legend under the
// bars, not in SVG text: text inside the SVG shrank with the chart to about 8 px on a phone.
import { formatHours } from "~/utils/format";

export type HistogramData = { start: number; width: number; counts: number[] };

const W = 560;
const H = 160;
const PAD = { left: 8, right: 8, top: 12, bottom: 4 };

export function DistributionChart({
  histogram,
  p50,
  p90,
  labels = ["P50", "P90"],
  labelledBy,
}: {
  histogram: HistogramData;
  p50: number;
  p90: number;
  /** what the two markers are called ("Likely"/"Cautious" for founders) */
  labels?: [string, string];
  labelledBy: string;
}) {
  const max = Math.max(1, ...histogram.counts);
  const bins = histogram.counts.length;
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const barW = innerW / bins;
  const end = histogram.start + histogram.width * bins;
  // A histogram of identical outcomes has no width; divide by 1 rather than make NaN coordinates.
  const span = end - histogram.start || 1;
  const x = (hours: number) => PAD.left + ((hours - histogram.start) / span) * innerW;
  const markers = [
    { label: labels[0], value: p50, kind: "p50" },
    { label: labels[1], value: p90, kind: "p90" },
  ];
  return (
    <div className="dist">
      {/* preserveAspectRatio="none": on a phone the bars keep a usable height instead of shrinking
          with the width; strokes do not scale (CSS vector-effect) and there is no text to stretch. */}
      <svg
        viewBox={`0 0 ${W} ${H}`}
        preserveAspectRatio="none"
        className="dist__chart"
        role="img"
        aria-labelledby={labelledBy}
      >
        {histogram.counts.map((c, i) => {
          const h = (c / max) * innerH;
          const from = histogram.start + i * histogram.width;
          return (
            <rect
              key={i}
              x={PAD.left + i * barW + 1}
              y={PAD.top + innerH - h}
              width={Math.max(1, barW - 2)}
              height={h}
              className={from >= p90 ? "dist__bar dist__bar--tail" : "dist__bar"}
            />
          );
        })}
        <line
          x1={PAD.left}
          x2={W - PAD.right}
          y1={PAD.top + innerH}
          y2={PAD.top + innerH}
          className="dist__baseline"
        />
        {markers.map((m) => (
          <line
            key={m.label}
            x1={x(m.value)}
            x2={x(m.value)}
            y1={PAD.top - 4}
            y2={PAD.top + innerH}
            className={`dist__marker dist__marker--${m.kind}`}
          />
        ))}
      </svg>
      <ul className="dist__legend">
        {markers.map((m) => (
          <li key={m.label}>
            <span className={`dist__swatch dist__swatch--${m.kind}`} aria-hidden="true" />
            {m.label} <strong>{formatHours(m.value)}</strong>
          </li>
        ))}
      </ul>
    </div>
  );
}
