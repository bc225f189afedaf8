// How the numbers were made, in plain words, with the parameters that went in: a reader can check
// the arithmetic and see what would change the result.
import { Text, View } from "@react-pdf/renderer";

import { Fact, Section, SectionTitle } from "../../blocks/primitives";
import { s } from "../../blocks/styles";

// Twemoji's images are CC BY 4.0: a document that shows them credits them (decision 014).
const EMOJI_CREDIT = "Emoji graphics: Twemoji, by Twitter, Inc and other contributors, licensed CC BY 4.0.";

export function Method({
  eyebrow,
  paragraphs,
  facts,
  emoji = false,
}: {
  eyebrow: string;
  paragraphs: string[];
  facts: Array<{ label: string; value: string }>;
  /** the document shows emoji pictures, so it carries their credit */
  emoji?: boolean;
}) {
  return (
    <Section>
      <SectionTitle
        eyebrow={eyebrow}
        title="How the estimate was made"
        intro="Ranges, not single numbers: software estimates are uncertain, and a range says how uncertain."
      />
      {paragraphs.slice(0, facts.length > 0 ? -1 : undefined).map((p, i) => (
        <Text key={i} style={s.p}>
          {p}
        </Text>
      ))}
      {/* The last paragraph goes with the facts: moved on alone, the table sat on a last page of its
          own, read as a stray. */}
      {facts.length > 0 ? (
        <View wrap={false}>
          {paragraphs.length > 0 ? <Text style={s.p}>{paragraphs[paragraphs.length - 1]}</Text> : null}
          <View style={{ marginTop: 8, marginBottom: 12 }}>
            {facts.map((f) => (
              <Fact key={f.label} label={f.label} value={f.value} />
            ))}
          </View>
        </View>
      ) : null}
      {emoji ? <Text style={[s.p, { fontSize: 7.5, color: "#5b6678" }]}>{EMOJI_CREDIT}</Text> : null}
    </Section>
  );
}
