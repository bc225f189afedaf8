// The proposal version page's actions (engagements.$id.proposals.$n): a comment on the version, the
// founder's acceptance, and the partner's withdrawal (decision 039). Each checks membership and role
// through loadProposal before reading the form: non-members 404, the wrong role 403.
import type { ActionFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { z } from "zod";

import { notFound, postedForm, requireMember } from "~/auth/membership.server";
import { consumeComment } from "~/auth/rate-limit.server";
import { notifyComment, notifyProposalAccepted, notifyProposalWithdrawn } from "~/mail/notifications.server";
import { CommentBody, addComment } from "~/models/comment.server";
import { acceptProposal, getProposal, listProposals, withdrawProposal } from "~/models/proposal.server";
import { formatDay } from "~/utils/calendar-day";
import { formatDateTime } from "~/utils/format";
import { badRequest, conflict, parseForm, type FieldErrors } from "~/utils/forms.server";
import { paymentOf, paymentView } from "~/utils/payment-schedule";
import { oneLine } from "~/utils/plain-text";
import { priceClause, priceOf } from "~/utils/price-model";
import type { RequestArgs } from "~/utils/request-memo.server";

import { WITHDRAW_REASON_MAX } from "./withdraw-form";

const NumberSchema = z.coerce.number().int().min(1).max(100_000);
const CommentSchema = z.object({ body: CommentBody });
const AcceptSchema = z.object({
  snapshotHash: z.string().regex(/^[0-9a-f]{64}$/),
  confirm: z.literal("on", {
    errorMap: () => ({ message: "Tick the box to confirm you accept this version." }),
  }),
});
const WithdrawSchema = z.object({
  reason: oneLine(
    z
      .string()
      .trim()
      .max(WITHDRAW_REASON_MAX, `Keep the reason to ${WITHDRAW_REASON_MAX} characters or fewer.`),
    "the reason",
  ).default(""),
});

export async function loadProposal(
  args: RequestArgs,
  params: { id?: string; n?: string },
  permission: "view" | "acceptProposal" | "comment" | "publishProposal",
) {
  const member = await requireMember(args, params.id, permission);
  const n = NumberSchema.safeParse(params.n);
  if (!n.success) throw notFound();
  const proposal = await getProposal({ engagementId: member.engagement.id, number: n.data });
  if (!proposal) throw notFound();
  return { ...member, proposal };
}

export async function proposalAction({ request, params, context }: ActionFunctionArgs) {
  const formData = await postedForm(request);
  if (formData.get("intent") === "comment") {
    const { engagement, user, proposal } = await loadProposal({ request, context }, params, "comment");
    const parsed = parseForm(formData, CommentSchema);
    // The text goes back with the message, so a refused comment is not lost (also without JS).
    if (!parsed.ok) return badRequest({ ...parsed, typed: String(formData.get("body") ?? "") });
    // Past the author's comment limit: refused beside the box, with the text kept, and 429.
    const limited = await consumeComment(user.id);
    if (limited) {
      const fieldErrors: FieldErrors = { body: [limited.message] };
      return data(
        { ok: false as const, fieldErrors, typed: String(formData.get("body") ?? "") },
        { status: 429, headers: { "Retry-After": String(limited.retryAfter) } },
      );
    }
    const added = await addComment({
      engagementId: engagement.id,
      userId: user.id,
      targetType: "proposal",
      targetId: String(proposal.number),
      body: parsed.value.body,
    });
    if (!added) throw notFound();
    notifyComment({
      request,
      engagement,
      author: user,
      target: { type: "proposal", number: proposal.number },
      body: parsed.value.body,
    });
    return redirect(`/engagements/${engagement.id}/proposals/${proposal.number}#comments`);
  }
  if (formData.get("intent") === "withdraw") return withdraw({ request, context }, params, formData);
  const { engagement, user, proposal } = await loadProposal({ request, context }, params, "acceptProposal");
  const parsed = parseForm(formData, AcceptSchema);
  if (!parsed.ok) return badRequest(parsed);
  const result = await acceptProposal({
    engagementId: engagement.id,
    number: proposal.number,
    userId: user.id,
    snapshotHash: parsed.value.snapshotHash,
    validUntil: proposal.snapshot.validUntil,
  });
  if (result === "changed")
    return badRequest({
      fieldErrors: { form: ["This version is not the one you were shown. Reload and review it again."] },
    });
  // 409 like the other refusals here: the form was fine, the version moved on (accepted in another
  // tab or by the other founder) since the page was opened (QA 6, finding 10).
  if (result === "already-accepted") return refused("This version was already accepted.");
  if (result === "withdrawn") {
    const withdrawn = (await getProposal({ engagementId: engagement.id, number: proposal.number }))
      ?.withdrawn;
    return refused(
      `${withdrawn ? `${withdrawn.by} withdrew this version on ${formatDateTime(withdrawn.at)}` : "This version was withdrawn"}, so it can no longer be accepted. Your partner can publish a new version.`,
    );
  }
  if (result === "newer-accepted")
    return refused(
      "A newer version was accepted meanwhile: it is the agreement, so this one can no longer be accepted.",
    );
  if (result === "superseded") {
    // Refused, not an error in the form: the version is still there to read, only no longer on offer.
    const latest = (await listProposals({ engagementId: engagement.id }))[0];
    const newest = latest?.number ?? proposal.number;
    return refused(
      latest?.withdrawnAt
        ? `Version ${newest} replaced this one and was then withdrawn, so neither can be accepted: your partner can publish a new version.`
        : `Version ${newest} replaced this one, so it can no longer be accepted: only the newest version is on offer. Open version ${newest} to review and accept it.`,
    );
  }
  if (result === "expired")
    return refused(
      `This version was valid until ${formatDay(proposal.snapshot.validUntil!)}; ask your partner to publish a new one.`,
    );
  if (result === "not-found") throw notFound();
  notifyProposalAccepted({
    request,
    engagement,
    number: proposal.number,
    acceptedBy: user,
    price: priceClause(priceOf(proposal.snapshot), proposal.snapshot.totals.cost.currency),
    payment: paymentView(
      paymentOf(proposal.snapshot),
      priceOf(proposal.snapshot),
      proposal.snapshot.totals.cost.currency,
    ),
  });
  return redirect(`/engagements/${engagement.id}/proposals/${proposal.number}`);
}

/** 409: the version cannot be accepted as things stand (the page says why); nothing changed. */
function refused(message: string, field = "form") {
  return conflict({ fieldErrors: { [field]: [message] } });
}

/**
 * The partner takes the version back (decision 039). Founders and viewers get 403 from `load`,
 * non-members 404. An accepted version is the agreement, and a version is withdrawn once: 409, with
 * the reason beside the form (the page that comes back no longer shows it, so at its top).
 */
async function withdraw(args: RequestArgs, params: { id?: string; n?: string }, formData: FormData) {
  const { engagement, user, proposal } = await loadProposal(args, params, "publishProposal");
  const typed = String(formData.get("reason") ?? "");
  const parsed = parseForm(formData, WithdrawSchema);
  if (!parsed.ok) return badRequest({ ...parsed, typed });
  const { reason } = parsed.value;
  const result = await withdrawProposal({
    engagementId: engagement.id,
    number: proposal.number,
    userId: user.id,
    reason,
  });
  if (result === "not-found") throw notFound();
  if (result === "accepted")
    return refused(
      `Version ${proposal.number} was accepted: it is the agreement, so it cannot be withdrawn.`,
      "withdraw",
    );
  if (result === "already-withdrawn")
    return refused(`Version ${proposal.number} was already withdrawn.`, "withdraw");
  notifyProposalWithdrawn({
    request: args.request,
    engagement,
    number: proposal.number,
    withdrawnBy: user,
    reason,
    newest: !(await listProposals({ engagementId: engagement.id })).some((p) => p.number > proposal.number),
  });
  return redirect(`/engagements/${engagement.id}/proposals/${proposal.number}`);
}
