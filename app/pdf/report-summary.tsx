// Readiness at a glance for the founder's report: overall score and level, blockers, the effort
// range, and readiness per area — the engine's numbers, as on the results page.
import { Text } from "@react-pdf/renderer";

import { hoursRange, moneyRange, plural, weeksRange } from "./format";
import { Heading, KeyFigures, Section, SectionTitle } from "./primitives";
import { ReadinessPanel } from "./readiness";
import { s } from "./styles";
import type { ReportData } from "./types";

export function ReportSummary({ data, eyebrow }: { data: ReportData; eyebrow: string }) {
  const { overall, completion, effort, blockers, engagement } = data;
  return (
    <Section first>
      <SectionTitle
        eyebrow={eyebrow}
        title="Readiness at a glance"
        intro={`How ready ${engagement.name} is for real users, based on ${completion.answered} of ${completion.total} questions answered (${completion.percent}%).`}
      />
      <KeyFigures
        items={[
          {
            label: "Readiness",
            value: overall.score === null ? "–" : `${overall.score}/100`,
            note: overall.level ?? "Not enough answers yet",
          },
          {
            label: "Launch blockers",
            value: String(blockers.length),
            note: blockers.length === 0 ? "None found" : "Fix before launch",
            danger: blockers.length > 0,
          },
          { label: "Effort", value: hoursRange(effort.hours.p50, effort.hours.p90), note: "P50–P90" },
          { label: "Calendar", value: weeksRange(effort.weeks.p50, effort.weeks.p90), note: "P50–P90" },
        ]}
      />
      <Text style={s.lead}>
        {overall.score === null
          ? "There are not enough answers yet to score the product. "
          : `${engagement.name} scores ${overall.score} out of 100${overall.level ? ` (${overall.level})` : ""}. ${overall.description ?? ""} `}
        {overall.cappedByBlockers
          ? "The level is held below “Production-ready” while launch blockers remain. "
          : ""}
        {blockers.length > 0
          ? `${plural(blockers.length, "answer")} ${blockers.length === 1 ? "is a launch blocker" : "are launch blockers"}. `
          : ""}
        {`Closing the gaps is estimated at ${hoursRange(effort.hours.p50, effort.hours.p90)} of engineering (P50–P90), or ${moneyRange(effort.cost.p50, effort.cost.p90, effort.cost.currency)}.`}
      </Text>
      <Heading keepWith={200}>Readiness by area</Heading>
      <ReadinessPanel
        areas={data.areas.map((a) => ({
          title: a.title,
          applicable: a.applicable,
          score: a.score,
          level: a.level,
          high: a.high,
          medium: a.medium,
          blockers: a.blockers,
        }))}
      />
    </Section>
  );
}
