// The estimate by tier, launch minimum first, and what comparable projects cost: the same figures
// and words as the results page (app/utils/estimate-view.ts), for both PDFs.
import { Link, Text, View } from "@react-pdf/renderer";

import { CAUTIOUS, LIKELY, midSentence, REFERENCE_POSITION, type TierView } from "~/utils/estimate-view";

import { formatEstimate, formatHours, plural, weeksRange } from "../../blocks/format";
import { Heading } from "../../blocks/primitives";
import { colors, s } from "../../blocks/styles";
import { fitColumns, Table, TableHead, TableRow, type Column } from "../../blocks/table";
import type { ReportReference, ReportSharedWork } from "../../types";

const TIER_COLUMNS: Column[] = [
  { label: "Tier" },
  { label: "Tasks", width: 32, align: "right" },
  { label: `Hours, ${LIKELY.word.toLowerCase()}`, width: 50, align: "right" },
  { label: `Hours, ${CAUTIOUS.word.toLowerCase()}`, width: 54, align: "right" },
  { label: "Weeks", width: 76, align: "right" }, // "12.5–21.5 weeks" in bold on one line
  { label: `Cost, ${LIKELY.word.toLowerCase()}`, width: 58, align: "right" },
  { label: `Cost, ${CAUTIOUS.word.toLowerCase()}`, width: 62, align: "right" },
];

/** A tier's figures as its row prints them; a tier with nothing in it reads "None" and dashes, not zeros. */
function tierCells(t: TierView): string[] {
  return t.id !== "total" && t.tasks === 0
    ? ["None", "—", "—", "—", "—", "—"]
    : [
        String(t.tasks),
        formatHours(t.hours.likely),
        formatHours(t.hours.cautious),
        weeksRange(t.weeks.likely, t.weeks.cautious),
        formatEstimate(t.cost.likely, t.cost.currency),
        formatEstimate(t.cost.cautious, t.cost.currency),
      ];
}

export function TierTable({ tiers, total }: { tiers: TierView[]; total: TierView }) {
  // Wide enough for the longest figure, in bold as the launch and total rows set it: a yen or won
  // amount of 11 characters ran into the column beside it (QA 7, finding 6).
  const columns = fitColumns(
    TIER_COLUMNS,
    [...tiers, total].map((t) => [null, ...tierCells(t)]),
    { bold: true },
  );
  const row = (t: TierView, strong: boolean) => (
    <TableRow
      key={t.id}
      columns={columns}
      cells={[
        <View key="t">
          <Text style={[s.td, s.bold]}>{t.title}</Text>
          {t.id !== "total" ? <Text style={[s.td, s.muted, s.small]}>{t.meaning}</Text> : null}
        </View>,
        ...tierCells(t).map((text, i) => (
          <Text key={i} style={strong ? [s.td, s.num, s.bold] : [s.td, s.num]}>
            {text}
          </Text>
        )),
      ]}
    />
  );
  return (
    <>
      <Table>
        <TableHead columns={columns} />
        {tiers.map((t) => row(t, t.id === "launch"))}
        {row(total, true)}
      </Table>
      {/* Later-phase work a tier waits for is in its figures (decision 051). */}
      {tiers.flatMap((t) =>
        t.includes
          ? [
              <Text key={t.id} style={[s.p, s.small]}>
                {t.includes}
              </Text>,
            ]
          : [],
      )}
      <Text style={[s.p, s.muted, s.small]}>
        {`${LIKELY.word}: ${LIKELY.meaning} (P50). ${CAUTIOUS.word}: ${CAUTIOUS.meaning} (P90). Tiers run one after another, launch minimum first. The total is simulated as one project, its weeks running through all three tiers, so it is not the sum of the rows.`}
      </Text>
    </>
  );
}

export function ReferenceBox({ reference, currency }: { reference: ReportReference; currency: string }) {
  // No launch work, nothing to compare (QA 7, finding 13), as the results page says it.
  const none = reference.estimate <= 0;
  return (
    <View wrap={false} style={{ marginTop: 4, marginBottom: 8 }}>
      <Heading>{`Projects like this: ${midSentence(reference.title)}`}</Heading>
      <Text style={s.p}>
        {`Published prices put the launch minimum of comparable projects at ${reference.low}–${formatHours(reference.high)} (typically ${reference.median} h), about ${formatEstimate(reference.cost.low, currency)}–${formatEstimate(reference.cost.high, currency)} at this rate${reference.weeks ? `, over ${reference.weeks.low}–${reference.weeks.high} weeks` : ""}. ${none ? "The answers call for no work before launch, so there is nothing to set against this range." : `This launch minimum, ${formatHours(reference.estimate)} likely, is ${REFERENCE_POSITION[reference.position]}.`}`}
      </Text>
      {(none ? [] : reference.reasons).map((r, i) => (
        <Text key={i} style={[s.p, s.small]}>{`• ${r}`}</Text>
      ))}
      <Text style={[s.p, s.muted, s.small]}>{reference.basis}</Text>
      {reference.sources.map((src) => (
        <Text key={src.id} style={[s.small, s.muted, { marginBottom: 2 }]}>
          <Link src={src.url} style={{ color: colors.brand }}>
            {`${src.publisher}: ${src.title}`}
          </Link>
          {`${src.date !== "unknown" ? ` (${src.date})` : ""}${src.figure ? ` — ${src.figure}` : ""}`}
        </Text>
      ))}
    </View>
  );
}

export function SharedWorkList({ shared }: { shared: ReportSharedWork[] }) {
  if (shared.length === 0) return null;
  const saved = shared.reduce((sum, p) => sum + p.saved, 0);
  return (
    <View style={{ marginBottom: 6 }}>
      {/* The heading, its intro and the first package move together: on their own they were left at
          the foot of a page with every package on the next. */}
      <View wrap={false}>
        <Heading>Shared work, counted once</Heading>
        <Text style={[s.p, s.muted]}>
          {`Some tasks build on the same setup; it is counted once, not in every task${saved >= 1 ? ` (about ${formatHours(saved)} less than adding them up one by one)` : ""}.`}
        </Text>
        <SharedPackage p={shared[0]!} />
      </View>
      {shared.slice(1).map((p) => (
        <SharedPackage key={p.id} p={p} />
      ))}
    </View>
  );
}

function SharedPackage({ p }: { p: ReportSharedWork }) {
  return (
    <Text style={[s.p, s.small]}>
      {`• ${p.title}, about ${formatHours(p.hours)}: shared by ${plural(p.members.length, "task")} (${p.members.map((m) => m.title).join("; ")})`}
    </Text>
  );
}
