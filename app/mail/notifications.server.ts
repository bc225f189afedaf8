import { EMAIL_CHANGE_MINUTES } from "~/models/email-change.server";
import { EMAIL_CONFIRM_HOURS, isAddressConfirmed } from "~/models/email-confirmation.server";
import { createPasswordReset, RESET_LINK_MINUTES } from "~/models/password-reset.server";
import { membersToNotify } from "~/models/membership.server";
import { INVITE_ROLE_LABELS, ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES, type Role } from "~/auth/permissions";
import {
  COMMENT_MAIL_MINUTES,
  commentMailCapLimiter,
  commentMailLimiter,
  resetMailLimiter,
} from "~/auth/rate-limit.server";
import { getEnv } from "~/env.server";
import { describeAgent } from "~/utils/describe-agent";
import type { PaymentView } from "~/utils/payment-schedule";
import { publicOrigin } from "~/utils/public-origin.server";

import { sendMail } from "./mailer.server";

// Emails about the moments the other side is waiting for: a proposal to sign off, a sign-off to
// start on, a comment to answer. Sent after the change is committed and after the answer, never
// holding it up; a mail that fails is logged and does not undo anything.

type Engagement = { id: string; name: string };

/** Sends in the background: a mail that fails costs a line in the log, never the request. */
function inBackground(what: string, send: () => Promise<void>): void {
  send().catch((error: unknown) =>
    console.error(`${what} email failed: ${error instanceof Error ? error.message : String(error)}`),
  );
}

/** A notification's text: greeting, what happened, the link, and where to turn these off. */
function notificationText({
  to,
  engagement,
  base,
  lines,
  path,
}: {
  to: { name: string };
  engagement: Engagement;
  base: string;
  lines: string[];
  path: string;
}): string {
  return [
    `Hello${to.name ? ` ${oneLine(to.name)}` : ""},`,
    "",
    ...lines,
    "",
    `${base}${path}`,
    "",
    `You get these emails as a member of ${oneLine(engagement.name)} on Finishline. To stop them, untick "Email me" on ${base}/account.`,
  ].join("\n");
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
  const base = publicOrigin(request);
  inBackground("notification", async () => {
    const recipients = await membersToNotify({ engagementId: engagement.id, roles, except: actor.id });
    for (const to of recipients) {
      await sendMail({
        to: to.email,
        subject,
        text: notificationText({ to, engagement, base, lines, path }),
      });
    }
  });
}

/**
 * A name as one line. The forms refuse line breaks in names, but an older row may hold them, and in
 * a plain-text email a name that spans lines reads as the app's own words ("ACTION REQUIRED: …").
 */
const oneLine = (text: string) => text.replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, " ").trim();
const who = (user: { name: string; email: string }) => oneLine(user.name) || user.email;

/**
 * When the founder pays, after the price (decision 040), in the words and order of the proposal page:
 * its monthly sentence, or each milestone with its percent and, for a fixed or capped price, its
 * amount, then what they are shares of; then when each invoice is due, when stated. Nothing when no
 * schedule is stated. A milestone's name is the partner's text: on one line, so a line break in it
 * cannot start a line that reads as the app's own words.
 */
function paymentLines(payment: PaymentView | null): string[] {
  if (!payment) return [];
  const due = payment.due ? [payment.due] : [];
  if (payment.plan === "monthly") return [`Payment: ${payment.text}`, ...due];
  const n = payment.rows.length;
  return [
    "",
    n === 1 ? "Payment in 1 part:" : `Payment in ${n} parts:`,
    ...payment.rows.map(
      (r) => `- ${oneLine(r.label)}: ${r.percent}${r.amount === null ? "" : ` (${r.amount})`}`,
    ),
    payment.note,
    ...due,
    "",
  ];
}

/** Tells the founders a new proposal version waits for their sign-off. */
export function notifyProposalPublished(args: {
  request: Request;
  engagement: Engagement;
  number: number;
  publishedBy: { id: string; name: string; email: string };
  /** the version's price in a sentence ("at a fixed price of €24,000"), or null for the estimate range */
  price?: string | null;
  /** the version's payment schedule as the proposal page shows it, or null: not stated */
  payment?: PaymentView | null;
}): void {
  const { engagement, number, publishedBy, price = null, payment = null } = args;
  notify({
    ...args,
    roles: ["founder"],
    actor: publishedBy,
    subject: `${oneLine(engagement.name)}: proposal version ${number} is ready for your sign-off`,
    lines: [
      `${who(publishedBy)} published version ${number} of the proposal for ${oneLine(engagement.name)}${price ? `, ${price}` : ""}.`,
      ...paymentLines(payment),
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
  /** the version's price in a sentence ("at a fixed price of €24,000"), or null for the estimate range */
  price?: string | null;
  /** the version's payment schedule as the proposal page shows it, or null: not stated */
  payment?: PaymentView | null;
}): void {
  const { engagement, number, acceptedBy, price = null, payment = null } = args;
  notify({
    ...args,
    roles: ["partner"],
    actor: acceptedBy,
    subject: `${oneLine(engagement.name)}: proposal version ${number} was accepted`,
    lines: [
      `${who(acceptedBy)} accepted version ${number} of the proposal for ${oneLine(engagement.name)}${price ? `, ${price}` : ""}.`,
      ...paymentLines(payment),
      "It is now the agreement, and progress is tracked against it:",
    ],
    path: `/engagements/${engagement.id}/proposals/${number}`,
  });
}

/**
 * Tells the founders the partner withdrew a version (decision 039): it can no longer be accepted,
 * and no earlier one is back on offer. The reason is quoted, like a comment, so nothing in it reads
 * as the app's own words.
 */
export function notifyProposalWithdrawn(args: {
  request: Request;
  engagement: Engagement;
  number: number;
  withdrawnBy: { id: string; name: string; email: string };
  /** one line, "" for none */
  reason: string;
  /** it was the newest version: nothing is on offer until the partner publishes another */
  newest: boolean;
}): void {
  const { engagement, number, withdrawnBy, reason, newest } = args;
  notify({
    ...args,
    roles: ["founder"],
    actor: withdrawnBy,
    subject: `${oneLine(engagement.name)}: proposal version ${number} was withdrawn`,
    lines: [
      `${who(withdrawnBy)} withdrew version ${number} of the proposal for ${oneLine(engagement.name)}, so it can no longer be accepted.`,
      ...(reason ? ["Their reason:", ...quoteLines(oneLine(reason))] : []),
      newest
        ? "No earlier version is on offer again: they can publish a new one for you to accept. This one stays there to read:"
        : "A newer version had already replaced it. This one stays there to read:",
    ],
    path: `/engagements/${engagement.id}/proposals/${number}`,
  });
}

/**
 * Every line break a mail client may break a line on: CR, LF and CRLF, and also VT, FF, NEL (U+0085)
 * and the Unicode line and paragraph separators (U+2028, U+2029). A comment keeps these (only CR is
 * normalised), and a line a client starts after one of them, left unquoted, could pass for the app's
 * own words.
 */
const LINE_BREAK = /\r\n?|[\n\v\f\u0085\u2028\u2029]/;

/** A text as quoted lines ("> …"), one per line break of any kind. */
function quoteLines(text: string): string[] {
  return text.split(LINE_BREAK).map((line) => `> ${line}`);
}

const commentEmails = (n: number) => (n === 1 ? "1 comment email" : `${n} comment emails`);

/** How much of a comment an email quotes; the link leads to the whole of it. */
const COMMENT_MAIL_CHARS = 500;

/** A title short enough for a subject line. */
const short = (text: string, max = 60) => {
  const t = oneLine(text);
  return t.length > max ? `${t.slice(0, max - 1).trimEnd()}…` : t;
};

/**
 * Tells every other member who wants email that someone commented on a plan item, a question or a
 * proposal version, quoting the comment, with the link to the thread. At most one email per recipient per
 * thread every COMMENT_MAIL_MINUTES, and at most COMMENT_MAIL_LIMIT per recipient per hour across
 * threads: the counters are rows of `rate_limits` (commentMailLimiter, commentMailCapLimiter), so
 * they hold across server processes and restarts; a comment past them is only on the page.
 */
export function notifyComment({
  request,
  engagement,
  author,
  target,
  body,
}: {
  request: Request;
  engagement: Engagement;
  author: { id: string; name: string; email: string };
  target:
    | { type: "plan-item"; id: string; title: string }
    | { type: "proposal"; number: number }
    /** `path`: the questionnaire page the question is answered on, at the question */
    | { type: "question"; id: string; prompt: string; path: string };
  body: string;
}): void {
  const base = publicOrigin(request);
  const thread =
    target.type === "plan-item"
      ? `item:${target.id}`
      : target.type === "question"
        ? `question:${target.id}`
        : `proposal:${target.number}`;
  const what =
    target.type === "plan-item"
      ? `“${short(target.title)}”`
      : target.type === "question"
        ? `the question “${short(target.prompt)}”`
        : `proposal version ${target.number}`;
  const path =
    target.type === "plan-item"
      ? `/engagements/${engagement.id}/plan/${target.id}#comments`
      : target.type === "question"
        ? target.path
        : `/engagements/${engagement.id}/proposals/${target.number}#comments`;
  const quoted =
    body.length > COMMENT_MAIL_CHARS ? `${body.slice(0, COMMENT_MAIL_CHARS - 1).trimEnd()}…` : body;
  const lines = [
    `${who(author)} commented on ${target.type === "plan-item" ? `the plan item “${oneLine(target.title)}”` : target.type === "question" ? `the question “${oneLine(target.prompt)}”` : what} in ${oneLine(engagement.name)}:`,
    "",
    // Quoted line by line, so nothing in a comment reads as the app's own words or as the link.
    ...quoteLines(quoted),
    "",
    `Read the thread and answer it (more comments there within ${COMMENT_MAIL_MINUTES} minutes are not emailed again):`,
  ];
  const subject = `${who(author)} commented on ${what} (${oneLine(engagement.name)})`;
  inBackground("comment", async () => {
    const recipients = await membersToNotify({
      engagementId: engagement.id,
      roles: ROLES,
      except: author.id,
    });
    for (const to of recipients) {
      // Over the limit: this thread already emailed them within the window. A counter that cannot be
      // read is an error (logged), not a reason to send.
      const allowed = await commentMailLimiter()
        .consume(`${engagement.id}|${thread}|${to.id}`)
        .then(() => true)
        .catch((error: unknown) => {
          if (error instanceof Error) throw error;
          return false;
        });
      if (!allowed) continue;
      // And the recipient's cap across threads and engagements (commentMailCapLimiter): counted only
      // for an email the thread's limit let through. Past it, nothing is sent; the last one it allows
      // says so, so a quiet inbox is not taken for a quiet engagement.
      const cap = await commentMailCapLimiter()
        .consume(to.id)
        .then((res) => ({ allowed: true, last: res.remainingPoints === 0 }))
        .catch((error: unknown) => {
          if (error instanceof Error) throw error;
          return { allowed: false, last: false };
        });
      if (!cap.allowed) continue;
      const capLine = cap.last
        ? [
            "",
            `You have now been sent ${commentEmails(getEnv().COMMENT_MAIL_LIMIT)} within the hour, the most there can be: comments for the rest of the hour are not emailed. They are all on Finishline.`,
          ]
        : [];
      await sendMail({
        to: to.email,
        subject,
        text: notificationText({ to, engagement, base, lines: [...lines, ...capLine], path }),
      });
    }
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
  inBackground("invitation", () =>
    sendMail({
      to,
      subject: `${who(from)} invited you to ${oneLine(engagement.name)} on Finishline`,
      text: [
        "Hello,",
        "",
        `${who(from)} (${from.email}) invited you to ${oneLine(engagement.name)} on Finishline, as ${roleLabel.toLowerCase()}${note ? ` (“${note}”)` : ""}.`,
        "Finishline is where they assess what the app needs before launch and agree the work. To join, open:",
        "",
        link,
        "",
        `The link works once, until ${expires}. If you did not expect it, ignore this email.`,
      ].join("\n"),
    }),
  );
}

/**
 * Emails a password-reset link to the account with this email, if there is one and it has not had
 * its three this hour. Runs outside the request (scheduled after the answer), so the answer, the
 * same for every address, does not wait for the lookup, the write or the mail server.
 */
export function emailPasswordReset({ request, email }: { request: Request; email: string }): void {
  const base = publicOrigin(request);
  setImmediate(() =>
    inBackground("password reset", async () => {
      // Over the account's limit: nothing is sent, and the answer was the same.
      const allowed = await resetMailLimiter()
        .consume(email)
        .then(() => true)
        .catch(() => false);
      if (!allowed) return;
      const reset = await createPasswordReset({ email });
      if (!reset) return;
      await sendMail({
        to: reset.user.email,
        subject: "Reset your Finishline password",
        text: [
          `Hello${reset.user.name ? ` ${oneLine(reset.user.name)}` : ""},`,
          "",
          "Someone (we hope you) asked to reset the password of your Finishline account. To choose a new one, open:",
          "",
          `${base}/reset-password/${reset.token}`,
          "",
          `The link works once, for ${RESET_LINK_MINUTES} minutes. If you did not ask, ignore this email: your password stays as it is.`,
        ].join("\n"),
      });
    }),
  );
}

const SECURITY_CHANGES = {
  "password-changed": {
    subject: "Your Finishline password was changed",
    line: () =>
      "The password of your Finishline account was changed, and every other session was signed out.",
  },
  "password-reset": {
    subject: "Your Finishline password was reset",
    line: () =>
      "The password of your Finishline account was reset with a link sent to this address, and every session was signed out.",
  },
  "two-step-on": {
    subject: "Two-step login is on for your Finishline account",
    line: () =>
      "Two-step login was turned on for your Finishline account: logging in now takes a code from an authenticator app as well as the password.",
  },
  "two-step-off": {
    subject: "Two-step login is off for your Finishline account",
    line: () =>
      "Two-step login was turned off for your Finishline account: the password alone logs in again.",
  },
  "recovery-codes": {
    subject: "New recovery codes for your Finishline account",
    line: () =>
      "New recovery codes were made for the two-step login of your Finishline account; the earlier ones no longer work.",
  },
  "email-change-asked": {
    subject: "A new email was given for your Finishline account",
    line: (newEmail?: string) =>
      `Someone signed in to your Finishline account asked to change its email to ${newEmail}. It changes only if the link sent there is opened within ${EMAIL_CHANGE_MINUTES} minutes; until then this address stays the account's. Resetting or changing the password cancels it.`,
  },
  "new-sign-in": {
    subject: "New sign-in to your Finishline account",
    line: (device?: string) =>
      `Your Finishline account was signed in to from a browser it had not been used in before (${device}).`,
  },
  "email-changed": {
    subject: "Your Finishline account has a new email",
    line: (newEmail?: string) =>
      `The email of your Finishline account was changed to ${newEmail}. This address no longer logs in to it.`,
  },
} as const;

/** Now, as the emails about an account or a member say when it happened: "2026-12-06 16:50 UTC". */
const utcNow = () => `${new Date().toISOString().replace("T", " ").slice(0, 16)} UTC`;

export type SecurityChange = keyof typeof SECURITY_CHANGES;

/**
 * Tells the owner their password, email or two-step login changed, or that a browser never used with
 * the account signed in (OWASP ASVS 2.2.3), so what they did not do does not go unnoticed. Always
 * sent, whatever the notification setting; after the answer.
 */
export function emailSecurityChange({
  request,
  user,
  change,
  ip,
  detail,
}: {
  request: Request;
  user: { email: string; name: string };
  change: SecurityChange;
  ip: string;
  /** for the email changes: the address it changes (or changed) to; for a sign-in: the browser */
  detail?: string;
}): void {
  const base = publicOrigin(request);
  const { subject } = SECURITY_CHANGES[change];
  const line = SECURITY_CHANGES[change].line(detail);
  const when = utcNow();
  inBackground("security", () =>
    sendMail({
      to: user.email,
      subject,
      text: [
        `Hello${user.name ? ` ${oneLine(user.name)}` : ""},`,
        "",
        line,
        `When: ${when}, from the address ${ip}.`,
        "",
        `If this was you, there is nothing to do. If it was not, reset your password now at ${base}/forgot-password, then check where you are signed in at ${base}/account.`,
        "",
        "Emails about your account's security are always sent; they cannot be turned off.",
      ].join("\n"),
    }),
  );
}

/** Sends the link that makes `newEmail` the account's email to that address, to prove it is theirs. */
export function emailNewAddressLink({
  request,
  user,
  newEmail,
  token,
}: {
  request: Request;
  user: { email: string; name: string };
  newEmail: string;
  token: string;
}): void {
  const base = publicOrigin(request);
  inBackground("email change", () =>
    sendMail({
      to: newEmail,
      subject: "Confirm your new email for Finishline",
      text: [
        `Hello${user.name ? ` ${oneLine(user.name)}` : ""},`,
        "",
        `To make this address the email of your Finishline account (now ${user.email}), open:`,
        "",
        `${base}/account/email/${token}`,
        "",
        `The link works once, for ${EMAIL_CHANGE_MINUTES} minutes. If you did not ask for this, ignore this email: nothing changes.`,
      ].join("\n"),
    }),
  );
}

/**
 * Sends the link that confirms the account's address (decision 038): until it is opened, no
 * notification goes there. Sent after the answer, like the others.
 */
export function emailConfirmationLink({
  request,
  user,
  token,
}: {
  request: Request;
  user: { email: string; name: string };
  token: string;
}): void {
  const base = publicOrigin(request);
  inBackground("email confirmation", () =>
    sendMail({
      to: user.email,
      subject: "Confirm your email for Finishline",
      text: [
        `Hello${user.name ? ` ${oneLine(user.name)}` : ""},`,
        "",
        "A Finishline account was created with this address. To confirm it is yours, open:",
        "",
        `${base}/account/confirm/${token}`,
        "",
        `The link works once, for ${EMAIL_CONFIRM_HOURS} hours. Until it is used, this address gets no notifications from Finishline. If you did not sign up, ignore this email.`,
      ].join("\n"),
    }),
  );
}

/**
 * Tells the owner a browser never used with the account signed in to it (see emailSecurityChange).
 * Not to an address nobody confirmed (decision 038): whoever signed up with a stranger's address
 * could otherwise send them an email per login from a fresh browser, as often as they like.
 */
export function emailNewSignIn({
  request,
  user,
  ip,
}: {
  request: Request;
  user: { email: string; name: string };
  ip: string;
}): void {
  if (!isAddressConfirmed(user.email)) return;
  const detail = describeAgent(request.headers.get("User-Agent") ?? "");
  emailSecurityChange({ request, user, change: "new-sign-in", ip, detail });
}

/** Someone by name and address: whom to ask, once the project that linked them is gone. */
const whoWithEmail = (user: { name: string; email: string }) =>
  oneLine(user.name) ? `${oneLine(user.name)} (${user.email})` : user.email;

const ALWAYS_SENT =
  "Emails about losing access to a project are always sent, whatever your email settings, so that your own records do not vanish unannounced.";

/**
 * Tells the other members of a deleted engagement that it is gone: who deleted it, when, and that
 * what they kept there (answers, plan, proposals, logged hours) went with it. A partner's plan and
 * hours are what they bill by, so this is sent whatever the "Email me" tick, like a security notice,
 * but only to confirmed addresses (decisions 049, 038). No link: there is nothing left to open.
 */
export function emailEngagementDeleted({
  engagement,
  deletedBy,
  members,
  withAccount = false,
}: {
  engagement: { name: string };
  deletedBy: { name: string; email: string };
  /** the members it was taken from, other than whoever deleted it */
  members: { name: string; email: string; role: Role; confirmed: boolean }[];
  /** deleted because its only founder deleted their account */
  withAccount?: boolean;
}): void {
  const name = oneLine(engagement.name);
  const when = utcNow();
  const recipients = members.filter((m) => m.confirmed);
  if (recipients.length === 0) return;
  inBackground("deletion notice", async () => {
    for (const to of recipients) {
      await sendMail({
        to: to.email,
        subject: `${name} was deleted from Finishline`,
        text: [
          `Hello${to.name ? ` ${oneLine(to.name)}` : ""},`,
          "",
          withAccount
            ? `${whoWithEmail(deletedBy)} deleted their Finishline account on ${when}, and with it the project ${name}, of which they were the only founder. You were on it as ${ROLE_LABELS[to.role].toLowerCase()}.`
            : `${whoWithEmail(deletedBy)} deleted the project ${name} from Finishline on ${when}. You were on it as ${ROLE_LABELS[to.role].toLowerCase()}.`,
          "",
          "Its answers, plan, proposals (an accepted one too), comments and logged hours are no longer in Finishline, and cannot be brought back from there.",
          `If you need a record of them, ask ${who(deletedBy)} for a copy: Finishline offers a download of the whole project before it is deleted.`,
          "",
          ALWAYS_SENT,
        ].join("\n"),
      });
    }
  });
}

/**
 * Tells a member a founder removed them from the engagement, and who: otherwise they learn it from a
 * "not found" page. Not sent to one who leaves (they know). Always sent, to a confirmed address only,
 * as the deletion notice (decision 049).
 */
export function emailMemberRemoved({
  engagement,
  removedBy,
  member,
}: {
  engagement: { name: string };
  removedBy: { name: string; email: string };
  member: { name: string; email: string; confirmed: boolean };
}): void {
  if (!member.confirmed) return;
  const name = oneLine(engagement.name);
  const when = utcNow();
  inBackground("removal notice", () =>
    sendMail({
      to: member.email,
      subject: `You were removed from ${name} on Finishline`,
      text: [
        `Hello${member.name ? ` ${oneLine(member.name)}` : ""},`,
        "",
        `${whoWithEmail(removedBy)} removed you from the project ${name} on Finishline on ${when}. You can no longer open it; it stays with its other members.`,
        `If you think this is a mistake, or need a copy of something in it, ask ${who(removedBy)}.`,
        "",
        ALWAYS_SENT,
      ].join("\n"),
    }),
  );
}

/**
 * Tells a member a founder changed their role, and who: what they may do changed under them, and a
 * partner made viewer would otherwise learn it from a refused save. Always sent, to a confirmed
 * address only, as the removal notice (decision 052).
 */
export function emailRoleChanged({
  engagement,
  changedBy,
  member,
  from,
  to,
  link,
}: {
  engagement: { name: string };
  changedBy: { name: string; email: string };
  member: { name: string; email: string; confirmed: boolean };
  from: Role;
  to: Role;
  link: string;
}): void {
  if (!member.confirmed) return;
  const name = oneLine(engagement.name);
  const when = utcNow();
  inBackground("role change notice", () =>
    sendMail({
      to: member.email,
      subject: `Your role on ${name} is now ${INVITE_ROLE_LABELS[to].toLowerCase()}`,
      text: [
        `Hello${member.name ? ` ${oneLine(member.name)}` : ""},`,
        "",
        `${whoWithEmail(changedBy)} changed your role on the project ${name} on Finishline on ${when}: you were ${INVITE_ROLE_LABELS[from].toLowerCase()}, and are now ${INVITE_ROLE_LABELS[to].toLowerCase()}.`,
        `What that means: ${ROLE_DESCRIPTIONS[to]}`,
        "",
        `Open the project: ${link}`,
        `If you think this is a mistake, ask ${who(changedBy)}.`,
        "",
        "Emails about a change to what you may do on a project are always sent, whatever your email settings.",
      ].join("\n"),
    }),
  );
}
