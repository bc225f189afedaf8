// Readiness at a glance for the founder's report: overall score and level, blockers, the effort
// range, and readiness per area — the engine's numbers, as on the results page.
import { Text, View } from "@react-pdf/renderer";

import { formatEstimate, hoursRange, moneyRange, plural, weeksLikelyCautious } from "../../blocks/format";
import { formatDate } from "~/utils/format";
import { Heading, KeyFigures, Section, SectionTitle } from "../../blocks/primitives";
import { colors, s } from "../../blocks/styles";
import type { ReportData } from "../../types";
import { ConflictsNote } from "./conflicts";
import { ReadinessPanel } from "./readiness";

export function ReportSummary({ data, eyebrow }: { data: ReportData; eyebrow: string }) {
  const { overall, completion, effort, blockers, engagement } = data;
  const launch = effort.tiers[0]!;
  const { total, provisional } = effort;
  const open = provisional.total - provisional.answered;
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
            note:
              blockers.length > 0
                ? "Fix before launch"
                : data.possibleBlockers.length > 0
                  ? `None so far; ${plural(data.possibleBlockers.length, "“not sure” answer")} could be`
                  : provisional.provisional
                    ? `None so far; ${plural(open, "question")} open`
                    : "None found",
            danger: blockers.length > 0,
          },
          {
            label: provisional.provisional ? "Launch minimum (provisional)" : "Launch minimum",
            // Each end named, as on the results page: which figure is likely and which cautious.
            value:
              launch.tasks === 0 ? (
                "None needed"
              ) : (
                <>
                  {formatEstimate(launch.cost.likely, launch.cost.currency)}
                  <Text style={s.kpiEnd}> likely,</Text>
                  {` ${formatEstimate(launch.cost.cautious, launch.cost.currency)}`}
                  <Text style={s.kpiEnd}> cautious</Text>
                </>
              ),
            note:
              launch.tasks === 0
                ? "Nothing to fix before launch"
                : `${hoursRange(launch.hours.likely, launch.hours.cautious)} · ${weeksLikelyCautious(launch.weeks.likely, launch.weeks.cautious)}`,
            wide: true,
          },
        ]}
      />
      {data.agreement ? <AgreementNote agreement={data.agreement} /> : null}
      {data.conflicts ? <ConflictsNote conflicts={data.conflicts} /> : null}
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
        {data.possibleBlockers.length > 0
          ? `${plural(data.possibleBlockers.length, "“not sure” answer")} could ${data.possibleBlockers.length === 1 ? "be a launch blocker" : "be launch blockers"} (listed with the blockers). `
          : ""}
        {launch.tasks === 0
          ? "No work is needed before launch. "
          : `The launch minimum, what must be fixed before real users or real money, is ${hoursRange(launch.hours.likely, launch.hours.cautious)} of engineering (likely to cautious), or ${moneyRange(launch.cost.likely, launch.cost.cautious, launch.cost.currency)}. `}
        {effort.tasks === 0
          ? "Your answers call for no engineering work at all."
          : `Everything the answers call for, hardening and scale-later work included, is ${hoursRange(total.hours.likely, total.hours.cautious)}, or ${moneyRange(total.cost.likely, total.cost.cautious, total.cost.currency)}.`}
        {provisional.provisional
          ? ` Provisional: ${provisional.answered} of ${provisional.total} questions are answered; the open ones are priced as if the answer were the worst one.`
          : ""}
      </Text>
      <Heading keepWith={200}>Readiness by area</Heading>
      <ReadinessPanel areas={data.areas} />
    </Section>
  );
}

/**
 * The version the founder signed, above the answers' own figures: a reader holding both documents
 * must not take this report's range for a second quote against the agreed price.
 */
function AgreementNote({ agreement: a }: { agreement: NonNullable<ReportData["agreement"]> }) {
  return (
    <View style={s.callout} wrap={false}>
      <Text style={s.h3}>{`Proposal version ${a.number} was accepted on ${formatDate(a.acceptedAt)}`}</Text>
      <Text style={[s.body, { color: colors.ink }]}>
        {`It agreed ${a.price}, for ${hoursRange(a.hours.likely, a.hours.cautious)} of planned work (${moneyRange(a.cost.likely, a.cost.cautious, a.cost.currency)} at its rate). That version is the agreement. The figures in this report come from the answers alone, as they stand today: they measure readiness and are not a second price.`}
      </Text>
    </View>
  );
}
