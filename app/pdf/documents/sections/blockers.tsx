// Launch blockers in the founder's report: each one, why it matters, and the answer that raised it.
import { Text, View } from "@react-pdf/renderer";

import { Section, SectionTitle, Tag } from "../../blocks/primitives";
import { colors, s } from "../../blocks/styles";
import type { ReportBlocker, ReportConflict } from "../../types";

export function Blockers({
  blockers,
  conflicts = [],
  eyebrow,
}: {
  blockers: ReportBlocker[];
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
    </Section>
  );
}
