// The founder's assessment report: readiness, launch blockers, the effort range and every answer,
// from the same engine output as the results page.
import { Document, Page } from "@react-pdf/renderer";

import { formatDate } from "~/utils/format";

import { formatRate, plural, questionSet } from "../blocks/format";
import { bodyLayout } from "../blocks/primitives";
import { s } from "../blocks/styles";
import { truncate } from "../blocks/text";
import type { ReportData } from "../types";
import { Answers } from "./sections/answers";
import { Blockers } from "./sections/blockers";
import { Cover } from "./sections/cover";
import { EffortSection } from "./sections/effort";
import { Method } from "./sections/method";
import { ReportSummary } from "./sections/report-summary";

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
  const { engagement, preparedFor, settings } = data;
  const who = preparedFor.name || preparedFor.email;
  return (
    <Document
      title={`${engagement.name} — Production-readiness report`}
      author="Finishline"
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
        facts={[
          { label: "Prepared for", value: who, detail: preparedFor.name ? preparedFor.email : undefined },
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
          note: `Prepared for ${who} · Confidential`,
        })}
      >
        <ReportSummary data={data} eyebrow="01 · Readiness" />
        <Blockers blockers={data.blockers} eyebrow="02 · Blockers" />
        <EffortSection effort={data.effort} eyebrow="03 · Effort" />
        <Answers sections={data.sections} eyebrow="04 · Answers" />
        <Method
          emoji={emoji}
          eyebrow="05 · Method"
          paragraphs={data.method}
          facts={[
            { label: "Tasks", value: plural(data.effort.tasks, "task") },
            {
              label: "Team",
              value: `${plural(settings.teamSize, "person", "people")}, ${settings.weeklyCapacity} hours a week each`,
            },
            { label: "Hourly rate", value: formatRate(settings.hourlyRate, settings.currency) },
            questionSet(formatDate(data.generatedAt), data.contentVersion),
          ]}
        />
      </Page>
    </Document>
  );
}
