// Assumptions and exclusions as the partner wrote them: the boundary of what the price covers.
import { FreeText, Heading, Section, SectionTitle } from "../../blocks/primitives";

export function Assumptions({ assumptions, exclusions }: { assumptions: string; exclusions: string }) {
  // Not on a page of its own: after a timeline that ends a few rows into a page, the terms fill
  // that page instead of leaving it nearly empty (its title keeps itself with what follows).
  return (
    <Section>
      <SectionTitle
        eyebrow="04 · Assumptions"
        title="Assumptions and exclusions"
        intro="What this estimate takes as given, and what it does not cover. If an assumption turns out wrong, the estimate is revisited in a new proposal version."
      />
      <Heading first>Assumptions</Heading>
      <FreeText text={assumptions} empty="No assumptions stated beyond those in the method below." />
      <Heading>Exclusions</Heading>
      <FreeText text={exclusions} empty="No exclusions stated." />
    </Section>
  );
}
