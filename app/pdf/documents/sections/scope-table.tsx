// The scope of work: every item in the proposal, grouped by phase, with who does it, its estimate
// range and what it waits for. Items carry a number (#n) that the timeline uses too.
import { Text, View } from "@react-pdf/renderer";

import { PHASES, type Phase } from "~/engine/content/types";
import { leftOutPrerequisites } from "~/engine/out-of-scope";
import { PHASE_LABELS, type OutOfScopeItem, type PlanTotals, type SnapshotItem } from "~/engine/plan-types";

import { aboutHours, estimateRange, formatHours, hoursRange, plural, wholeNumber } from "../../blocks/format";
import { Section, SectionTitle } from "../../blocks/primitives";
import { colors, s } from "../../blocks/styles";
import { Table, TableHead, TableRow, type Column } from "../../blocks/table";
import { phaseHours } from "~/utils/estimate-view";
import { sumOfShownHours } from "~/utils/format";

const COLUMNS: Column[] = [
  { label: "#", width: 24, align: "right" },
  { label: "Item" },
  { label: "Area", width: 86 },
  { label: "Owner", width: 48 },
  { label: "Estimate", width: 60, align: "right" },
  { label: "After", width: 58 },
];
const OWNER_SHORT: Record<string, string> = { partner: "Partner", founder: "Founder" };
// One owner for every item is said once in the intro; the Owner column would only repeat it.
const ONE_OWNER_COLUMNS = COLUMNS.filter((c) => c.label !== "Owner");
const OWNER_WORDS: Record<string, string> = {
  partner: "the engineering partner",
  founder: "the founder's team",
};

const PHASE_COLUMNS: Column[] = [
  { label: "Phase" },
  { label: "Items", width: 60, align: "right" },
  { label: "Likely hours", width: 95, align: "right" },
  { label: "Cautious hours", width: 110, align: "right" },
];
// Versions published before tiers existed have only sums of the items' estimates.
const OLD_PHASE_COLUMNS: Column[] = [
  { label: "Phase" },
  { label: "Items", width: 60, align: "right" },
  { label: "Expected hours", width: 95, align: "right" },
  { label: "Best–worst case", width: 110, align: "right" },
];

/** Each phase's hours as the tier table states them (likely and cautious), so the two tables agree. */
function PhaseSummary({ phases, totals }: { phases: Phase[]; totals: PlanTotals }) {
  const columns = totals.tiers ? PHASE_COLUMNS : OLD_PHASE_COLUMNS;
  return (
    <Table>
      <TableHead columns={columns} />
      {phases.map((p) => {
        const ph = totals.byPhase[p];
        if (!ph) return null;
        const tier = totals.tiers?.find((t) => t.phase === p);
        return (
          <TableRow
            key={p}
            columns={columns}
            cells={[
              PHASE_LABELS[p] ?? p,
              wholeNumber(ph.items),
              ...(tier
                ? [formatHours(tier.hours.p50), formatHours(tier.hours.p90)]
                : [formatHours(ph.hours), `${wholeNumber(ph.optimistic)}–${formatHours(ph.pessimistic)}`]),
            ]}
          />
        );
      })}
    </Table>
  );
}

/** Items in the order the scope table lists them (phase, then plan order), numbered from 1. */
export function numberItems(items: SnapshotItem[]): { ordered: SnapshotItem[]; refs: Map<string, number> } {
  const ordered = PHASES.flatMap((p) => items.filter((i) => i.phase === p));
  // Items with a phase this build does not know still get listed, last.
  ordered.push(...items.filter((i) => !PHASES.includes(i.phase)));
  return { ordered, refs: new Map(ordered.map((item, i) => [item.id, i + 1])) };
}

function dependencyRefs(item: SnapshotItem, refs: Map<string, number>): string {
  const nums = item.dependsOn
    .map((id) => refs.get(id))
    .filter((n): n is number => n !== undefined)
    .sort((a, b) => a - b);
  return nums.length > 0 ? nums.map((n) => `#${n}`).join(", ") : "–";
}

function ItemRow({
  item,
  number,
  refs,
  columns,
  outOfScope,
}: {
  item: SnapshotItem;
  number: number;
  refs: Map<string, number>;
  columns: Column[];
  outOfScope?: OutOfScopeItem[];
}) {
  const leftOut = leftOutPrerequisites(item, outOfScope);
  const notes = [
    item.taskId === null ? "Added by the partner" : null,
    item.sharedBy && item.sharedBy.length > 0
      ? `Shared setup, counted once for: ${item.sharedBy.join("; ")}`
      : null,
    item.estimateReason ? `Estimate: ${item.estimateReason}` : null,
    leftOut.length > 0 ? `Also waits for work not in this proposal: ${leftOut.join("; ")}` : null,
  ].filter(Boolean);
  return (
    <TableRow
      columns={columns}
      cells={[
        `${number}`,
        <Text key="t" style={[s.td, { color: colors.ink }]}>
          <Text style={s.bold}>{item.title}</Text>
          {notes.length > 0 ? <Text style={s.tiny}>{`\n${notes.join(" · ")}`}</Text> : null}
        </Text>,
        item.areaTitle,
        ...(columns === COLUMNS ? [OWNER_SHORT[item.owner] ?? item.owner] : []),
        <Text key="e" style={[s.td, s.num]}>
          {estimateRange(item.estimate)}
          <Text style={s.tiny}>{`\n${aboutHours(item.mean)}`}</Text>
        </Text>,
        dependencyRefs(item, refs),
      ]}
    />
  );
}

function PhaseGroup({
  phase,
  index,
  items,
  refs,
  totals,
  columns,
  outOfScope,
}: {
  phase: Phase;
  index: number;
  items: SnapshotItem[];
  refs: Map<string, number>;
  totals: PlanTotals;
  columns: Column[];
  outOfScope?: OutOfScopeItem[];
}) {
  return (
    <View style={{ marginTop: 12 }}>
      <View minPresenceAhead={70} style={{ flexDirection: "row", alignItems: "flex-end", marginBottom: 4 }}>
        <Text style={[s.h2, { marginTop: 0, marginBottom: 0, flex: 1 }]}>
          {`Phase ${index} · ${PHASE_LABELS[phase] ?? phase}`}
        </Text>
        <Text style={[s.small, s.muted]}>
          {`${plural(items.length, "item")} · ${phaseHours(totals, phase)}`}
        </Text>
      </View>
      <Table>
        <TableHead columns={columns} />
        {items.map((item) => (
          <ItemRow
            key={item.id}
            item={item}
            number={refs.get(item.id)!}
            refs={refs}
            columns={columns}
            outOfScope={outOfScope}
          />
        ))}
      </Table>
    </View>
  );
}

/**
 * Up to this many characters (description and lists), an item is kept whole on a page; the bank's
 * longest task has about 850. Longer text, as an imported version may carry, breaks across pages
 * instead of being moved whole onto a page it might not fit.
 */
const KEEP_WHOLE = 1_600;
const chars = (list: readonly string[]) => list.reduce((n, line) => n + line.length, 0);

/** A task's deliverables or acceptance criteria, as entered: blank lines dropped. */
function lines(list: readonly string[]): string[] {
  return list.map((line) => line.trim()).filter((line) => line !== "");
}

/**
 * "Deliverables" or "Done when" under an item: the label, and one bullet per line beside it, a
 * wrapped line hanging under its text. One Text per list, its lines as paragraphs: a View per line
 * laid the demo proposal out markedly slower. A list is a few short lines, kept on one page so none
 * is read without its label. A list too long for that (an imported version may carry one) puts the
 * label above the lines, so they can break across pages: text in a row cannot, and was cut off.
 */
function ItemList({ label, items }: { label: string; items: string[] }) {
  if (items.length === 0) return null;
  const long = chars(items) > KEEP_WHOLE;
  return (
    <View wrap={long} style={{ flexDirection: long ? "column" : "row", marginLeft: 10, marginTop: 1.5 }}>
      <Text style={[s.tiny, s.bold, { width: 56 }]}>{label}</Text>
      <Text
        style={[s.tiny, { flex: long ? undefined : 1, color: colors.body, paddingLeft: 8, textIndent: -8 }]}
      >
        {items.map((line) => `•  ${line}`).join("\n")}
      </Text>
    </View>
  );
}

export function ScopeTable({
  items,
  totals,
  outOfScope,
  detailsIn,
  priced = true,
}: {
  items: SnapshotItem[];
  totals: PlanTotals;
  outOfScope?: OutOfScopeItem[];
  /** where "What each item covers" is, "Appendix A", when there is one */
  detailsIn?: string;
  /** whether the proposal is priced on this range (false: a fixed price or a cap heads it) */
  priced?: boolean;
}) {
  const { ordered, refs } = numberItems(items);
  const phases = [...new Set(ordered.map((i) => i.phase))];
  // The total the rows' "about N h" add up to, not the unrounded sum an hour or two off it.
  const expected = sumOfShownHours(ordered.map((i) => i.mean));
  const owners = new Set(ordered.map((i) => i.owner));
  const oneOwner = owners.size === 1 ? [...owners][0]! : null;
  const columns = oneOwner ? ONE_OWNER_COLUMNS : COLUMNS;
  return (
    <Section breakBefore>
      <SectionTitle
        eyebrow="02 · Scope"
        title="Scope of work"
        intro={`Every item in this proposal, by phase. Estimates are ranges in engineering hours, from the best case to the worst case we would plan for, with the expected hours under each; “After” lists the items that must be finished first. ${oneOwner ? `Every item is done by ${OWNER_WORDS[oneOwner] ?? oneOwner}.` : "The owner is the engineering partner or the founder's team."}`}
      />
      <PhaseSummary phases={phases} totals={totals} />
      {ordered.length === 0 ? (
        <Text style={[s.body, s.muted, s.italic]}>This proposal has no work items.</Text>
      ) : (
        phases.map((phase, i) => (
          <PhaseGroup
            key={phase}
            phase={phase}
            index={i + 1}
            items={ordered.filter((it) => it.phase === phase)}
            refs={refs}
            totals={totals}
            columns={columns}
            outOfScope={outOfScope}
          />
        ))
      )}
      <View wrap={false} style={[s.callout, { marginTop: 8 }]}>
        <Text style={[s.body, { color: colors.ink }]}>
          <Text
            style={s.bold}
          >{`${plural(ordered.length, "item")}, ${formatHours(expected)} expected in total. `}</Text>
          {`Simulating the items together, with the uncertainty they share, gives ${hoursRange(totals.hours.p50, totals.hours.p90)}, likely to cautious: ${priced ? "the range this proposal is priced on" : "the estimate behind the price this proposal offers"}.`}
        </Text>
      </View>
      {detailsIn ? (
        <Text style={[s.small, s.muted, { marginTop: 6 }]}>
          {`What each item covers, delivers and is accepted against: ${detailsIn}, by the item numbers above.`}
        </Text>
      ) : null}
    </Section>
  );
}

/** The items whose description or lists say what they cover. */
export function describedItems(ordered: SnapshotItem[]) {
  return ordered
    .map((item) => ({
      item,
      description: item.description.trim(),
      deliverables: lines(item.deliverables),
      acceptance: lines(item.acceptance),
    }))
    .filter((d) => d.description !== "" || d.deliverables.length > 0 || d.acceptance.length > 0);
}

/**
 * What each item covers, in the scope table's order and numbers, as the first appendix (what the
 * client decides on comes first: partner audit #18): the description is the only
 * definition of a partner-added item's work, and the founder signs this document. Run-in paragraphs,
 * so a long description breaks across pages like text (a table row cannot). Under each, what it
 * delivers and when it is done (the acceptance criteria): what settles "is it done?" later.
 * Partner-added items have neither, and show nothing more.
 */
export function ItemDescriptions({ eyebrow, items }: { eyebrow: string; items: SnapshotItem[] }) {
  const { ordered, refs } = numberItems(items);
  const described = describedItems(ordered);
  if (described.length === 0) return null;
  return (
    <Section breakBefore>
      <SectionTitle
        eyebrow={eyebrow}
        title="What each item covers"
        intro={
          described.some((d) => d.acceptance.length > 0)
            ? "Each item of the scope, by its number: what it covers, what it delivers, and when it is done, the checks its work is accepted against."
            : "Each item of the scope, by its number: what it covers."
        }
      />
      {described.map(({ item, description, deliverables, acceptance }) => (
        // An item with its lists is kept on one page (a "Done when" at the top of a page read as
        // belonging to nothing), unless a long description would make it too tall to move whole.
        <View
          key={item.id}
          wrap={
            deliverables.length + acceptance.length === 0 ||
            description.length + chars(deliverables) + chars(acceptance) > KEEP_WHOLE
          }
          style={{ marginBottom: 5 }}
        >
          {/* when it may break: with at least its first list on the same page */}
          <Text minPresenceAhead={24} style={[s.small, { color: colors.body }]}>
            <Text style={[s.bold, { color: colors.ink }]}>{`#${refs.get(item.id)} ${item.title}`}</Text>
            {description ? ` — ${description}` : ""}
          </Text>
          <ItemList label="Deliverables" items={deliverables} />
          <ItemList label="Done when" items={acceptance} />
        </View>
      ))}
    </Section>
  );
}
