// Readiness per area as a radar chart: one axis per area, 0 at the centre, 100 at the rim. Drawn
// with react-pdf's Svg so it stays vector and sharp at any zoom.
import { Circle, G, Line, Polygon, Svg, Text } from "@react-pdf/renderer";

import { levelFor } from "~/engine/score";

import { FONT_FAMILY, textWidth } from "../../blocks/fonts";
import { colors } from "../../blocks/styles";

/** A score's colour by its readiness level, as the web pages colour it: red, amber, then the brand's. */
export function scoreColor(score: number): string {
  const level = levelFor(score).id;
  return level === "prototype" ? colors.danger : level === "needs-work" ? colors.caution : colors.brand;
}

interface RadarArea {
  title: string;
  score: number | null;
  applicable: boolean;
}

const RINGS = [25, 50, 75, 100];

/** Splits a label into lines of about `width` characters, on spaces. */
function wrapLabel(label: string, width = 16, maxLines = 3): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of label.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = `${kept[maxLines - 1]!.slice(0, width - 1)}…`;
    return kept;
  }
  return lines;
}

/**
 * Splits a line into lines no wider than `max` points, on spaces (a single word wider than that
 * stays whole). The Svg clips what passes its edge, so labels beside the chart must fit the room
 * left there.
 */
function fitLines(text: string, max: number, size: number, bold = false): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const longer = line ? `${line} ${word}` : word;
    if (line && textWidth(longer, size, bold) > max) {
      lines.push(line);
      line = word;
    } else line = longer;
  }
  if (line) lines.push(line);
  return lines;
}

const TITLE_SIZE = 6.8;
const VALUE_SIZE = 7.5;

export function Radar({
  areas,
  width = 300,
  height = 230,
}: {
  areas: RadarArea[];
  width?: number;
  height?: number;
}) {
  const n = areas.length;
  if (n < 3) return null;
  const cx = width / 2;
  const cy = height / 2 + 2;
  const r = Math.min(width, height) / 2 - 42;
  const angle = (i: number) => -Math.PI / 2 + (2 * Math.PI * i) / n;
  const point = (i: number, value: number) => {
    const a = angle(i);
    return [cx + Math.cos(a) * r * (value / 100), cy + Math.sin(a) * r * (value / 100)] as const;
  };
  const ring = (value: number) => areas.map((_, i) => point(i, value).join(",")).join(" ");
  const shape = areas
    .map((a, i) => point(i, a.applicable && a.score !== null ? Math.max(a.score, 2) : 0).join(","))
    .join(" ");

  return (
    <Svg width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
      {RINGS.map((v) => (
        <Polygon
          key={v}
          points={ring(v)}
          fill="none"
          stroke={colors.rule}
          strokeWidth={v === 100 ? 0.9 : 0.5}
        />
      ))}
      {areas.map((a, i) => {
        const [x, y] = point(i, 100);
        return (
          <Line
            key={`axis-${i}`}
            x1={cx}
            y1={cy}
            x2={x}
            y2={y}
            stroke={colors.rule}
            strokeWidth={0.5}
            strokeDasharray={a.applicable ? undefined : "2,2"}
          />
        );
      })}
      {RINGS.slice(0, 3).map((v) => (
        <Text
          key={`ring-${v}`}
          x={cx + 2}
          y={cy - (r * v) / 100 - 1.5}
          style={{ fontFamily: FONT_FAMILY, fontSize: 5.5 }}
          fill={colors.faint}
        >
          {String(v)}
        </Text>
      ))}
      <Polygon
        points={shape}
        fill={colors.brand}
        fillOpacity={0.16}
        stroke={colors.brand}
        strokeWidth={1.4}
      />
      {areas.map((a, i) =>
        a.applicable && a.score !== null ? (
          <Circle
            key={`dot-${i}`}
            cx={point(i, Math.max(a.score, 2))[0]}
            cy={point(i, Math.max(a.score, 2))[1]}
            r={2.2}
            fill={colors.brand}
          />
        ) : null,
      )}
      {areas.map((a, i) => {
        const ang = angle(i);
        const cos = Math.cos(ang);
        const sin = Math.sin(ang);
        const anchor = Math.abs(cos) < 0.2 ? "middle" : cos > 0 ? "start" : "end";
        const lx = cx + cos * (r + 9);
        // The room between the label's anchor and the chart's edge, less a hair.
        const room =
          (anchor === "start" ? width - lx : anchor === "end" ? lx : 2 * Math.min(lx, width - lx)) - 2;
        const lines = wrapLabel(a.title).flatMap((line) => fitLines(line, room, TITLE_SIZE));
        const value = a.applicable ? (a.score === null ? "not answered yet" : `${a.score}`) : "n/a";
        const valueLines = fitLines(value, room, VALUE_SIZE, true);
        const lineHeight = 8;
        const block = (lines.length + valueLines.length) * lineHeight;
        // Above the chart the block grows upwards, below it downwards, at the sides it is centred.
        const top =
          sin < -0.5
            ? cy + sin * (r + 8) - block + 6
            : sin > 0.5
              ? cy + sin * (r + 8) + 7
              : cy + sin * (r + 6) - block / 2 + 6;
        return (
          <G key={`label-${i}`}>
            {lines.map((line, j) => (
              <Text
                key={j}
                x={lx}
                y={top + j * lineHeight}
                textAnchor={anchor}
                style={{ fontFamily: FONT_FAMILY, fontSize: TITLE_SIZE }}
                fill={a.applicable ? colors.ink : colors.faint}
              >
                {line}
              </Text>
            ))}
            {valueLines.map((line, j) => (
              <Text
                key={`v${j}`}
                x={lx}
                y={top + (lines.length + j) * lineHeight + 0.5}
                textAnchor={anchor}
                style={{ fontFamily: FONT_FAMILY, fontSize: VALUE_SIZE, fontWeight: "bold" }}
                fill={a.applicable && a.score !== null ? scoreColor(a.score) : colors.faint}
              >
                {line}
              </Text>
            ))}
          </G>
        );
      })}
    </Svg>
  );
}
