// The proposal's list of answers that rest on accepted evidence from the code (file and line), so a
// reader can tell measured facts from what the founder remembered.
import { Text, View } from "@react-pdf/renderer";

import type { EvidenceNote } from "~/engine/evidence/types";
import { evidenceWhere } from "~/utils/format";

import { Section, SectionTitle, Tag } from "../../blocks/primitives";
import { colors, s } from "../../blocks/styles";
import { breakablePath } from "../../blocks/text";

export function EvidenceNotes({ eyebrow, notes }: { eyebrow: string; notes: EvidenceNote[] }) {
  return (
    <Section>
      <SectionTitle
        eyebrow={eyebrow}
        title="Answers backed by the code"
        intro="These answers were accepted from a scan of the app's code: each rests on what the code shows, at the place given."
      />
      {notes.map((n) => (
        <View
          key={n.questionId}
          wrap={false}
          style={{ paddingVertical: 5, borderBottomWidth: 0.5, borderBottomColor: colors.rule }}
        >
          <Text style={[s.h3, { fontSize: 9 }]}>{n.prompt}</Text>
          <View style={{ flexDirection: "row", marginTop: 2 }}>
            <View style={{ width: 100 }}>
              <Tag kind="brand">Backed by code</Tag>
            </View>
            <View style={{ flex: 1 }}>
              <Text style={[s.body, { color: colors.ink }]}>{n.answer}</Text>
              <Text style={[s.small, s.muted]}>{evidenceWhere(n, breakablePath)}</Text>
            </View>
          </View>
        </View>
      ))}
    </Section>
  );
}
