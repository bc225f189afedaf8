import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";

import { FormError } from "~/components/field";
import { InviteForm, InviteLink } from "~/components/members/invite-form";
import {
  LeaveEngagement,
  MemberList,
  PendingInvitations,
  RequireTwoStep,
} from "~/components/members/member-list";
import { emailInvitation, emailMemberRemoved, emailRoleChanged } from "~/mail/notifications.server";
import { createInvitation, listPendingInvitations, revokeInvitation } from "~/models/invitation.server";
import { setTwoStepRequired } from "~/models/engagement.server";
import { changeRole, leaveEngagement, listMembers, removeMember } from "~/models/membership.server";
import { hasTwoStep } from "~/models/two-step.server";
import { badRequest, conflict, parseForm, postedValues, type FieldErrors } from "~/utils/forms.server";
import { formatDate, formatDateTime } from "~/utils/format";
import { publicOrigin } from "~/utils/public-origin.server";
import { postedForm, requireMember } from "~/auth/membership.server";
import { EmailSchema } from "~/auth/auth-schemas";
import { can, INVITE_ROLE_LABELS, ROLE_LABELS, ROLES } from "~/auth/permissions";
import { consume, inviteLimiter } from "~/auth/rate-limit.server";
import { FORMAT_CONTROL_MESSAGE, hasFormatControl } from "~/utils/format-controls";
import { engagementTitle, type EngagementMatches } from "~/utils/page-title";

// Shown in the list of pending invitations, to every member: a name or a few words, on one line.
const InvitationNoteSchema = z
  .string()
  .trim()
  .max(80, "Use at most 80 characters.")
  .regex(/^[^\p{Cc}]*$/u, "Use one line of plain text.")
  .refine((note) => !hasFormatControl(note), FORMAT_CONTROL_MESSAGE);

const ROLE_CHOICE = {
  errorMap: () => ({ message: "Choose a role: engineering partner, viewer or co-founder." }),
};

// `role` is read on invite and change-role only: sent with any other intent it is stripped by zod.
const MembersSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("invite"),
    role: z.enum(ROLES, ROLE_CHOICE),
    note: InvitationNoteSchema.optional(),
    // Where to email the link as well (it is shown on the page either way).
    email: EmailSchema.optional(),
  }),
  z.object({ intent: z.literal("revoke"), invitationId: z.string().trim().min(1).max(64) }),
  z.object({ intent: z.literal("remove"), userId: z.string().trim().min(1).max(64) }),
  z.object({ intent: z.literal("leave") }),
  // `from` is the role the founder saw: a change made meanwhile by someone else is not overwritten.
  z.object({
    intent: z.literal("change-role"),
    userId: z.string().trim().min(1).max(64),
    role: z.enum(ROLES, ROLE_CHOICE),
    from: z.enum(ROLES, ROLE_CHOICE),
  }),
  // A checkbox: "on" when ticked, absent when not.
  z.object({ intent: z.literal("require-two-step"), required: z.literal("on").optional() }),
]);

const LAST_FOUNDER =
  "You are the only founder, and a project must keep an owner. Invite a co-founder first; then you can leave. Or delete the project in Settings.";

// The page lists people's email addresses, and an invite response carries a live link. A refused
// invite (429) renders in this route's error boundary and keeps its Retry-After.
export const headers: HeadersFunction = ({ errorHeaders }) => {
  const headers = new Headers(errorHeaders);
  headers.set("Cache-Control", "private, no-store");
  return headers;
};

export const meta: MetaFunction<typeof loader, EngagementMatches> = (args) =>
  engagementTitle(args, "Members");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { engagement, role, user } = await requireMember({ request, context }, params.id);
  const [members, invitations] = await Promise.all([
    listMembers({ engagementId: engagement.id }),
    listPendingInvitations({ engagementId: engagement.id }),
  ]);
  const founders = members.filter((m) => m.role === "founder").length;
  const canManage = can(role, "manageMembers");
  return {
    canManage,
    requireTwoStep: engagement.requireTwoStep,
    soleFounder: role === "founder" && founders === 1,
    members: members.map((m) => ({
      userId: m.userId,
      name: m.name || m.email,
      email: m.email,
      role: m.role,
      joined: formatDate(m.joinedAt),
      you: m.userId === user.id,
      // For those who decide who has access: whether each one's password alone opens the engagement.
      twoStep: canManage ? m.twoStep : undefined,
    })),
    invitations: invitations.map((i) => ({
      id: i.id,
      role: i.role,
      note: i.note,
      // The address is for those who decide who gets in; the note is what every member sees.
      emailedTo: canManage ? i.email : null,
      createdBy: i.createdByName,
      // With the time: two links made the same day are otherwise told apart only by their note.
      created: formatDateTime(i.createdAt),
      expires: formatDateTime(i.expiresAt),
    })),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const formData = await postedForm(request);
  // Leaving is the one thing every member may do here; everything else is managing members.
  const { engagement, user } = await requireMember(
    { request, context },
    params.id,
    formData.get("intent") === "leave" ? "view" : "manageMembers",
  );
  const parsed = parseForm(formData, MembersSchema);
  // What was typed comes back with the error, so a refused note is not lost without JavaScript.
  if (!parsed.ok) return badRequest({ ...parsed, values: postedValues(formData) });
  const input = parsed.value;
  const engagementId = engagement.id;

  if (input.intent === "invite") {
    await consume(inviteLimiter(), user.id);
    const created = await createInvitation({
      engagementId,
      createdBy: user.id,
      role: input.role,
      // A note of spaces only is no note.
      note: input.note || null,
      email: input.email ?? null,
    });
    if (!created.ok) {
      // Refused at the field, like a malformed address: nothing created, nothing emailed.
      return badRequest({
        fieldErrors: {
          email: [
            `${input.email} is already a member of this project as ${ROLE_LABELS[created.role].toLowerCase()}. To give them another role, choose it beside their name under People with access.`,
          ],
        },
        values: postedValues(formData),
      });
    }
    const { token, invitation } = created;
    const invite = {
      link: `${publicOrigin(request)}/invite/${token}`,
      roleLabel: INVITE_ROLE_LABELS[invitation.role],
      note: invitation.note,
      expires: formatDateTime(invitation.expiresAt),
      emailedTo: input.email ?? null,
    };
    if (input.email) emailInvitation({ to: input.email, from: user, engagement, ...invite });
    return { ok: true as const, message: null, invite };
  }

  if (input.intent === "require-two-step") {
    const on = input.required === "on";
    // Else the founder would shut themselves out with the others.
    if (on && !hasTwoStep(user.id)) {
      return formError(
        "Turn on two-step login for your own account first (Account → Two-step login); then you can require it of everyone.",
      );
    }
    await setTwoStepRequired({ engagementId, on });
    return {
      ok: true as const,
      message: on
        ? "Two-step login is now required: whoever has it off is asked to turn it on before opening this project."
        : "Two-step login is no longer required here.",
      invite: null,
    };
  }

  if (input.intent === "revoke") {
    const revoked = await revokeInvitation({
      engagementId,
      invitationId: input.invitationId,
      userId: user.id,
    });
    if (!revoked) return formError("That invitation was already used or revoked.");
    return { ok: true as const, message: "Invitation revoked. Its link no longer works.", invite: null };
  }

  if (input.intent === "remove") {
    const result = await removeMember({ engagementId, userId: input.userId, removedBy: user.id });
    if (!result.ok) {
      return formError(
        result.reason === "last-founder" ? LAST_FOUNDER : "That person is no longer a member.",
      );
    }
    // Removing oneself is leaving: they know, and get no email.
    if (input.userId === user.id) return redirect("/engagements");
    // Else they would learn it from a "not found" page (decision 049).
    emailMemberRemoved({ engagement, removedBy: user, member: result.member });
    const { name, email, confirmed } = result.member;
    return {
      ok: true as const,
      message: `${name || email} no longer has access. ${
        confirmed
          ? "We emailed them that you removed them."
          : "Their email address is not confirmed, so we did not email them."
      }`,
      invite: null,
    };
  }

  if (input.intent === "change-role") {
    // One's own role is changed by another founder (or left): a founder who demoted themselves by a
    // slip could not undo it.
    if (input.userId === user.id)
      return formError("You cannot change your own role. Another founder can, or you can leave the project.");
    const result = await changeRole({
      engagementId,
      userId: input.userId,
      role: input.role,
      expected: input.from,
      changedBy: user.id,
    });
    if (!result.ok) {
      if (result.reason === "stale")
        return conflict({
          fieldErrors: {
            form: [
              `Someone changed this member's role to ${ROLE_LABELS[result.role].toLowerCase()} meanwhile, so nothing was changed. The list below shows it now; choose again if you still want to.`,
            ],
          },
          values: {} as Record<string, string>,
        });
      return formError(
        result.reason === "last-founder"
          ? "A project must keep a founder, so the only founder keeps that role."
          : "That person is no longer a member.",
      );
    }
    const { name, email, confirmed } = result.member;
    const who = name || email;
    if (result.from === result.to)
      return {
        ok: true as const,
        message: `${who} already is ${INVITE_ROLE_LABELS[result.to].toLowerCase()}; nothing changed.`,
        invite: null,
      };
    emailRoleChanged({
      engagement,
      changedBy: user,
      member: result.member,
      from: result.from,
      to: result.to,
      link: `${publicOrigin(request)}/engagements/${engagementId}`,
    });
    return {
      ok: true as const,
      message: `${who} is now ${INVITE_ROLE_LABELS[result.to].toLowerCase()} (was ${INVITE_ROLE_LABELS[result.from].toLowerCase()}). ${
        confirmed
          ? "We emailed them about it."
          : "Their email address is not confirmed, so we did not email them."
      }${
        result.invitationsRevoked > 0
          ? ` ${result.invitationsRevoked === 1 ? "The invitation they made and nobody used yet no longer works" : `The ${result.invitationsRevoked} invitations they made and nobody used yet no longer work`}: only founders give a way in.`
          : ""
      }`,
      invite: null,
    };
  }

  const result = await leaveEngagement({ engagementId, userId: user.id });
  if (!result.ok) return formError(result.reason === "last-founder" ? LAST_FOUNDER : "You are not a member.");
  return redirect("/engagements?left=1");
}

function formError(message: string) {
  return badRequest({ fieldErrors: { form: [message] }, values: {} as Record<string, string> });
}

export default function Members() {
  const { canManage, requireTwoStep, soleFounder, members, invitations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors: FieldErrors = actionData && !actionData.ok ? actionData.fieldErrors : {};
  const success = actionData?.ok ? actionData : null;
  const formMessage =
    errors.form?.[0] ?? errors.intent?.[0] ?? errors.invitationId?.[0] ?? errors.userId?.[0];
  const inviteForm = (
    <InviteForm
      errors={{ role: errors.role?.[0], note: errors.note?.[0], email: errors.email?.[0] }}
      values={actionData && !actionData.ok ? actionData.values : undefined}
      busy={busy}
      created={success?.invite?.link}
    />
  );
  // A founder alone here came to invite someone (most often from "Invite your engineer"): the form
  // comes first, not below the two-step setting. Once others have joined, the list matters more.
  const inviteFirst = canManage && members.length === 1;
  return (
    <div className="stack-lg">
      <header>
        <h2>Members</h2>
        <p className="muted">
          {canManage
            ? "Who can see and work on this project. Only founders can invite people, change their roles or remove them."
            : "Who can see and work on this project. Founders manage who has access."}
        </p>
      </header>
      {success?.message ? (
        <div className="alert alert--ok" role="status">
          {success.message}
        </div>
      ) : null}
      <FormError error={formMessage} />
      {success?.invite ? <InviteLink {...success.invite} /> : null}

      {inviteFirst ? inviteForm : null}
      <MemberList members={members} canManage={canManage} requireTwoStep={requireTwoStep} busy={busy} />
      {canManage ? <RequireTwoStep required={requireTwoStep} busy={busy} /> : null}
      <PendingInvitations invitations={invitations} canManage={canManage} busy={busy} />
      {canManage && !inviteFirst ? inviteForm : null}

      <LeaveEngagement soleFounder={soleFounder} busy={busy} />
    </div>
  );
}

export { TabError as ErrorBoundary } from "~/components/tab-error";
