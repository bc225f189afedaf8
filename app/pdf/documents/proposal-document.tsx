// The proposal PDF: everything comes from the immutable snapshot (plus who accepted it), so the
// document shows the same numbers as the proposal page, today and in a year.
import { Document, Page } from "@react-pdf/renderer";

import { formatDay } from "~/utils/calendar-day";
import { paymentOf, paymentView } from "~/utils/payment-schedule";
import { estimateLine, headlinePrice, priceClause, priceOf } from "~/utils/price-model";
import { formatDate } from "~/utils/format";

import { plural, questionSet, teamFacts } from "../blocks/format";
import { bodyLayout, type TagKind } from "../blocks/primitives";
import { s } from "../blocks/styles";
import { truncate } from "../blocks/text";
import type { ProposalPdfInput } from "../types";
import { Assumptions } from "./sections/assumptions";
import { Cover, coverBrand } from "./sections/cover";
import { EvidenceNotes } from "./sections/evidence";
import { Findings } from "./sections/findings";
import { Method } from "./sections/method";
import { OutOfScope } from "./sections/out-of-scope";
import { ItemDescriptions, ScopeTable, describedItems, numberItems } from "./sections/scope-table";
import { SignOff } from "./sections/sign-off";
import { ProposalSummary } from "./sections/summary";
import { Terms } from "./sections/terms";
import { Timeline } from "./sections/timeline";

function personLine(p: { name: string; email: string }): string {
  return p.name || p.email;
}

/**
 * The cover's badge, in the proposal page's words. A sign-off that came with an imported file was
 * made in another engagement: "Accepted elsewhere", never dated like one made here (the sign-off
 * page says what the file states and that Finishline cannot confirm it).
 */
function coverStatus({ acceptance, imported, withdrawn }: ProposalPdfInput): {
  label: string;
  tone: TagKind;
} {
  // Never accepted (an accepted version cannot be withdrawn): the day it was taken back is its status.
  if (withdrawn) return { label: `Withdrawn on ${formatDate(withdrawn.at)}`, tone: "high" };
  if (acceptance?.imported) return { label: "Accepted elsewhere · Imported", tone: "brand" };
  const status: { label: string; tone: TagKind } = acceptance
    ? { label: `Accepted ${formatDate(acceptance.at)}`, tone: "brand" }
    : { label: "Awaiting acceptance", tone: "neutral" };
  return imported ? { ...status, label: `${status.label} · Imported` } : status;
}

/** `fontFamily`: DejaVu Sans and the fallbacks this document's text needs (blocks/fonts.ts planFonts). */
export function ProposalDocument({
  input,
  fontFamily,
  emoji = false,
}: {
  input: ProposalPdfInput;
  fontFamily: string[];
  emoji?: boolean;
}) {
  const { snapshot, acceptance, snapshotHash } = input;
  const imported = input.imported || Boolean(acceptance?.imported);
  const { engagement, preparedBy, preparedFor, settings, totals } = snapshot;
  const { refs } = numberItems(snapshot.items);
  const version = `Proposal v${snapshot.number}`;
  // Versions published before terms and validity were asked for have neither: no Terms section.
  const validUntil = snapshot.validUntil ? formatDay(snapshot.validUntil) : null;
  const terms = snapshot.terms ?? "";
  // The payment schedule (decision 040) is part of the terms: null when not stated, as before it.
  const payment = paymentView(paymentOf(snapshot), priceOf(snapshot), totals.cost.currency);
  const hasTerms = terms.trim() !== "" || payment !== null;
  const hasTermsSection = hasTerms || validUntil !== null;
  // What the client decides on comes first (summary, scope, timeline, terms, sign-off); the
  // assessment behind it follows as appendices (partner audit #18).
  const evidence = snapshot.evidence ?? [];
  const appendices = [
    ...(describedItems(snapshot.items).length > 0 ? (["items"] as const) : []),
    "findings" as const,
    ...(evidence.length > 0 ? (["evidence"] as const) : []),
    "method" as const,
  ];
  const appendix = (which: (typeof appendices)[number]) =>
    `Appendix ${String.fromCharCode(65 + appendices.indexOf(which))}`;
  // The partner's company, frozen at publish (decision 035): it heads the cover and every page.
  const company = snapshot.partner?.company || null;
  const headline = headlinePrice(priceOf(snapshot), totals.cost.currency);
  const taxNote = snapshot.partner?.taxNote || null;
  return (
    <Document
      title={`${engagement.name} — ${version}`}
      author={personLine(preparedBy)}
      subject="Production-readiness proposal"
      creator="Finishline"
      producer="Finishline"
      language="en"
    >
      <Cover
        fontFamily={fontFamily}
        kind={`Proposal · Version ${snapshot.number}`}
        product={engagement.name}
        subtitle="Production-readiness proposal"
        description={truncate(engagement.description, 600)}
        status={coverStatus(input)}
        brand={coverBrand(snapshot.partner)}
        price={
          headline ? { headline, lines: [estimateLine(totals.cost), ...(taxNote ? [taxNote] : [])] } : null
        }
        facts={[
          {
            label: "Prepared by",
            value: personLine(preparedBy),
            detail: preparedBy.name ? preparedBy.email : undefined,
          },
          {
            label: "Prepared for",
            value: personLine(preparedFor),
            detail: preparedFor.name ? preparedFor.email : undefined,
          },
          {
            label: "Version",
            value: `${snapshot.number}`,
            detail: `Published ${formatDate(snapshot.publishedAt)}${imported ? " (as stated in an imported file)" : ""}${validUntil ? ` · valid until ${validUntil}` : ""}`,
          },
          {
            label: "Product",
            value: [engagement.builtWith, engagement.stage].filter(Boolean).join(" · ") || "–",
          },
        ]}
      />
      <Page
        size="A4"
        style={[s.page, { fontFamily }]}
        layout={bodyLayout({
          title: engagement.name,
          detail: `${version} · ${formatDate(snapshot.publishedAt)}`,
          note: `Prepared for ${personLine(preparedFor)} by ${personLine(preparedBy)} · Confidential`,
          brand: company,
        })}
      >
        <ProposalSummary snapshot={snapshot} />
        <ScopeTable
          items={snapshot.items}
          totals={totals}
          outOfScope={snapshot.outOfScope}
          detailsIn={appendices.includes("items") ? appendix("items") : undefined}
          priced={priceOf(snapshot).model === "range"}
        />
        <OutOfScope items={snapshot.outOfScope} />
        <Timeline snapshot={snapshot} refs={refs} />
        <Assumptions assumptions={snapshot.assumptions} exclusions={snapshot.exclusions} />
        {hasTermsSection ? (
          <Terms eyebrow="05 · Terms" terms={terms} validUntil={validUntil} payment={payment} />
        ) : null}
        <SignOff
          eyebrow={hasTermsSection ? "06 · Acceptance" : "05 · Acceptance"}
          hasTerms={hasTerms}
          validUntil={validUntil}
          price={priceClause(priceOf(snapshot), totals.cost.currency)}
          version={snapshot.number}
          preparedBy={preparedBy}
          preparedFor={preparedFor}
          acceptance={acceptance}
          withdrawn={input.withdrawn ?? null}
          reference={snapshotHash}
        />
        <ItemDescriptions eyebrow={`${appendix("items")} · Scope`} items={snapshot.items} />
        <Findings
          eyebrow={`${appendix("findings")} · Findings`}
          areas={snapshot.readiness.areas}
          blockers={snapshot.readiness.blockers}
        />
        {evidence.length > 0 ? (
          <EvidenceNotes eyebrow={`${appendix("evidence")} · Evidence`} notes={evidence} />
        ) : null}
        <Method
          emoji={emoji}
          eyebrow={`${appendix("method")} · Method`}
          paragraphs={snapshot.method}
          facts={[
            { label: "Work items", value: plural(totals.items, "item") },
            ...teamFacts(settings),
            questionSet(formatDate(snapshot.publishedAt), snapshot.contentVersion),
          ]}
        />
      </Page>
    </Document>
  );
}
