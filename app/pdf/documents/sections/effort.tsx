// The effort range for the founder's report: the engine's P50/P90 in hours, weeks and money, the
// distribution it came from, what drives it and which answers would narrow it.
import { Line, Rect, Svg, Text as SvgText, Text, View } from "@react-pdf/renderer";

import { AGAINST_A_QUOTE } from "~/utils/estimate-view";

import { FONT_FAMILY } from "../../blocks/fonts";
import { formatHours, percent, plural, trim, weeksLikelyCautious, wholeNumber } from "../../blocks/format";
import { Heading, Section, SectionTitle } from "../../blocks/primitives";
import { colors, CONTENT_WIDTH, s } from "../../blocks/styles";
import { Table, TableHead, TableRow, type Column } from "../../blocks/table";
import type { ReportEffort } from "../../types";
import { ReferenceBox, SharedWorkList, TierTable } from "./tiers";

function Histogram({
  effort,
  width = CONTENT_WIDTH,
  height = 110,
}: {
  effort: ReportEffort;
  width?: number;
  height?: number;
}) {
  const { histogram, hours } = effort;
  const n = histogram.counts.length;
  const max = Math.max(1, ...histogram.counts);
  if (n === 0 || histogram.width <= 0) return null;
  const top = 16;
  const bottom = 16;
  const plotH = height - top - bottom;
  const lo = histogram.start;
  const hi = histogram.start + histogram.width * n;
  const x = (h: number) => ((Math.min(Math.max(h, lo), hi) - lo) / (hi - lo)) * width;
  const barW = width / n;
  const marker = (h: number, label: string) => (
    <>
      <Line
        x1={x(h)}
        y1={top - 4}
        x2={x(h)}
        y2={top + plotH}
        stroke={colors.ink}
        strokeWidth={0.8}
        strokeDasharray="2,2"
      />
      <SvgText
        x={x(h)}
        y={top - 6}
        textAnchor="middle"
        style={{ fontFamily: FONT_FAMILY, fontSize: 6.5, fontWeight: "bold" }}
        fill={colors.ink}
      >
        {label}
      </SvgText>
    </>
  );
  return (
    <Svg width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
      {histogram.counts.map((count, i) => {
        const h = (count / max) * plotH;
        const mid = lo + histogram.width * (i + 0.5);
        return (
          <Rect
            key={i}
            x={i * barW + 0.6}
            y={top + plotH - h}
            width={Math.max(0.5, barW - 1.2)}
            height={h}
            fill={mid <= hours.p50 ? colors.brand : mid <= hours.p90 ? colors.brandSoft : colors.rule}
          />
        );
      })}
      <Line x1={0} y1={top + plotH} x2={width} y2={top + plotH} stroke={colors.muted} strokeWidth={0.6} />
      {marker(hours.p50, `Likely ${formatHours(hours.p50)}`)}
      {marker(hours.p90, `Cautious ${formatHours(hours.p90)}`)}
      <SvgText x={0} y={height - 4} style={{ fontFamily: FONT_FAMILY, fontSize: 6.5 }} fill={colors.muted}>
        {formatHours(lo)}
      </SvgText>
      <SvgText
        x={width}
        y={height - 4}
        textAnchor="end"
        style={{ fontFamily: FONT_FAMILY, fontSize: 6.5 }}
        fill={colors.muted}
      >
        {`${formatHours(hi)}+`}
      </SvgText>
    </Svg>
  );
}

const DRIVER_COLUMNS: Column[] = [
  { label: "Question" },
  { label: "Area", width: 130 },
  { label: "Hours", width: 56, align: "right" },
  { label: "Share", width: 50, align: "right" },
];
const NARROWER_COLUMNS: Column[] = [
  { label: "Question" },
  { label: "Area", width: 130 },
  { label: "Now", width: 70 },
  { label: "Spread", width: 56, align: "right" },
];

export function EffortSection({ effort, eyebrow }: { effort: ReportEffort; eyebrow: string }) {
  return (
    <Section>
      {/* The section opens with its tier table, whole: four rows split over two pages read as two tables. */}
      <View wrap={false}>
        <SectionTitle
          eyebrow={eyebrow}
          title="Effort range"
          intro={`What it takes to close the gaps your answers reveal: ${plural(effort.tasks, "task")} in three tiers, launch minimum first, simulated together. A range, because estimates are uncertain and this one says how much.`}
        />
        <TierTable tiers={effort.tiers} total={effort.total} />
      </View>
      {effort.tasks > 0 ? <Text style={[s.p, s.muted]}>{AGAINST_A_QUOTE}</Text> : null}
      {effort.reference ? (
        <ReferenceBox reference={effort.reference} currency={effort.cost.currency} />
      ) : null}
      <SharedWorkList shared={effort.shared} />
      {/* With no work there is no range to explain ("0 weeks likely", a one-bar chart). */}
      {effort.tasks === 0 ? (
        <Text style={s.p}>Your answers call for no engineering work, so there is no range to show.</Text>
      ) : (
        <>
          <Heading>Where the range comes from</Heading>
          <Text style={s.p}>
            {`All tiers together: ${weeksLikelyCautious(effort.weeks.p50, effort.weeks.p90)}, as the results page says. Adding up the most likely estimate of every task gives ${formatHours(effort.likelySum)}, but ${percent(effort.shareAboveLikely)} of the simulated outcomes need more than that: tasks overrun more often and by more than they underrun, and they tend to overrun together.`}
          </Text>
          <View wrap={false} style={{ marginTop: 6, marginBottom: 6 }}>
            <Text style={[s.kpiLabel, { marginBottom: 4 }]}>Simulated outcomes, total hours</Text>
            <Histogram effort={effort} />
          </View>
        </>
      )}

      {effort.drivers.length > 0 ? (
        <>
          <Heading>What drives the effort</Heading>
          <Table>
            <TableHead columns={DRIVER_COLUMNS} />
            {effort.drivers.map((d, i) => (
              <TableRow
                key={i}
                columns={DRIVER_COLUMNS}
                cells={[d.title, d.areaTitle, `${trim(d.hours)} h`, percent(d.share)]}
              />
            ))}
          </Table>
        </>
      ) : null}

      {effort.narrowers.length > 0 ? (
        <>
          <Heading>What would narrow the range</Heading>
          <Text style={[s.p, s.muted]}>
            Answering these questions (or finding out) removes the most uncertainty. The spread is how many
            hours of the gap between likely and cautious each answer could take away, at most: all of it when
            the answer shows nothing to fix, less when it confirms the work.
          </Text>
          <Table>
            <TableHead columns={NARROWER_COLUMNS} />
            {effort.narrowers.map((n, i) => (
              <TableRow
                key={i}
                columns={NARROWER_COLUMNS}
                cells={[
                  n.prompt,
                  n.areaTitle,
                  n.state === "unsure" ? "Not sure" : "Not answered",
                  `${wholeNumber(n.spreadHours)} h`,
                ]}
              />
            ))}
          </Table>
        </>
      ) : null}
    </Section>
  );
}
