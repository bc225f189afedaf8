import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";

import { CommentThread } from "~/components/comment-thread";
import { FieldError, FormError } from "~/components/field";
import { PdfDownloadLink } from "~/components/pdf-download-link";
import { listComments } from "~/models/comment.server";
import { getProposal, listProposals } from "~/models/proposal.server";
import { formatDateTime } from "~/utils/format";
import { can } from "~/auth/permissions";
import { PROPOSAL_STATUS_LABELS, proposalStatus } from "~/utils/proposal-status";
import { engagementTitle, type EngagementMatches } from "~/utils/page-title";
import { versionDiffView } from "~/utils/version-diff";

import { formatDay, isPast } from "~/utils/calendar-day";

import {
  FreeText,
  OutOfScope,
  PaymentSchedule,
  ProposalSummary,
  ScopeTables,
  TermsAndMethod,
  Timeline,
} from "./proposal-sections";
import { loadProposal, proposalAction } from "./proposal-actions.server";
import { proposalView } from "./proposal-view.server";
import { VersionDiff } from "./version-diff";
import { WITHDRAW_LINK, WithdrawForm } from "./withdraw-form";

export const meta: MetaFunction<typeof loader, EngagementMatches> = (args) =>
  engagementTitle(args, args.data ? `Proposal version ${args.data.view.number}` : "Proposal");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { engagement, role, proposal } = await loadProposal({ request, context }, params, "view");
  const previous =
    proposal.number > 1
      ? await getProposal({ engagementId: engagement.id, number: proposal.number - 1 })
      : undefined;
  const versions = await listProposals({ engagementId: engagement.id });
  const newest = versions[0]?.number ?? proposal.number;
  // The newest accepted version after this one, if any: it is the agreement, and this one can no
  // longer be accepted (acceptProposal).
  const newerAccepted =
    versions.find((p) => p.number > proposal.number && p.acceptedAt !== null)?.number ?? null;
  const comments = (await listComments({ engagementId: engagement.id })).filter(
    (c) => c.targetType === "proposal" && c.targetId === String(proposal.number),
  );
  return {
    engagementId: engagement.id,
    view: proposalView(proposal.snapshot),
    snapshotHash: proposal.snapshotHash,
    publishedAt: formatDateTime(proposal.publishedAt),
    accepted: proposal.acceptedAt
      ? {
          by: proposal.acceptedBy?.name ?? null,
          at: formatDateTime(proposal.acceptedAt),
        }
      : null,
    // From an imported file: who published and accepted it is only what the file says.
    imported: proposal.imported && {
      at: formatDateTime(proposal.imported.at),
      by: proposal.imported.by,
      publishedBy: proposal.imported.publishedBy,
      acceptedBy: proposal.imported.acceptedBy,
    },
    status: proposalStatus({ ...proposal, withdrawnAt: proposal.withdrawn?.at ?? null }, newest),
    // Taken back by the partner (decision 039): who, when and why, as the page and the sign-off say it.
    withdrawn: proposal.withdrawn && {
      by: proposal.withdrawn.by,
      at: formatDateTime(proposal.withdrawn.at),
      reason: proposal.withdrawn.reason,
    },
    canPublish: can(role, "publishProposal"),
    canWithdraw: can(role, "publishProposal") && !proposal.acceptedAt && !proposal.withdrawn,
    // The partner's terms (null in versions published before they were asked for) and the last day
    // the version is on offer (none: it does not expire).
    terms: proposal.snapshot.terms ?? null,
    validUntil: proposal.snapshot.validUntil ? formatDay(proposal.snapshot.validUntil) : null,
    expired: isPast(proposal.snapshot.validUntil),
    newest,
    // The newest version was withdrawn (decision 039): it replaced this one all the same, and
    // neither is on offer until the partner publishes another.
    newestWithdrawn: versions[0]?.withdrawnAt != null && versions[0].number !== proposal.number,
    newerAccepted,
    canAccept: can(role, "acceptProposal"),
    canComment: can(role, "comment"),
    comments: comments.map((c) => ({ ...c, createdAt: formatDateTime(c.createdAt) })),
    // Every term and item that differs from the version before (utils/version-diff.ts).
    diff: previous ? versionDiffView(previous.snapshot, proposal.snapshot) : null,
  };
}

// Comments, acceptance and withdrawal (proposal-actions.server.ts).
export const action = (args: ActionFunctionArgs) => proposalAction(args);

export default function Proposal() {
  const {
    view: v,
    snapshotHash,
    publishedAt,
    accepted,
    imported,
    canAccept,
    canComment,
    comments,
    status,
    newest,
    newestWithdrawn,
    newerAccepted,
    diff,
    engagementId,
    terms,
    validUntil,
    expired,
    withdrawn,
    canWithdraw,
    canPublish,
  } = useLoaderData<typeof loader>();
  // Only the newest version is on offer (acceptProposal): an older one is there to read.
  const superseded = !accepted && status === "superseded";
  const canSignHere =
    !accepted && canAccept && newerAccepted === null && !superseded && !expired && !withdrawn;
  const actionData = useActionData<typeof action>();
  const errors = actionData && !actionData.ok ? actionData.fieldErrors : {};
  const typed =
    actionData && "typed" in actionData && typeof actionData.typed === "string"
      ? actionData.typed
      : undefined;
  return (
    <div className="stack-lg">
      <header className="page-head">
        <div>
          <p className="breadcrumb">
            <Link to=".." relative="path">
              All versions
            </Link>
          </p>
          <h2>
            Proposal version {v.number}{" "}
            {accepted ? (
              <span className="badge badge--ok">{accepted.by ? "Accepted" : "Accepted elsewhere"}</span>
            ) : expired && status === "published" ? (
              <span className="badge badge--muted">Expired</span>
            ) : (
              <span className={`badge ${status === "published" ? "badge--warn" : "badge--muted"}`}>
                {PROPOSAL_STATUS_LABELS[status]}
              </span>
            )}{" "}
            {imported ? <span className="badge">Imported</span> : null}
          </h2>
          {v.partner?.company ? (
            <p className="proposal-from">
              Proposal from <strong>{v.partner.company}</strong>
              {v.partner.website ? (
                <>
                  {" · "}
                  <a href={v.partner.website} rel="noopener noreferrer" target="_blank">
                    {v.partner.websiteLabel}
                  </a>
                </>
              ) : null}
            </p>
          ) : null}
          {v.partner?.addressLine ? <p className="muted small">{v.partner.addressLine}</p> : null}
          <p className="muted">
            Prepared by {v.preparedBy} for {v.preparedFor} · published {publishedAt}
            {imported ? " (as stated in an imported file)" : ""}
          </p>
          {withdrawn ? (
            <p className="alert alert--info">
              <WithdrawnLine withdrawn={withdrawn} /> It can no longer be accepted
              {canAccept ? "; your partner can publish a new version." : null}
              {canPublish ? (
                <>
                  : publish a new version from{" "}
                  <Link to=".." relative="path">
                    Proposals
                  </Link>{" "}
                  when you have one.
                </>
              ) : null}
              {canAccept || canPublish ? null : "."}
            </p>
          ) : null}
          {superseded && newerAccepted === null ? (
            <p className="alert alert--info">
              Superseded by{" "}
              <Link to={`../${newest}`} relative="path">
                version {newest}
              </Link>
              {newestWithdrawn
                ? ", since withdrawn: neither can be accepted until a new version is published."
                : ": only the newest version can be accepted."}
            </p>
          ) : null}
          {imported ? (
            <p className="muted small">
              Imported from a file by {imported.by || "a member"} on {imported.at}. It was not published in
              this project; who prepared it is as the file states it.
            </p>
          ) : null}
        </div>
        <PdfDownloadLink
          href={`/engagements/${engagementId}/proposals/${v.number}.pdf`}
          className="button button--secondary"
        >
          Download PDF
        </PdfDownloadLink>
      </header>

      {/* A refused withdrawal (accepted or withdrawn meanwhile): the form is gone, the reason is here. */}
      <FormError error={errors.withdraw?.[0]} />

      {/* A long proposal: what to do with it is reachable from the top. */}
      <nav className="jump-bar" aria-label="This proposal">
        {canSignHere ? (
          <a href="#signoff" className="button button--primary button--small">
            Review and sign off
          </a>
        ) : (
          <a href="#signoff" className="jump-bar__link">
            Sign-off
          </a>
        )}
        <a href="#comments" className="jump-bar__link">
          Comments ({comments.length})
        </a>
        {canWithdraw ? (
          // Focusing the reason scrolls to it: the page does not jump to its top first.
          <Link to={WITHDRAW_LINK} preventScrollReset className="jump-bar__link">
            Withdraw this version
          </Link>
        ) : null}
      </nav>

      {diff ? <VersionDiff diff={diff} /> : null}

      <ProposalSummary v={v} />
      {terms || validUntil || v.payment ? (
        <section className="card stack" aria-labelledby="terms-heading">
          <h2 id="terms-heading">Terms</h2>
          {validUntil ? (
            <p>
              {expired && !accepted
                ? `This offer was valid until ${validUntil}: it can no longer be accepted.`
                : `Valid until ${validUntil}: the founder can accept this version until the end of that day (UTC).`}
            </p>
          ) : null}
          <PaymentSchedule v={v} />
          {terms ? <FreeText text={terms} /> : null}
        </section>
      ) : null}
      <ScopeTables v={v} />
      <OutOfScope v={v} />
      <Timeline v={v} />
      <TermsAndMethod v={v} />

      <section
        id="signoff"
        className={`card stack signoff${accepted ? " signoff--accepted" : ""}`}
        aria-labelledby="signoff-heading"
      >
        <h2 id="signoff-heading">Sign-off</h2>
        {/* A refused acceptance whose form is no longer shown (replaced, accepted meanwhile) says why here. */}
        {canSignHere ? null : <FormError error={errors.form?.[0]} />}
        {accepted && accepted.by ? (
          <p>
            Accepted by <strong>{accepted.by}</strong> on {accepted.at}.
          </p>
        ) : accepted ? (
          <p>
            The imported file records this version as accepted on {accepted.at}
            {imported?.acceptedBy ? ` by ${imported.acceptedBy}` : ""}, in the project it came from. That is
            not a sign-off made here, and Finishline cannot confirm who gave it.
          </p>
        ) : withdrawn ? (
          <p>
            <WithdrawnLine withdrawn={withdrawn} /> This version can no longer be accepted
            {canAccept ? ": your partner can publish a new one." : "."}
          </p>
        ) : newerAccepted !== null ? (
          <p>
            <Link to={`../${newerAccepted}`} relative="path">
              Version {newerAccepted}
            </Link>
            , which is newer, was accepted: it is the agreement. This version can no longer be accepted.
          </p>
        ) : superseded ? (
          <p>
            Superseded by{" "}
            <Link to={`../${newest}`} relative="path">
              version {newest}
            </Link>
            {newestWithdrawn
              ? ", which was since withdrawn: neither can be accepted until a new version is published."
              : ", which replaces this offer: this version can no longer be accepted."}
            {canAccept && !newestWithdrawn ? ` Review version ${newest} and accept it there.` : ""}
          </p>
        ) : expired ? (
          <p>
            {canAccept
              ? `This version was valid until ${validUntil}; ask your partner to publish a new one.`
              : `This version was valid until ${validUntil} and can no longer be accepted: a new version offers it again.`}
          </p>
        ) : canAccept ? (
          // Posted to #signoff: without JavaScript the page that comes back (refused, or accepted
          // through the redirect, which keeps the fragment) opens here, not 20,000 px above on a phone.
          <Form method="post" action="#signoff" className="stack" noValidate preventScrollReset>
            <input type="hidden" name="intent" value="accept" />
            <input type="hidden" name="snapshotHash" value={snapshotHash} />
            <FormError error={errors.form?.[0]} />
            <label className="choice">
              <input
                type="checkbox"
                name="confirm"
                aria-invalid={errors.confirm ? true : undefined}
                aria-describedby={errors.confirm ? "confirm-error" : undefined}
              />
              <span>
                I accept version {v.number}
                {/* A fixed price or a cap is what is accepted; the range is only what it stands on. */}
                {v.price.clause
                  ? `, ${v.price.clause}: its scope, assumptions`
                  : ": its scope, estimate range, assumptions"}
                {terms || v.payment ? ", exclusions and terms" : " and exclusions"}
                {validUntil ? ` (valid until ${validUntil})` : ""}.
              </span>
            </label>
            <FieldError id="confirm-error" error={errors.confirm?.[0]} />
            <div className="form-actions">
              <button type="submit" className="button button--primary">
                Accept version {v.number}
              </button>
            </div>
          </Form>
        ) : (
          <p className="muted">Waiting for the founder to accept this version.</p>
        )}
      </section>

      {canWithdraw ? (
        <WithdrawForm
          number={v.number}
          newest={newest}
          error={errors.reason?.[0]}
          typed={errors.reason ? typed : undefined}
        />
      ) : null}

      <CommentThread
        heading={`Comments on version ${v.number}`}
        comments={comments}
        fields={canComment ? { intent: "comment" } : undefined}
        error={errors.body?.[0]}
        typed={errors.body ? typed : undefined}
      />
    </div>
  );
}

/** "Withdrawn by Jonas Brandt on 5 Dec 2026, 21:40 UTC: Published at the wrong rate." */
function WithdrawnLine({ withdrawn }: { withdrawn: { by: string; at: string; reason: string } }) {
  return (
    <>
      Withdrawn by <strong>{withdrawn.by}</strong> on {withdrawn.at}
      {withdrawn.reason ? `: ${withdrawn.reason}` : ""}
      {/[.!?]$/.test(withdrawn.reason) ? "" : "."}
    </>
  );
}

export { TabError as ErrorBoundary, tabHeaders as headers } from "~/components/tab-error";
