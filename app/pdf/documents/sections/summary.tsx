// Executive summary of a proposal: readiness, launch blockers, the effort range in hours and weeks,
// the cost range, the scope by phase and readiness per area. Every figure comes from the snapshot.
import { Text, View } from "@react-pdf/renderer";

import type { ProposalSnapshot } from "~/engine/plan-types";

import {
  formatEstimate,
  formatHours,
  formatRate,
  formatWeeks,
  hoursRange,
  moneyRange,
  plural,
  weeksRange,
} from "../../blocks/format";
import { Heading, KeyFigures, Section, SectionTitle } from "../../blocks/primitives";
import { s } from "../../blocks/styles";
import { Table, TableHead, TableRow, type Column } from "../../blocks/table";
import { TierTable } from "./tiers";
import { couldBeBlockers } from "~/utils/assessment-view";
import { tierViews, unpricedNote } from "~/utils/estimate-view";
import { calendarPace, leftOpen } from "~/utils/method-text";
import { estimateLine, headlinePrice, priceOf } from "~/utils/price-model";

const ESTIMATE_COLUMNS: Column[] = [
  { label: "" },
  { label: "50% likely (P50)", width: 130, align: "right" },
  { label: "90% likely (P90)", width: 130, align: "right" },
];

function EstimateTable({
  hours,
  weeks,
  cost,
}: {
  hours: { p50: number; p90: number };
  weeks: { p50: number; p90: number };
  cost: { p50: number; p90: number; currency: string };
}) {
  return (
    <Table>
      <TableHead columns={ESTIMATE_COLUMNS} />
      <TableRow
        columns={ESTIMATE_COLUMNS}
        cells={["Engineering effort", formatHours(hours.p50), formatHours(hours.p90)]}
      />
      <TableRow
        columns={ESTIMATE_COLUMNS}
        cells={["Calendar time", formatWeeks(weeks.p50), formatWeeks(weeks.p90)]}
      />
      <TableRow
        columns={ESTIMATE_COLUMNS}
        cells={[
          <Text key="c" style={[s.td, s.bold]}>
            Cost ({cost.currency})
          </Text>,
          <Text key="p50" style={[s.td, s.num, s.bold]}>
            {formatEstimate(cost.p50, cost.currency)}
          </Text>,
          <Text key="p90" style={[s.td, s.num, s.bold]}>
            {formatEstimate(cost.p90, cost.currency)}
          </Text>,
        ]}
      />
    </Table>
  );
}

export function ProposalSummary({ snapshot }: { snapshot: ProposalSnapshot }) {
  const { readiness, totals, settings, engagement } = snapshot;
  const blockers = readiness.blockers.length;
  // "Not sure" answers that could be blockers, as the results page and the report count them; 0 for
  // a version published before the snapshot recorded them (nothing said rather than guessed).
  const possible = readiness.possibleBlockers ?? 0;
  const score = readiness.overall.score;
  const team = settings.teamSize === 1 ? "one engineer" : `a team of ${settings.teamSize}`;
  // Proposals published before tiers existed keep their single range (snapshots are immutable).
  const tiers = totals.tiers
    ? tierViews(
        totals.tiers,
        {
          tasks: totals.items,
          hours: totals.hours,
          weeks: totals.weeks,
          cost: totals.cost,
        },
        "plan",
        (id) => snapshot.items.find((i) => i.id === id)?.title,
      )
    : null;
  const launch = tiers?.tiers[0];
  const shared = snapshot.items.filter((i) => i.sharedBy && i.sharedBy.length > 1).length;
  const left = leftOpen(snapshot.open);
  // The price offered (decision 035): a fixed or capped amount heads the summary, the range beneath.
  const headline = headlinePrice(priceOf(snapshot), totals.cost.currency);
  const taxNote = snapshot.partner?.taxNote || null;
  return (
    <Section first>
      <SectionTitle
        eyebrow="01 · Summary"
        title="Executive summary"
        intro={`Where ${engagement.name} stands today, what it takes to get it ready for real users, and what that costs.`}
      />
      {headline ? (
        <View style={s.callout} wrap={false}>
          <Text style={[s.kpiLabel]}>Price</Text>
          <Text style={[s.kpiValue, { marginTop: 2 }]}>{headline}</Text>
          <Text style={[s.body, { marginTop: 2 }]}>{estimateLine(totals.cost)}</Text>
          {taxNote ? <Text style={[s.small, s.muted, { marginTop: 2 }]}>{taxNote}</Text> : null}
        </View>
      ) : null}
      <KeyFigures
        items={[
          {
            label: "Readiness",
            value: score === null ? "–" : `${score}/100`,
            note: readiness.overall.level ?? "Not enough answers yet",
          },
          {
            label: "Launch blockers",
            value: String(blockers),
            note:
              blockers > 0
                ? "Fix before launch"
                : possible > 0
                  ? `None so far; ${plural(possible, "“not sure” answer")} could be`
                  : "None found",
            danger: blockers > 0,
          },
          ...(launch
            ? [
                {
                  label: "Launch minimum",
                  value: moneyRange(launch.cost.likely, launch.cost.cautious, launch.cost.currency),
                  note: `${hoursRange(launch.hours.likely, launch.hours.cautious)} · ${weeksRange(launch.weeks.likely, launch.weeks.cautious)} · ${plural(launch.tasks, "item")} · likely–cautious`,
                  wide: true,
                },
              ]
            : [
                {
                  label: "Effort",
                  value: hoursRange(totals.hours.p50, totals.hours.p90),
                  note: `P50–P90 · ${plural(totals.items, "item")}`,
                },
                {
                  label: "Calendar",
                  value: weeksRange(totals.weeks.p50, totals.weeks.p90),
                  note: `P50–P90 · ${team}`,
                },
              ]),
        ]}
      />
      <Text style={s.lead}>
        {score === null
          ? `${engagement.name} has not been scored yet. `
          : `${engagement.name} scores ${score} out of 100 for production readiness${readiness.overall.level ? ` (${readiness.overall.level})` : ""}. `}
        {blockers === 0
          ? possible > 0
            ? `The assessment found no launch blockers so far, but ${couldBeBlockers(possible, "launch blockers")}: nobody knows the answer yet. `
            : "The assessment found no launch blockers. "
          : `The assessment found ${plural(blockers, "launch blocker")}: ${blockers === 1 ? "an issue" : "issues"} that must be fixed before real customers rely on the product. `}
        {blockers > 0 && possible > 0 ? `${couldBeBlockers(possible, "launch blockers")}. ` : ""}
        {launch
          ? `The launch minimum, what must be done before real users or real money, is ${plural(launch.tasks, "work item")} estimated at ${hoursRange(launch.hours.likely, launch.hours.cautious)} (likely to cautious), or ${moneyRange(launch.cost.likely, launch.cost.cautious, launch.cost.currency)}. The whole proposal covers ${plural(totals.items, "work item")}: ${formatHours(totals.hours.p50)} to ${formatHours(totals.hours.p90)}, or ${moneyRange(totals.cost.p50, totals.cost.p90, totals.cost.currency)}.`
          : `This proposal covers ${plural(totals.items, "work item")}, estimated at ${formatHours(totals.hours.p50)} to ${formatHours(totals.hours.p90)} of engineering, or ${moneyRange(totals.cost.p50, totals.cost.p90, totals.cost.currency)}.`}
        {shared > 0
          ? ` Setup that several items share is counted once (${plural(shared, "shared item")}).`
          : ""}
      </Text>

      <Heading>Estimate</Heading>
      {tiers ? (
        <TierTable tiers={tiers.tiers} total={tiers.total} />
      ) : (
        <>
          <EstimateTable hours={totals.hours} weeks={totals.weeks} cost={totals.cost} />
          <Text style={[s.p, s.muted, s.small]}>
            P50: as likely to come in under as over. P90: 9 in 10 outcomes come in under.
          </Text>
        </>
      )}
      <Text style={[s.p, s.muted, s.small]}>
        {`${calendarPace(settings)} Cost is hours at ${formatRate(settings.hourlyRate, settings.currency)} an hour.`}
        {totals.unpriced ? ` ${unpricedNote(totals.unpriced)}` : ""}
        {taxNote && !headline ? ` ${taxNote}` : ""}
      </Text>
      {left ? <Text style={[s.p, s.muted, s.small]}>{left}</Text> : null}
    </Section>
  );
}
