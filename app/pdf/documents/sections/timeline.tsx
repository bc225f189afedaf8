// The plan by week: each item as a bar, in dependency order, from the snapshot's schedule (greedy
// list scheduling on mean durations). Schedule times are fractional weeks from the start: an item
// from 0.4 to 2.1 runs in weeks 1 to 3.
import { Text, View } from "@react-pdf/renderer";

import type { Phase } from "~/engine/content/types";
import { PHASE_LABELS, type ProposalSnapshot, type SnapshotItem } from "~/engine/plan-types";

import { aboutWeeks, weeksLikelyCautious } from "../../blocks/format";
import { Section, SectionTitle } from "../../blocks/primitives";
import { colors, s } from "../../blocks/styles";
import { textWidth } from "../../blocks/fonts";
import { truncate } from "../../blocks/text";
import { calendarPace, pastLikely } from "~/utils/method-text";

const PHASE_COLOR: Record<Phase, string> = {
  "launch-blocker": colors.brandDark,
  hardening: colors.brand,
  scale: colors.brandSoft,
};
const NUM_W = 24;
const TITLE_W = 200;
const WEEKS_W = 50;
/** Rows kept together at the end of the timeline: a page break never leaves fewer on the last page. */
const TAIL = 3;

function tickStep(weeks: number): number {
  return [1, 2, 4, 5, 10, 13, 26, 52, 104].find((step) => weeks / step <= 12) ?? Math.ceil(weeks / 12);
}

interface TimelineRow {
  ref: number;
  title: string;
  phase: Phase;
  /** start and end in weeks from the start of the work (fractional); null when not scheduled */
  start: number | null;
  end: number | null;
}

/** Rows in the order work starts (dependency order), then the scope table's order. */
function timelineRows(snapshot: ProposalSnapshot, refs: Map<string, number>): TimelineRow[] {
  const byId = new Map<string, SnapshotItem>(snapshot.items.map((i) => [i.id, i]));
  const scheduled = new Set<string>();
  const rows: TimelineRow[] = [];
  for (const entry of snapshot.schedule) {
    const item = byId.get(entry.itemId);
    if (!item || scheduled.has(item.id)) continue;
    scheduled.add(item.id);
    const start = Math.max(0, entry.startWeek);
    rows.push({
      ref: refs.get(item.id) ?? 0,
      title: item.title,
      phase: item.phase,
      start,
      end: Math.max(entry.endWeek, start),
    });
  }
  rows.sort((a, b) => a.start! - b.start! || a.end! - b.end! || a.ref - b.ref);
  for (const item of snapshot.items) {
    if (!scheduled.has(item.id))
      rows.push({
        ref: refs.get(item.id) ?? 0,
        title: item.title,
        phase: item.phase,
        start: null,
        end: null,
      });
  }
  return rows;
}

/** Calendar weeks the item touches, 1-based: "3" or "3–5". */
function weeksLabel(row: TimelineRow): string {
  if (row.start === null || row.end === null) return "–";
  const first = Math.floor(row.start) + 1;
  const last = Math.max(first, Math.ceil(row.end - 1e-9));
  return first === last ? `${first}` : `${first}–${last}`;
}

function Axis({ weeks }: { weeks: number }) {
  const step = tickStep(weeks);
  const ticks: number[] = [];
  for (let w = 0; w < weeks; w += step) ticks.push(w);
  return (
    <View fixed minPresenceAhead={16} style={[s.thead, { alignItems: "flex-end" }]}>
      <Text style={[s.th, s.num, { width: NUM_W }]}>#</Text>
      <Text style={[s.th, { width: TITLE_W }]}>Item</Text>
      <Text style={[s.th, s.num, { width: WEEKS_W }]}>Weeks</Text>
      <View style={{ flex: 1, height: 10, position: "relative", marginLeft: 6 }}>
        {ticks.map((w) => (
          <Text
            key={w}
            style={[
              s.th,
              { position: "absolute", left: `${(w / weeks) * 100}%`, bottom: 0, paddingHorizontal: 0 },
            ]}
          >
            {`${w + 1}`}
          </Text>
        ))}
      </View>
    </View>
  );
}

function Bar({ row, weeks }: { row: TimelineRow; weeks: number }) {
  return (
    <View
      style={{
        flex: 1,
        height: 9,
        marginLeft: 6,
        marginTop: 1.5,
        position: "relative",
        backgroundColor: colors.band,
      }}
    >
      {row.start !== null && row.end !== null ? (
        <View
          style={{
            position: "absolute",
            top: 0,
            bottom: 0,
            left: `${(row.start / weeks) * 100}%`,
            // at least a sliver, so a one-hour item is still visible
            width: `${Math.max(1.2, ((row.end - row.start) / weeks) * 100)}%`,
            backgroundColor: PHASE_COLOR[row.phase] ?? colors.brand,
            borderRadius: 1.5,
          }}
        />
      ) : null}
    </View>
  );
}

const TITLE_SIZE = 7.5;

/**
 * The title cut to fit its column on one line, at a word where it can. Cut only by characters, a
 * title a little too wide was squeezed into the line (its spaces shrunk) before the ellipsis.
 */
function shortTitle(title: string): string {
  const room = TITLE_W - 8; // less the cell's padding
  let max = 60;
  let short = truncate(title, max);
  while (max > 8 && textWidth(short, TITLE_SIZE) > room) short = truncate(title, --max);
  return short;
}

function Row({ row, weeks }: { row: TimelineRow; weeks: number }) {
  return (
    <View wrap={false} style={[s.tr, { paddingVertical: 2.5, alignItems: "center" }]}>
      <Text style={[s.td, s.num, s.muted, { width: NUM_W, fontSize: TITLE_SIZE }]}>{row.ref}</Text>
      <Text style={[s.td, { width: TITLE_W, fontSize: TITLE_SIZE, maxLines: 1, textOverflow: "ellipsis" }]}>
        {shortTitle(row.title)}
      </Text>
      <Text style={[s.td, s.num, { width: WEEKS_W, fontSize: TITLE_SIZE }]}>{weeksLabel(row)}</Text>
      <Bar row={row} weeks={weeks} />
    </View>
  );
}

function Legend({ phases }: { phases: Phase[] }) {
  return (
    <View style={{ flexDirection: "row", marginBottom: 8 }}>
      {phases.map((p) => (
        <View key={p} style={{ flexDirection: "row", alignItems: "center", marginRight: 14 }}>
          <View
            style={{
              width: 10,
              height: 6,
              backgroundColor: PHASE_COLOR[p] ?? colors.brand,
              marginRight: 4,
              borderRadius: 1,
            }}
          />
          <Text style={s.tiny}>{PHASE_LABELS[p] ?? p}</Text>
        </View>
      ))}
    </View>
  );
}

export function Timeline({ snapshot, refs }: { snapshot: ProposalSnapshot; refs: Map<string, number> }) {
  const rows = timelineRows(snapshot, refs);
  const weeks = Math.max(1, Math.ceil(Math.max(0, ...rows.map((r) => r.end ?? 0)) - 1e-9));
  const phases = [...new Set(rows.map((r) => r.phase))];
  const { settings, totals } = snapshot;
  const end = Math.max(0, ...rows.map((r) => r.end ?? 0));
  return (
    <Section breakBefore>
      <SectionTitle
        eyebrow="03 · Timeline"
        title="Timeline"
        intro={`When each item runs, week by week, in the order its dependencies allow. ${calendarPace(settings)} Titles are shortened here; the scope table has them in full. The plan uses expected durations (${aboutWeeks(end)} end to end); the range to plan around is ${weeksLikelyCautious(totals.weeks.p50, totals.weeks.p90)}.${pastLikely(end, totals.weeks.p50)}`}
      />
      {rows.length === 0 ? (
        <Text style={[s.body, s.muted, s.italic]}>Nothing is scheduled in this proposal.</Text>
      ) : (
        <View>
          <Legend phases={phases} />
          <View style={s.table}>
            <Axis weeks={weeks} />
            {rows.slice(0, -TAIL).map((row, i) => (
              <Row key={i} row={row} weeks={weeks} />
            ))}
            {/* The last rows go to a new page together, never one alone under the repeated header. */}
            <View wrap={false}>
              {rows.slice(-TAIL).map((row, i) => (
                <Row key={i} row={row} weeks={weeks} />
              ))}
            </View>
          </View>
        </View>
      )}
    </Section>
  );
}
