// The partner's terms (payment schedule, warranty, how changes are priced) and the day the offer
// ends, just before the sign-off they are agreed with. Versions without any have no such section.
import { Text, View } from "@react-pdf/renderer";

import type { PaymentView } from "~/utils/payment-schedule";

import { FreeText, Heading, Section, SectionTitle } from "../../blocks/primitives";
import { s } from "../../blocks/styles";
import { Table, TableHead, TableRow, type Column } from "../../blocks/table";

const PERCENT = { label: "Percent", width: 60, align: "right" } as const;
const AMOUNT = { label: "Amount", width: 90, align: "right" } as const;

/**
 * When the founder pays (decision 040): a sentence for monthly billing, a table for milestones; then
 * when each invoice is due, when the partner stated it.
 */
function PaymentSchedule({ payment }: { payment: PaymentView }) {
  if (payment.plan === "monthly") {
    return (
      <View wrap={false}>
        <Heading first>Payment schedule</Heading>
        <Text style={s.p}>{payment.text}</Text>
        {payment.due ? <Text style={s.p}>{payment.due}</Text> : null}
      </View>
    );
  }
  const amounts = payment.rows.some((r) => r.amount !== null);
  const columns: Column[] = [{ label: "Milestone" }, PERCENT, ...(amounts ? [AMOUNT] : [])];
  return (
    // At most six rows: the heading, table and note stay together on one page.
    <View wrap={false}>
      <Heading first>Payment schedule</Heading>
      <Table>
        <TableHead columns={columns} />
        {payment.rows.map((r, i) => (
          <TableRow
            key={i}
            columns={columns}
            cells={[r.label, r.percent, ...(amounts ? [r.amount ?? ""] : [])]}
          />
        ))}
      </Table>
      <Text style={[s.small, s.muted, { marginBottom: 8 }]}>{payment.note}</Text>
      {payment.due ? <Text style={s.p}>{payment.due}</Text> : null}
    </View>
  );
}

export function Terms({
  eyebrow,
  terms,
  validUntil,
  payment = null,
}: {
  eyebrow: string;
  terms: string;
  /** "3 Jan 2027", or null: the version does not expire */
  validUntil: string | null;
  /** the payment schedule as shown, or null: not stated */
  payment?: PaymentView | null;
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
      {payment ? <PaymentSchedule payment={payment} /> : null}
      {terms.trim() ? (
        <FreeText text={terms} />
      ) : payment ? null : (
        <Text style={[s.p, s.muted, s.italic]}>
          No terms stated beyond the assumptions and exclusions above.
        </Text>
      )}
    </Section>
  );
}
