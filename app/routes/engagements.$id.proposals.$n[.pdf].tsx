import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";

import { getProposal } from "~/models/proposal.server";
import { notFound, requireMember } from "~/auth/membership.server";
import { consume, pdfLimiter } from "~/auth/rate-limit.server";
import { orUnavailable, pdfResponse, proposalPdf } from "~/pdf/rendering/pdf.server";

// A published proposal as a PDF (/engagements/:id/proposals/:n.pdf), rendered from its immutable
// snapshot in a worker thread and cached per engagement and sign-off: the second download is not
// rendered.
const NumberSchema = z.coerce.number().int().min(1).max(100_000);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { engagement, user } = await requireMember({ request, context }, params.id);
  const n = NumberSchema.safeParse(params.n);
  if (!n.success) throw notFound();
  await consume(pdfLimiter(), user.id);
  const proposal = await getProposal({ engagementId: engagement.id, number: n.data });
  if (!proposal) throw notFound();
  const { pdf, cached } = await orUnavailable(proposalPdf(engagement.id, proposal, user.id));
  return pdfResponse(pdf, {
    product: proposal.snapshot.engagement.name,
    name: `proposal v${proposal.number}`,
    cache: cached ? "hit" : "miss",
  });
}
