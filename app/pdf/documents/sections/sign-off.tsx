// Sign-off: who accepted this version and when, or blank signature lines while it awaits acceptance.
import { Text, View } from "@react-pdf/renderer";

import { formatDateTime } from "~/utils/format";

import { Section, SectionTitle } from "../../blocks/primitives";
import { colors, s } from "../../blocks/styles";
import type { Person, ProposalAcceptance } from "../../types";

function SignatureBlock({ heading, person }: { heading: string; person: Person }) {
  const line = (label: string) => (
    <View style={{ marginTop: 22 }}>
      <View style={{ borderBottomWidth: 0.75, borderBottomColor: colors.ink, height: 14 }} />
      <Text style={[s.tiny, { marginTop: 2 }]}>{label}</Text>
    </View>
  );
  return (
    <View style={{ flex: 1 }}>
      <Text style={s.kpiLabel}>{heading}</Text>
      <Text style={[s.body, { color: colors.ink, marginTop: 3 }]}>{person.name || person.email}</Text>
      {person.name ? <Text style={s.tiny}>{person.email}</Text> : null}
      {line("Name")}
      {line("Signature")}
      {line("Date")}
    </View>
  );
}

export function SignOff({
  eyebrow,
  version,
  preparedBy,
  preparedFor,
  acceptance,
  withdrawn = null,
  reference,
  hasTerms = false,
  validUntil = null,
  price = null,
}: {
  eyebrow: string;
  version: number;
  preparedBy: Person;
  preparedFor: Person;
  acceptance: ProposalAcceptance | null;
  /** the partner took the version back (decision 039): nothing to sign */
  withdrawn?: { at: number; by: string; reason: string } | null;
  reference?: string;
  /** the version states terms of its own: the signature agrees to them too */
  hasTerms?: boolean;
  /** "3 Jan 2027": the last day it may be accepted, or null */
  validUntil?: string | null;
  /** "at a fixed price of €24,000", or null for the estimate range */
  price?: string | null;
}) {
  // What a signature agrees to: "terms" only when the version states some.
  const agreed = hasTerms
    ? "the scope, estimates, assumptions, exclusions and terms"
    : "the scope, estimates, assumptions and exclusions";
  return (
    <Section>
      <View wrap={false}>
        <SectionTitle eyebrow={eyebrow} title="Sign-off" />
        {acceptance?.imported ? (
          <View style={s.callout}>
            <Text
              style={[s.h3, { color: colors.brandDark }]}
            >{`Version ${version}: accepted elsewhere`}</Text>
            <Text style={[s.body, { color: colors.ink }]}>
              {`The imported file records this version as accepted on ${formatDateTime(acceptance.at)}${acceptance.imported.statedBy ? ` by ${acceptance.imported.statedBy}` : ""}, in the project it was exported from.`}
            </Text>
            <Text style={[s.small, s.muted, { marginTop: 3 }]}>
              {`Imported into Finishline by ${acceptance.imported.by || "a member"} on ${formatDateTime(acceptance.imported.importedAt)}. This is not a signature made in this project; Finishline cannot confirm who accepted it.`}
            </Text>
          </View>
        ) : withdrawn ? (
          <View style={s.callout}>
            <Text style={[s.h3, { color: colors.ink }]}>{`Version ${version} withdrawn`}</Text>
            <Text style={[s.body, { color: colors.ink }]}>
              {`Withdrawn by ${withdrawn.by} on ${formatDateTime(withdrawn.at)}${withdrawn.reason ? `: ${withdrawn.reason}` : ""}${/[.!?]$/.test(withdrawn.reason) ? "" : "."}`}
            </Text>
            <Text style={[s.small, s.muted, { marginTop: 3 }]}>
              This version is no longer on offer and cannot be accepted or signed; a new version replaces it.
            </Text>
          </View>
        ) : acceptance ? (
          <View style={s.callout}>
            <Text style={[s.h3, { color: colors.brandDark }]}>{`Version ${version} accepted`}</Text>
            <Text style={[s.body, { color: colors.ink }]}>
              {`Accepted by ${acceptance.name || acceptance.email}${acceptance.name ? ` (${acceptance.email})` : ""} on ${formatDateTime(acceptance.at)}.`}
            </Text>
            <Text style={[s.small, s.muted, { marginTop: 3 }]}>
              Acceptance was recorded in Finishline against this exact version; the scope, estimates and
              prices above are the ones accepted.
            </Text>
          </View>
        ) : (
          <View>
            <Text style={s.p}>
              {`Version ${version} awaits acceptance${validUntil ? ` and is valid until ${validUntil}` : ""}. Sign below, or accept this version in Finishline, to agree to ${agreed} in this proposal${price ? `, ${price}` : ""}.`}
            </Text>
            <View style={{ flexDirection: "row", marginTop: 6 }}>
              <SignatureBlock heading="For the client" person={preparedFor} />
              <View style={{ width: 36 }} />
              <SignatureBlock heading="For the engineering partner" person={preparedBy} />
            </View>
          </View>
        )}
        {reference ? (
          <Text
            style={[s.tiny, { marginTop: 14 }]}
          >{`Document reference: ${reference.slice(0, 16)} (fingerprint of the published proposal data)`}</Text>
        ) : null}
      </View>
    </Section>
  );
}
