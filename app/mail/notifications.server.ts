import { membersToNotify } from "~/models/membership.server";
import type { Role } from "~/auth/permissions";
import { getEnv } from "~/env.server";

import { sendMail } from "./mailer.server";

// Emails about the moments the other side is waiting for: a proposal to sign off, a sign-off to
// start on. Sent after the change is committed and after the answer, never holding it up; a mail
// that fails is logged and does not undo anything.

type Engagement = { id: string; name: string };

function origin(request: Request): string {
  return new URL(getEnv().APP_ORIGIN ?? new URL(request.url).origin).origin;
}

function notify({
  request,
  engagement,
  roles,
  actor,
  subject,
  lines,
  path,
}: {
  request: Request;
  engagement: Engagement;
  roles: readonly Role[];
  actor: { id: string };
  subject: string;
  lines: string[];
  path: string;
}): void {
  const base = origin(request);
  const send = async () => {
    const recipients = await membersToNotify({ engagementId: engagement.id, roles, except: actor.id });
    for (const to of recipients) {
      await sendMail({
        to: to.email,
        subject,
        text: [
          `Hello${to.name ? ` ${to.name}` : ""},`,
          "",
          ...lines,
          "",
          `${base}${path}`,
          "",
          `You get these emails as a member of ${engagement.name} on Finishline. To stop them, untick "Email me" on ${base}/account.`,
        ].join("\n"),
      });
    }
  };
  send().catch((error: unknown) =>
    console.error(`notification email failed: ${error instanceof Error ? error.message : String(error)}`),
  );
}

const who = (user: { name: string; email: string }) => user.name || user.email;

/** Tells the founders a new proposal version waits for their sign-off. */
export function notifyProposalPublished(args: {
  request: Request;
  engagement: Engagement;
  number: number;
  publishedBy: { id: string; name: string; email: string };
}): void {
  const { engagement, number, publishedBy } = args;
  notify({
    ...args,
    roles: ["founder"],
    actor: publishedBy,
    subject: `${engagement.name}: proposal version ${number} is ready for your sign-off`,
    lines: [
      `${who(publishedBy)} published version ${number} of the proposal for ${engagement.name}.`,
      "Read it, comment on anything unclear, and accept it when it is right:",
    ],
    path: `/engagements/${engagement.id}/proposals/${number}`,
  });
}

/** Tells the engineering partners a proposal version was accepted: the agreement to work to. */
export function notifyProposalAccepted(args: {
  request: Request;
  engagement: Engagement;
  number: number;
  acceptedBy: { id: string; name: string; email: string };
}): void {
  const { engagement, number, acceptedBy } = args;
  notify({
    ...args,
    roles: ["partner"],
    actor: acceptedBy,
    subject: `${engagement.name}: proposal version ${number} was accepted`,
    lines: [
      `${who(acceptedBy)} accepted version ${number} of the proposal for ${engagement.name}.`,
      "It is now the agreement, and progress is tracked against it:",
    ],
    path: `/engagements/${engagement.id}/proposals/${number}`,
  });
}

/**
 * Sends an invitation link to the address the founder gave. Sent after the answer, like the others;
 * the link is on the founder's page too, so a mail that fails loses nothing.
 */
export function emailInvitation({
  to,
  from,
  engagement,
  link,
  roleLabel,
  note,
  expires,
}: {
  to: string;
  from: { name: string; email: string };
  engagement: Engagement;
  link: string;
  roleLabel: string;
  note: string | null;
  expires: string;
}): void {
  sendMail({
    to,
    subject: `${who(from)} invited you to ${engagement.name} on Finishline`,
    text: [
      "Hello,",
      "",
      `${who(from)} (${from.email}) invited you to ${engagement.name} on Finishline, as ${roleLabel.toLowerCase()}${note ? ` (“${note}”)` : ""}.`,
      "Finishline is where they assess what the app needs before launch and agree the work. To join, open:",
      "",
      link,
      "",
      `The link works once, until ${expires}. If you did not expect it, ignore this email.`,
    ].join("\n"),
  }).catch((error: unknown) =>
    console.error(`invitation email failed: ${error instanceof Error ? error.message : String(error)}`),
  );
}
