// Launch blockers in the founder's report: each one, why it matters, and the answer that raised it.
import { Text, View } from "@react-pdf/renderer";

import { Section, SectionTitle, Tag } from "../../blocks/primitives";
import { colors, s } from "../../blocks/styles";
import type { ReportBlocker, ReportConflict, ReportData } from "../../types";
import { couldBeBlockers } from "~/utils/assessment-view";

export function Blockers({
  blockers,
  possible,
  conflicts = [],
  eyebrow,
}: {
  blockers: ReportBlocker[];
  /** "I'm not sure" answers that could be blockers: listed apart, not counted */
  possible: ReportData["possibleBlockers"];
  /** contradictions in the answers: a blocker raised by one of their answers may be a mis-click */
  conflicts?: ReportConflict[];
  eyebrow: string;
}) {
  const contradicted = new Set(conflicts.flatMap((c) => c.answers.map((a) => a.questionId)));
  return (
    <Section breakBefore>
      <SectionTitle
        eyebrow={eyebrow}
        title="Launch blockers"
        intro="Answers that, on their own, make a launch unsafe. Until they are fixed the product is not ready for real customers, whatever its score."
      />
      {blockers.length === 0 ? (
        <View style={s.callout}>
          <Text style={[s.body, { color: colors.ink }]}>No launch blockers found in the answers so far.</Text>
        </View>
      ) : (
        blockers.map((b, i) => (
          <View
            key={b.questionId}
            wrap={false}
            style={{
              flexDirection: "row",
              paddingVertical: 7,
              borderBottomWidth: 0.5,
              borderBottomColor: colors.rule,
            }}
          >
            <Text style={{ width: 22, fontSize: 11, fontWeight: "bold", color: colors.danger }}>{i + 1}</Text>
            <View style={{ flex: 1 }}>
              <View style={{ flexDirection: "row", marginBottom: 3 }}>
                <Tag kind="blocker">{b.areaTitle}</Tag>
              </View>
              <Text style={[s.body, { color: colors.ink, fontWeight: "bold" }]}>{b.impact}</Text>
              <Text
                style={[s.small, s.muted, { marginTop: 2 }]}
              >{`${b.prompt} — Your answer: ${b.answer}`}</Text>
              {contradicted.has(b.questionId) ? (
                <Text style={[s.small, { marginTop: 2, color: colors.caution }]}>
                  This answer contradicts another one (see the readiness summary): check which is right before
                  planning this fix.
                </Text>
              ) : null}
            </View>
          </View>
        ))
      )}
      {possible.length > 0 ? (
        <View style={{ marginTop: 12 }}>
          {/* The heading and its note stay together, with a first line of the list after them; the
              list itself may run on to the next page (twenty questions can be unsure). */}
          <View wrap={false} minPresenceAhead={24}>
            <Text style={[s.body, { color: colors.ink, fontWeight: "bold" }]}>
              {couldBeBlockers(possible.length, "launch blockers")}
            </Text>
            <Text style={[s.small, s.muted, { marginTop: 2, marginBottom: 4 }]}>
              Not counted as blockers, since nobody knows yet; the launch minimum prices each one as if it
              were, until someone checks. Check these first: each answer can only bring the estimate down.
            </Text>
          </View>
          {possible.map((q) => (
            <Text key={q.questionId} style={[s.small, { marginTop: 2 }]}>
              {`• ${q.prompt} (${q.areaTitle})`}
            </Text>
          ))}
        </View>
      ) : null}
    </Section>
  );
}
