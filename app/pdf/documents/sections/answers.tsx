// Every answer, question by question: what was answered, what it means (the finding), and why the
// question matters (its help text), with the founder's notes and the partner's review.
import { Text, View } from "@react-pdf/renderer";

import { evidenceWhere } from "~/utils/format";

import { Section, SectionTitle, Tag } from "../../blocks/primitives";
import { colors, s } from "../../blocks/styles";
import { breakablePath } from "../../blocks/text";
import type { ReportQuestion, ReportSection } from "../../types";

// The tag's colour; its words are the answer's (q.answer, app/engine/answer-words.ts).
const STATE_TAG = {
  unsure: "medium",
  missing: "neutral",
  "not-applicable": "neutral",
} as const;

function AnswerBlock({ q }: { q: ReportQuestion }) {
  const stateTag = q.state === "answered" ? null : STATE_TAG[q.state];
  return (
    <View wrap={false} style={{ paddingVertical: 7, borderBottomWidth: 0.5, borderBottomColor: colors.rule }}>
      <Text style={[s.h3, { fontSize: 9 }]}>{q.prompt}</Text>
      <View style={{ flexDirection: "row", marginTop: 2 }}>
        <Text style={[s.small, s.muted, { width: 64 }]}>Answer</Text>
        <View style={{ flex: 1 }}>
          {stateTag ? (
            <Tag kind={stateTag}>{q.answer}</Tag>
          ) : (
            <Text style={[s.body, { color: colors.ink }]}>{q.answer}</Text>
          )}
          {q.notApplicableReason ? <Text style={[s.small, s.muted]}>{q.notApplicableReason}</Text> : null}
          {q.review?.kind === "corrected" ? (
            <Text style={[s.small, s.muted]}>
              {`Corrected by ${q.review.by ?? "the engineering partner"}; originally answered “${q.review.originalAnswer ?? ""}”.${q.review.note ? ` ${q.review.note}` : ""}`}
            </Text>
          ) : q.review?.kind === "verified" ? (
            <Text style={[s.small, { color: colors.brandDark }]}>
              {`Verified by ${q.review.by ?? "the engineering partner"}.${q.review.note ? ` ${q.review.note}` : ""}`}
            </Text>
          ) : null}
          {q.evidence ? (
            <Text style={[s.small, { color: colors.brandDark }]}>
              {`Backed by code evidence: ${evidenceWhere(q.evidence, breakablePath)}.`}
            </Text>
          ) : null}
        </View>
      </View>
      {q.finding ? (
        <View style={{ flexDirection: "row", marginTop: 4 }}>
          <View style={{ width: 64, paddingTop: 1 }}>
            <Tag kind={q.finding.blocker ? "blocker" : q.finding.risk}>
              {q.finding.blocker ? "Blocker" : q.finding.risk === "high" ? "High risk" : "Medium"}
            </Tag>
          </View>
          <Text style={[s.body, { flex: 1, color: q.finding.blocker ? colors.danger : colors.ink }]}>
            {q.finding.impact}
          </Text>
        </View>
      ) : null}
      {q.note ? (
        <View style={{ flexDirection: "row", marginTop: 4 }}>
          <Text style={[s.small, s.muted, { width: 64 }]}>Note</Text>
          <Text style={[s.body, s.italic, { flex: 1 }]}>{q.note}</Text>
        </View>
      ) : null}
      {q.help ? (
        <View style={{ flexDirection: "row", marginTop: 4 }}>
          <Text style={[s.small, s.muted, { width: 64 }]}>Why it matters</Text>
          <Text style={[s.small, s.muted, { flex: 1 }]}>{q.help}</Text>
        </View>
      ) : null}
    </View>
  );
}

export function Answers({ sections, eyebrow }: { sections: ReportSection[]; eyebrow: string }) {
  return (
    <Section breakBefore>
      <SectionTitle
        eyebrow={eyebrow}
        title="Your answers"
        intro="Every question you were asked, with your answer, what it means for the product, and why the question matters."
      />
      {sections.map((section) => {
        const [first, ...rest] = section.questions;
        return (
          <View key={section.id} style={{ marginBottom: 10 }}>
            {/* The area's heading and its first answer as one block: minPresenceAhead alone left
                "Payments" at the foot of a page, because an answer (never split) is often taller
                than the room it asks for. */}
            <View wrap={false}>
              <View
                style={{
                  borderBottomWidth: 1,
                  borderBottomColor: colors.ink,
                  paddingBottom: 3,
                  marginTop: 12,
                }}
              >
                <Text style={[s.h2, { marginTop: 0, marginBottom: 2 }]}>{section.title}</Text>
                {section.summary ? <Text style={[s.small, s.muted]}>{section.summary}</Text> : null}
              </View>
              {first ? (
                <AnswerBlock q={first} />
              ) : (
                <Text style={[s.body, s.muted, s.italic, { paddingVertical: 5 }]}>
                  No questions in this section apply.
                </Text>
              )}
            </View>
            {rest.map((q) => (
              <AnswerBlock key={q.id} q={q} />
            ))}
          </View>
        );
      })}
    </Section>
  );
}
