// The partner's terms (payment schedule, warranty, how changes are priced) and the day the offer
// ends, just before the sign-off they are agreed with. Versions without either have no such section.
import { Text } from "@react-pdf/renderer";

import { FreeText, Section, SectionTitle } from "../../blocks/primitives";
import { s } from "../../blocks/styles";

export function Terms({
  eyebrow,
  terms,
  validUntil,
}: {
  eyebrow: string;
  terms: string;
  /** "3 Jan 2027", or null: the version does not expire */
  validUntil: string | null;
}) {
  return (
    <Section>
      <SectionTitle
        eyebrow={eyebrow}
        title="Terms"
        intro={
          validUntil
            ? `This proposal is valid until ${validUntil}: accept it by the end of that day (UTC), or ask for a new version.`
            : undefined
        }
      />
      {terms.trim() ? (
        <FreeText text={terms} />
      ) : (
        <Text style={[s.p, s.muted, s.italic]}>
          No terms stated beyond the assumptions and exclusions above.
        </Text>
      )}
    </Section>
  );
}
