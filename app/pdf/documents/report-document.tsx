// The founder's assessment report: readiness, launch blockers, the effort range and every answer,
// from the same engine output as the results page. For the engagement's founders, whoever downloads
// it, and by the engineering partner when they do.
import { Document, Page } from "@react-pdf/renderer";

import { formatDate } from "~/utils/format";

import { plural, questionSet, teamFacts } from "../blocks/format";
import { bodyLayout } from "../blocks/primitives";
import { s } from "../blocks/styles";
import { truncate } from "../blocks/text";
import type { Person, ReportData } from "../types";
import { Answers } from "./sections/answers";
import { Blockers } from "./sections/blockers";
import { Cover, coverBrand } from "./sections/cover";
import { EffortSection } from "./sections/effort";
import { Method } from "./sections/method";
import { ReportSummary } from "./sections/report-summary";

function personLine(p: Person): string {
  return p.name || p.email;
}

const AND = new Intl.ListFormat("en-GB", { type: "conjunction" });

/** "Maya Okafor", or "Maya Okafor and Sam Lee" for an engagement with two founders. */
function names(people: Person[]): string {
  return AND.format(people.map(personLine));
}

/** `fontFamily`: DejaVu Sans and the fallbacks this document's text needs (blocks/fonts.ts planFonts). */
export function ReportDocument({
  data,
  fontFamily,
  emoji = false,
}: {
  data: ReportData;
  fontFamily: string[];
  emoji?: boolean;
}) {
  const { engagement, preparedFor, preparedBy, settings } = data;
  // Downloaded by a partner whose profile names a company: theirs on the cover and every page, as
  // on their proposals (decision 035); otherwise Finishline's.
  const brand = coverBrand(data.partner);
  const who = names(preparedFor) || "–";
  // Only the emails not already given as the name (a founder without a name is their email).
  const emails = preparedFor.flatMap((p) => (p.name ? [p.email] : [])).join(", ");
  return (
    <Document
      title={`${engagement.name} — Production-readiness report`}
      author={brand?.name ?? "Finishline"}
      subject="Production-readiness assessment report"
      creator="Finishline"
      producer="Finishline"
      language="en"
    >
      <Cover
        fontFamily={fontFamily}
        kind="Assessment report"
        product={engagement.name}
        subtitle="Production-readiness report"
        description={truncate(engagement.description, 600)}
        brand={brand}
        facts={[
          // As the proposal's cover says it: by the partner, for the founders.
          ...(preparedBy
            ? [
                {
                  label: "Prepared by",
                  value: personLine(preparedBy),
                  detail: preparedBy.name ? preparedBy.email : undefined,
                },
              ]
            : []),
          { label: "Prepared for", value: who, detail: emails || undefined },
          { label: "Date", value: formatDate(data.generatedAt), detail: "From the answers at this date" },
          {
            label: "Product",
            value: [engagement.builtWith, engagement.stage].filter(Boolean).join(" · ") || "–",
          },
          {
            label: "Answers",
            value: `${data.completion.answered} of ${data.completion.total}`,
            detail: `${data.completion.percent}% of the questionnaire`,
          },
        ]}
      />
      <Page
        size="A4"
        style={[s.page, { fontFamily }]}
        layout={bodyLayout({
          title: engagement.name,
          detail: `Readiness report · ${formatDate(data.generatedAt)}`,
          note: `Prepared for ${who}${preparedBy ? ` by ${personLine(preparedBy)}` : ""} · Confidential`,
          brand: brand?.name ?? null,
        })}
      >
        <ReportSummary data={data} eyebrow="01 · Readiness" />
        <Blockers
          blockers={data.blockers}
          possible={data.possibleBlockers}
          conflicts={data.conflicts?.items}
          eyebrow="02 · Blockers"
        />
        <EffortSection effort={data.effort} eyebrow="03 · Effort" />
        <Answers sections={data.sections} eyebrow="04 · Answers" />
        <Method
          emoji={emoji}
          eyebrow="05 · Method"
          paragraphs={data.method}
          facts={[
            { label: "Tasks", value: plural(data.effort.tasks, "task") },
            ...teamFacts(settings),
            questionSet(formatDate(data.generatedAt), data.contentVersion),
          ]}
        />
      </Page>
    </Document>
  );
}
