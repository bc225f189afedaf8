// Readiness per area as an SVG radar. Colours come from CSS classes (the CSP forbids inline styles);
// the same numbers are always shown in a table next to it for screen readers and for precision.
type RadarArea = { id: string; title: string; score: number | null; applicable: boolean };

const SIZE = 360;
const CENTER = SIZE / 2;
const RADIUS = 120;
// Room beside the square for the labels at the sides ("Performance" is wider than the gap to the
// edge), so they stay inside the chart on a phone instead of spilling past the screen.
const SIDE = 64;

function point(index: number, count: number, fraction: number): [number, number] {
  const angle = -Math.PI / 2 + (index / count) * 2 * Math.PI;
  return [CENTER + Math.cos(angle) * RADIUS * fraction, CENTER + Math.sin(angle) * RADIUS * fraction];
}

function shortTitle(title: string): string {
  return title.split(/ & | and /)[0];
}

export function RadarChart({ areas, labelledBy }: { areas: RadarArea[]; labelledBy: string }) {
  const count = areas.length;
  if (count < 3) return null;
  const rings = [0.25, 0.5, 0.75, 1];
  const polygon = areas
    .map((a, i) => point(i, count, a.applicable && a.score !== null ? Math.max(0.02, a.score / 100) : 0))
    .map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`)
    .join(" ");
  return (
    <svg
      viewBox={`${-SIDE} 0 ${SIZE + 2 * SIDE} ${SIZE}`}
      className="radar"
      role="img"
      aria-labelledby={labelledBy}
    >
      {rings.map((r) => (
        <polygon
          key={r}
          className="radar__ring"
          points={areas
            .map((_, i) =>
              point(i, count, r)
                .map((v) => v.toFixed(1))
                .join(","),
            )
            .join(" ")}
        />
      ))}
      {areas.map((a, i) => {
        const [x, y] = point(i, count, 1);
        return <line key={a.id} className="radar__axis" x1={CENTER} y1={CENTER} x2={x} y2={y} />;
      })}
      <polygon className="radar__shape" points={polygon} />
      {areas.map((a, i) => {
        const [x, y] = point(i, count, 1.22);
        const anchor = Math.abs(x - CENTER) < 4 ? "middle" : x > CENTER ? "start" : "end";
        return (
          <text key={a.id} x={x} y={y} textAnchor={anchor} dominantBaseline="middle" className="radar__label">
            <tspan>{shortTitle(a.title)}</tspan>
            <tspan x={x} dy="1.2em" className="radar__value">
              {a.applicable ? (a.score ?? "–") : "n/a"}
            </tspan>
          </text>
        );
      })}
    </svg>
  );
}
