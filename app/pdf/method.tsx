// How the numbers were made, in plain words, with the parameters that went in: a reader can check
// the arithmetic and see what would change the result.
import { Text, View } from "@react-pdf/renderer";

import { Fact, Section, SectionTitle } from "./primitives";
import { s } from "./styles";

export function Method({
  eyebrow,
  paragraphs,
  facts,
}: {
  eyebrow: string;
  paragraphs: string[];
  facts: Array<{ label: string; value: string }>;
}) {
  return (
    <Section>
      <SectionTitle
        eyebrow={eyebrow}
        title="How the estimate was made"
        intro="Ranges, not single numbers: software estimates are uncertain, and a range says how uncertain."
      />
      {paragraphs.map((p, i) => (
        <Text key={i} style={s.p}>
          {p}
        </Text>
      ))}
      {facts.length > 0 ? (
        <View wrap={false} style={{ marginTop: 8, marginBottom: 12 }}>
          {facts.map((f) => (
            <Fact key={f.label} label={f.label} value={f.value} />
          ))}
        </View>
      ) : null}
    </Section>
  );
}
