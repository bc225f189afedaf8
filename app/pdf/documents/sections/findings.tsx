// Findings per area in plain language: what could go wrong for the business, launch blockers first.
import { Text, View } from "@react-pdf/renderer";

import type { SnapshotArea } from "~/engine/plan-types";

import { plural } from "../../blocks/format";
import { Heading, Section, SectionTitle } from "../../blocks/primitives";
import { colors, CONTENT_WIDTH, s } from "../../blocks/styles";
import { ReadinessPanel } from "./readiness";

type AreaFinding = SnapshotArea["findings"][number];

const RANK = (f: AreaFinding) => (f.blocker ? 0 : f.risk === "high" ? 1 : 2);

const FINDING_TAG = {
  blocker: { label: "Launch blocker", style: s.tagBlocker },
  high: { label: "High risk", style: s.tagHigh },
  medium: { label: "Medium risk", style: s.tagMedium },
};

function FindingRow({
  finding,
  question,
}: {
  finding: { risk: "high" | "medium"; blocker: boolean; impact: string };
  question?: string;
}) {
  const tag = FINDING_TAG[finding.blocker ? "blocker" : finding.risk];
  return (
    <View
      wrap={false}
      style={{
        flexDirection: "row",
        paddingVertical: 5,
        borderBottomWidth: 0.5,
        borderBottomColor: colors.rule,
      }}
    >
      <View style={{ width: 82, paddingTop: 1.5 }}>
        <Text style={[s.tag, tag.style, { alignSelf: "flex-start" }]}>{tag.label}</Text>
      </View>
      <Text style={[s.body, { width: CONTENT_WIDTH - 82, color: colors.ink }]}>
        {finding.impact}
        {question ? <Text style={s.tiny}>{`\nFrom: ${question}`}</Text> : null}
      </Text>
    </View>
  );
}

function BlockerCallout({ blockers }: { blockers: Array<{ title: string; impact: string }> }) {
  if (blockers.length === 0) return null;
  return (
    <View style={s.calloutDanger}>
      <Text minPresenceAhead={30} style={[s.h3, { color: colors.danger }]}>
        {`${plural(blockers.length, "launch blocker")}: fix before real customers rely on the product`}
      </Text>
      {blockers.map((b, i) => (
        <View key={i} wrap={false} style={{ flexDirection: "row", marginTop: 4 }}>
          <Text style={[s.body, { width: 16, color: colors.danger, fontWeight: "bold" }]}>{i + 1}.</Text>
          <Text style={[s.body, { flex: 1, color: colors.ink }]}>
            <Text style={s.bold}>{b.impact || b.title}</Text>
            {b.impact && b.title && b.impact !== b.title ? (
              <Text style={s.tiny}>{`\nFrom: ${b.title}`}</Text>
            ) : null}
          </Text>
        </View>
      ))}
    </View>
  );
}

function AreaBlock({ area }: { area: SnapshotArea }) {
  const findings = [...area.findings].sort((a, b) => RANK(a) - RANK(b));
  return (
    <View style={{ marginTop: 14 }}>
      <View
        style={{
          flexDirection: "row",
          alignItems: "flex-end",
          borderBottomWidth: 1,
          borderBottomColor: colors.ink,
          paddingBottom: 3,
        }}
      >
        <Text style={[s.h3, { flex: 1, marginBottom: 0 }]}>{area.title}</Text>
        <Text style={[s.small, s.muted]}>
          {area.applicable
            ? area.score === null
              ? "Not scored yet"
              : `Readiness ${area.score}/100`
            : "Does not apply"}
        </Text>
      </View>
      {!area.applicable ? (
        <Text style={[s.body, s.muted, s.italic, { paddingVertical: 5 }]}>
          This area does not apply to the product.
        </Text>
      ) : findings.length === 0 ? (
        <Text style={[s.body, s.muted, s.italic, { paddingVertical: 5 }]}>
          {/* An area answered "not sure" has no risk to list, and is no all-clear either. */}
          {area.unsure
            ? `${plural(area.unsure, "answer")} not sure: scored as ${area.unsure === 1 ? "a gap" : "gaps"} until someone checks.`
            : "No significant risks found in this area."}
        </Text>
      ) : (
        findings.map((f, i) => <FindingRow key={i} finding={f} question={f.prompt} />)
      )}
    </View>
  );
}

/**
 * The assessment behind the proposal, as its first appendix: readiness by area, then the risks found.
 * A client deciding on the proposal reads price, scope, timeline, terms and sign-off first (partner
 * audit #18: six pages of findings came before the scope); the findings back them up.
 */
export function Findings({
  eyebrow,
  areas,
  blockers,
}: {
  eyebrow: string;
  areas: SnapshotArea[];
  blockers: Array<{ title: string; impact: string }>;
}) {
  return (
    <Section breakBefore>
      <SectionTitle
        eyebrow={eyebrow}
        title="What we found"
        intro="The assessment this proposal rests on: how ready each area is, and the risks it found in plain language, with what could happen to the business if they stay as they are. Launch blockers come first."
      />
      <Heading keepWith={200}>Readiness by area</Heading>
      <ReadinessPanel
        areas={areas.map((a) => ({
          title: a.title,
          applicable: a.applicable,
          score: a.score,
          level: null,
          high: a.high,
          medium: a.medium,
          unsure: a.unsure,
          blockers: a.findings.filter((f) => f.blocker).length,
        }))}
      />
      <BlockerCallout blockers={blockers} />
      {areas.map((a) => (
        <AreaBlock key={a.id} area={a} />
      ))}
    </Section>
  );
}
