import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { z } from "zod";

import { getEngagementForMember } from "~/models/engagement.server";
import { isEmailConfirmed } from "~/models/email-confirmation.server";
import {
  acceptInvitation,
  addresseeProblem,
  getInvitationByToken,
  type InvitationStatus,
} from "~/models/invitation.server";
import type { User } from "~/models/user.server";
import { endSessionAndRedirect, getOptionalUser, requireUser } from "~/auth/auth.server";
import { parseForm } from "~/utils/forms.server";
import { formatDateTime } from "~/utils/format";
import { INVITE_ROLE_LABELS, ROLE_DESCRIPTIONS, ROLE_LABELS, strongerRole } from "~/auth/permissions";

type PageStatus = InvitationStatus | "unknown";

// The URL is a bearer secret: keep it out of caches and search engines.
export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title:
      data?.invitation && data.status === "valid"
        ? `Join ${data.invitation.engagementName} — Finishline`
        : "Invitation — Finishline",
  },
  { name: "robots", content: "noindex" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await getOptionalUser({ request, context });
  const view = await invitePage(params.token ?? "", user);
  return data(view, { status: httpStatus(view.status) });
}

// Join, or (for a link emailed to another address) sign out and log in as the addressee, who comes
// back here. A form without an intent joins, as the page's form did before there were two.
const InviteSchema = z.object({ intent: z.enum(["join", "switch-account"]).default("join") });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser({ request, context });
  const token = params.token ?? "";
  const parsed = parseForm(await request.formData(), InviteSchema);
  if (parsed.ok && parsed.value.intent === "switch-account") {
    // Thrown, as requireUser throws its redirect: a plain Response returned would untype the page's data.
    throw await endSessionAndRedirect(
      request,
      `/login?${new URLSearchParams({ redirectTo: `/invite/${token}` })}`,
    );
  }
  const result = await acceptInvitation({ token, userId: user.id });
  if (result.ok) return redirect(`/engagements/${result.engagementId}`);
  const view = await invitePage(token, user);
  // Not this account's invitation: the page says whose it is; the link stays unused.
  if (result.status === "other-address" || result.status === "unconfirmed") {
    return data(view, { status: 403 });
  }
  return data({ ...view, status: result.status }, { status: httpStatus(result.status) });
}

async function invitePage(token: string, user: User | undefined) {
  const invitation = await getInvitationByToken({ token });
  // Nothing about an unknown token is shown: not even whether some engagement exists.
  if (!invitation) return { status: "unknown" as PageStatus, invitation: null, user: null };
  const membership = user
    ? await getEngagementForMember({ engagementId: invitation.engagementId, userId: user.id })
    : undefined;
  // Whose the link is, when it was emailed and is not this account's (decision 050). The address is
  // shown to whoever holds the link: it was sent there, and they need it to know which account to
  // log in with.
  const problem = user
    ? addresseeProblem(invitation.email, {
        email: user.email,
        confirmed: isEmailConfirmed({ userId: user.id }),
      })
    : null;
  return {
    status: invitation.status as PageStatus,
    invitation: {
      engagementName: invitation.engagementName,
      inviterName: invitation.inviterName,
      role: invitation.role,
      expires: formatDateTime(invitation.expiresAt),
    },
    user: user
      ? {
          email: user.email,
          currentRole: membership?.role ?? null,
          engagementHref: membership ? `/engagements/${invitation.engagementId}` : null,
          addressee: problem && invitation.email ? { email: invitation.email, problem } : null,
        }
      : null,
  };
}

function httpStatus(status: PageStatus): number {
  if (status === "valid") return 200;
  return status === "unknown" ? 404 : 410;
}

export default function Invite() {
  const loaded = useLoaderData<typeof loader>();
  const view = useActionData<typeof action>() ?? loaded;
  const { token = "" } = useParams();
  const busy = useNavigation().state === "submitting";
  const { invitation, user } = view;

  if (view.status === "unknown" || !invitation) {
    return (
      <InviteMessage title="This invitation link doesn't work">
        Check that you copied the whole link. If it still doesn't work, ask the person who invited you for a
        new one.
      </InviteMessage>
    );
  }
  const { engagementName, inviterName, role } = invitation;
  if (view.status === "expired") {
    return (
      <InviteMessage title="This invitation has expired">
        {inviterName} invited you to {engagementName}, but invitation links last 7 days. Ask {inviterName} for
        a new one.
      </InviteMessage>
    );
  }
  if (view.status === "revoked") {
    return (
      <InviteMessage title="This invitation was withdrawn">
        {inviterName} cancelled this invitation to {engagementName}. If you still need access, ask them for a
        new link.
      </InviteMessage>
    );
  }
  if (view.status === "used") {
    return (
      <InviteMessage
        title="This invitation has already been used"
        openHref={user?.engagementHref}
        openName={engagementName}
      >
        Each invitation link works once, for one person.{" "}
        {user?.engagementHref
          ? `You are a member of ${engagementName}.`
          : `Ask ${inviterName} for a new link.`}
      </InviteMessage>
    );
  }

  const redirectTo = new URLSearchParams({ redirectTo: `/invite/${token}` });
  const alreadyCovered = user?.currentRole
    ? strongerRole(user.currentRole, role) === user.currentRole
    : false;
  return (
    <div className="container narrow invite-page stack-lg">
      <div>
        <p className="eyebrow">Invitation</p>
        <h1>Join {engagementName}</h1>
        <p className="lead">
          {inviterName} invited you to work on {engagementName} on Finishline as{" "}
          <strong>{INVITE_ROLE_LABELS[role]}</strong>.
        </p>
      </div>
      <section className="card stack" aria-labelledby="invite-role-heading">
        <h2 id="invite-role-heading">{INVITE_ROLE_LABELS[role]}</h2>
        <p>{ROLE_DESCRIPTIONS[role]}</p>
        <p className="muted small">This invitation works once and expires on {invitation.expires}.</p>
        {!user ? (
          <>
            <p>To join, create a free account or log in. You come straight back here afterwards.</p>
            <div className="form-actions">
              <Link to={`/signup?${redirectTo}`} className="button button--primary">
                Create an account
              </Link>
              <Link to={`/login?${redirectTo}`} className="button button--secondary">
                Log in
              </Link>
            </div>
          </>
        ) : alreadyCovered && user.currentRole && user.engagementHref ? (
          <>
            <p className="alert alert--info">
              You are already a member of {engagementName} as {ROLE_LABELS[user.currentRole].toLowerCase()},
              so this link is probably meant for someone else. It stays unused.
            </p>
            <Link to={user.engagementHref} className="button button--primary">
              Open {engagementName}
            </Link>
          </>
        ) : user.addressee?.problem === "other-address" ? (
          <>
            <p className="alert alert--warn">
              {`This invitation was sent to ${user.addressee.email}; you are signed in as ${user.email}. Only the account with that address can join through it.`}
            </p>
            <Form method="post" className="form-actions">
              <input type="hidden" name="intent" value="switch-account" />
              <button type="submit" className="button button--primary" disabled={busy}>
                {`Sign out and log in as ${user.addressee.email}`}
              </button>
            </Form>
            <p className="muted small">
              {`Should ${user.email} join instead? Ask ${inviterName} for a link without an address, or for one sent to ${user.email}.`}
            </p>
          </>
        ) : user.addressee?.problem === "unconfirmed" ? (
          <>
            <p className="alert alert--warn">
              {`This invitation was sent to ${user.addressee.email}. Before it lets you join, confirm that this address is yours: open the link we emailed to it when you signed up, then open this invitation again.`}
            </p>
            <Form method="post" action="/account" className="form-actions">
              <input type="hidden" name="intent" value="resend-confirmation" />
              <button type="submit" className="button button--secondary" disabled={busy}>
                Send the confirmation link again
              </button>
            </Form>
          </>
        ) : (
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="join" />
            {user.currentRole ? (
              <p className="muted small">
                You are a member as {ROLE_LABELS[user.currentRole].toLowerCase()}; joining through this link
                makes you {INVITE_ROLE_LABELS[role].toLowerCase()}.
              </p>
            ) : null}
            <div className="form-actions">
              <button type="submit" className="button button--primary" disabled={busy}>
                {busy ? "Joining…" : `Join ${engagementName}`}
              </button>
            </div>
            <p className="muted small">
              Signed in as {user.email}. Not the account you want? Log out, then open this link again.
            </p>
          </Form>
        )}
      </section>
    </div>
  );
}

function InviteMessage({
  title,
  children,
  openHref,
  openName,
}: {
  title: string;
  children: ReactNode;
  openHref?: string | null;
  openName?: string;
}) {
  return (
    <div className="container narrow invite-page stack">
      <p className="eyebrow">Invitation</p>
      <h1>{title}</h1>
      <p className="muted">{children}</p>
      <p>
        {openHref ? (
          <Link to={openHref} className="button button--primary">
            Open {openName}
          </Link>
        ) : (
          <Link to="/" className="button button--secondary">
            Go to the home page
          </Link>
        )}
      </p>
    </div>
  );
}
