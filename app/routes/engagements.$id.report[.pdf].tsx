import type { LoaderFunctionArgs } from "@remix-run/node";

import { evidenceNotes, markEvidence } from "~/evidence/answer-evidence.server";
import { getEngagementAssessment } from "~/models/assessment.server";
import { listMembers } from "~/models/membership.server";
import { listProposals } from "~/models/proposal.server";
import { agreedSnapshot } from "~/plan/plan-view.server";
import { getPartnerProfile } from "~/models/partner-profile.server";
import { buildReportData, reportAgreement } from "~/pdf/documents/report-data.server";
import { orUnavailable, pdfResponse, reportPdf } from "~/pdf/rendering/pdf.server";
import { productFacts } from "~/utils/engagement-options";
import { identityOf } from "~/utils/partner-profile";
import { requireMember } from "~/auth/membership.server";
import { consume, pdfLimiter } from "~/auth/rate-limit.server";

// The founder's assessment report as a PDF (/engagements/:id/report.pdf): the same engine output as
// the results page, plus every answer with its finding and help text. Rendered in a worker thread.
// Prepared for the engagement's founders, and by the partner when a partner downloads it, under
// their company when their profile names one.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { engagement, user, role } = await requireMember({ request, context }, params.id);
  await consume(pdfLimiter(), user.id);
  const byPartner = role === "partner";
  const [{ content, stored, answers, assessment }, members, profile, versions] = await Promise.all([
    getEngagementAssessment({ engagement }),
    listMembers({ engagementId: engagement.id }),
    byPartner ? getPartnerProfile({ userId: user.id }) : null,
    listProposals({ engagementId: engagement.id }),
  ]);
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
    // For the founders, whoever downloads it: a partner sends it to the client, and says so.
    preparedFor: members.filter((m) => m.role === "founder").map((m) => ({ name: m.name, email: m.email })),
    preparedBy: byPartner ? { name: user.name, email: user.email } : null,
    // Their company heads it, as their proposals (decision 035); read now, like the answers: the
    // report is rendered on each request and never cached, so an edited profile shows next time.
    partner: identityOf(profile),
  });
  markEvidence(data, await evidenceNotes({ engagementId: engagement.id, content, answers }));
  // The signed version, said beside the answers' own figures (QA pass 3, finding 5).
  const agreed = await agreedSnapshot(engagement.id, versions);
  const acceptedAt = agreed && versions.find((v) => v.number === agreed.number)?.acceptedAt;
  if (agreed && acceptedAt) data.agreement = reportAgreement({ number: agreed.number, acceptedAt }, agreed);
  const pdf = await orUnavailable(reportPdf(data, user.id));
  return pdfResponse(pdf, { product: engagement.name, name: "readiness report" });
}
