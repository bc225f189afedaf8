import type { LoaderFunctionArgs } from "@remix-run/node";

import { evidenceNotes, markEvidence } from "~/evidence/answer-evidence.server";
import { getEngagementAssessment } from "~/models/assessment.server";
import { buildReportData } from "~/pdf/documents/report-data.server";
import { orUnavailable, pdfResponse, reportPdf } from "~/pdf/rendering/pdf.server";
import { productFacts } from "~/utils/engagement-options";
import { requireMember } from "~/auth/membership.server";
import { consume, pdfLimiter } from "~/auth/rate-limit.server";

// The founder's assessment report as a PDF (/engagements/:id/report.pdf): the same engine output as
// the results page, plus every answer with its finding and help text. Rendered in a worker thread.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { engagement, user } = await requireMember({ request, context }, params.id);
  await consume(pdfLimiter(), user.id);
  const { content, stored, answers, assessment } = await getEngagementAssessment({ engagement });
  const data = buildReportData({
    engagement: {
      id: engagement.id,
      name: engagement.name,
      description: engagement.description,
      ...productFacts(answers),
    },
    content,
    stored,
    assessment,
    preparedFor: { name: user.name, email: user.email },
  });
  markEvidence(data, await evidenceNotes({ engagementId: engagement.id, content, answers }));
  const pdf = await orUnavailable(reportPdf(data, user.id));
  return pdfResponse(pdf, { product: engagement.name, name: "readiness report" });
}
