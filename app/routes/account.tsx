import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";

import { CheckboxSetting } from "~/components/checkbox-setting";
import { Field, FormError } from "~/components/field";
import { PROFILE_FIELDS, PartnerProfileForm } from "~/components/partner-profile-form";
import { emailConfirmationLink, emailNewAddressLink, emailSecurityChange } from "~/mail/notifications.server";
import { cancelEmailChanges, EMAIL_CHANGE_MINUTES, requestEmailChange } from "~/models/email-change.server";
import {
  createEmailConfirmation,
  EMAIL_CONFIRM_HOURS,
  isEmailConfirmed,
} from "~/models/email-confirmation.server";
import { COMMON_PASSWORD, isCommonPassword } from "~/auth/common-passwords.server";
import { rolesOfUser } from "~/models/membership.server";
import { getPartnerProfile, savePartnerProfile } from "~/models/partner-profile.server";
import { listSessions, revokeOtherSessions, revokeSession } from "~/models/session.server";
import { forgetOtherDevices, forgetRememberedBrowsers } from "~/models/trusted-device.server";
import { twoStepStatus } from "~/models/two-step.server";
import {
  changePassword,
  getEmailNotifications,
  normalizeEmail,
  setEmailNotifications,
  setUserName,
} from "~/models/user.server";
import { EmailSchema, NameSchema, PasswordSchema } from "~/auth/auth-schemas";
import { getUserSession, readDeviceToken, requireUser } from "~/auth/auth.server";
import { isCurrentPassword } from "~/auth/current-password.server";
import {
  CONFIRM_MAIL_LIMIT,
  confirmMailLimiter,
  consume,
  emailChangeLimiter,
} from "~/auth/rate-limit.server";
import { badRequest, parseForm, postedValues, type FieldErrors } from "~/utils/forms.server";
import { describeAgent } from "~/utils/describe-agent";
import { formatDateTime } from "~/utils/format";
import { PartnerProfileSchema } from "~/utils/partner-profile";
import { passErrorHeaders } from "~/utils/headers";
import { sha256 } from "~/utils/ids.server";
import type { RequestArgs } from "~/utils/request-memo.server";

const AccountSchema = z.discriminatedUnion("intent", [
  // Empty is allowed: no name, and you are shown by your email address (as after a signup without one).
  z.object({ intent: z.literal("change-name"), name: NameSchema.default("") }),
  z.object({
    intent: z.literal("change-password"),
    currentPassword: z.string({ required_error: "Enter your current password." }).max(1024),
    newPassword: PasswordSchema,
  }),
  z.object({
    intent: z.literal("change-email"),
    newEmail: EmailSchema,
    emailPassword: z.string({ required_error: "Enter your password." }).max(1024),
  }),
  z.object({ intent: z.literal("revoke-session"), session: z.string().regex(/^[0-9a-f]{64}$/) }),
  z.object({ intent: z.literal("revoke-others") }),
  // The link that confirms the address, sent again (decision 038).
  z.object({ intent: z.literal("resend-confirmation") }),
  // A checkbox: sent as "on" when ticked, absent when not.
  z.object({ intent: z.literal("notifications"), notify: z.literal("on").optional() }),
  // The company on the proposals this user publishes (decision 035).
  z.object({ intent: z.literal("partner-profile"), ...PartnerProfileSchema.shape }),
]);

export const meta: MetaFunction = () => [{ title: "Account — Finishline" }];
export const headers = passErrorHeaders;

async function requireSession(args: RequestArgs) {
  const current = await getUserSession(args);
  if (!current) await requireUser(args); // throws the login redirect
  return current!;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, token } = await requireSession({ request, context });
  const currentHash = sha256(token);
  const sessions = await listSessions({ userId: user.id });
  const profile = await getPartnerProfile({ userId: user.id });
  return {
    user: { email: user.email, name: user.name },
    notifyByEmail: await getEmailNotifications({ userId: user.id }),
    emailConfirmed: isEmailConfirmed({ userId: user.id }),
    profile,
    // The company on proposals is for engineering partners: a founder who is no one's partner (and
    // has no profile saved) is not asked for it.
    profileShown: profile !== null || (await rolesOfUser({ userId: user.id })).includes("partner"),
    twoStep: (await twoStepStatus({ userId: user.id })).state === "on",
    sessions: sessions.map((s) => ({
      id: s.idHash,
      current: s.idHash === currentHash,
      device: describeAgent(s.userAgent),
      ip: s.ip,
      createdAt: formatDateTime(s.createdAt),
      lastSeenAt: formatDateTime(s.lastSeenAt),
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, token } = await requireSession({ request, context });
  const formData = await request.formData();
  // A refused name or change of email keeps what was typed (also without JS); passwords never go back.
  const values = postedValues(formData, ["name", "newEmail", ...Object.keys(PROFILE_FIELDS)]);
  const parsed = parseForm(formData, AccountSchema);
  if (!parsed.ok) return badRequest({ ...parsed, values });
  const input = parsed.value;
  if (input.intent === "change-name") {
    await setUserName({ userId: user.id, name: input.name });
    // Said beside the name's own button, not in the alert at the top of the page.
    return { ok: true as const, message: null, nameSaved: true, done: Date.now() };
  }
  if (input.intent === "partner-profile") {
    const { intent: _intent, ...profile } = input;
    await savePartnerProfile({ userId: user.id, profile });
    return { ok: true as const, message: null, profileSaved: true, done: Date.now() };
  }
  if (input.intent === "change-password") {
    if (!(await isCurrentPassword(user, input.currentPassword)))
      return badRequest({ fieldErrors: { currentPassword: ["That is not your current password."] } });
    // Said only once the current password is proven, so it tells a guesser nothing.
    if (input.newPassword === input.currentPassword)
      return badRequest({
        fieldErrors: { newPassword: ["That is your current password. Choose a new one."] },
      });
    if (await isCommonPassword(input.newPassword))
      return badRequest({ fieldErrors: { newPassword: [COMMON_PASSWORD] } });
    await changePassword({ userId: user.id, password: input.newPassword });
    // A changed password must end every other session: one of them may be the attacker's. Their
    // browser is no longer one the account knows either.
    const ended = await revokeOtherSessions({ userId: user.id, keepToken: token });
    await forgetOtherDevices({ userId: user.id, keepToken: readDeviceToken(request) });
    const cancelled = cancelEmailChanges({ userId: user.id });
    emailSecurityChange({ request, user, change: "password-changed", ip: context.clientIp });
    return {
      ok: true as const,
      message: `Password changed. ${sessionsEnded(ended)}${emailChangeCancelled(cancelled)}`,
      done: Date.now(),
    };
  }
  if (input.intent === "change-email") {
    await consume(emailChangeLimiter(), user.id);
    if (!(await isCurrentPassword(user, input.emailPassword)))
      return badRequest({ fieldErrors: { emailPassword: ["That is not your password."] }, values });
    const newEmail = normalizeEmail(input.newEmail);
    const requested = await requestEmailChange({ userId: user.id, newEmail });
    if (!requested.ok) {
      return badRequest({
        fieldErrors: {
          newEmail: [
            requested.reason === "same" ? "That is already your email." : "Another account uses that email.",
          ],
        },
        values,
      });
    }
    emailNewAddressLink({ request, user, newEmail, token: requested.token });
    emailSecurityChange({
      request,
      user,
      change: "email-change-asked",
      ip: context.clientIp,
      detail: newEmail,
    });
    return {
      ok: true as const,
      message: `We sent a link to ${newEmail}. Your email changes when you open it, within ${EMAIL_CHANGE_MINUTES} minutes; until then you log in with ${user.email}.`,
      done: Date.now(),
    };
  }
  if (input.intent === "resend-confirmation") {
    if (isEmailConfirmed({ userId: user.id }))
      return { ok: true as const, message: `Your email ${user.email} is already confirmed.` };
    // Each link is an email to an address nobody has proven, perhaps a stranger's: a few an hour.
    const allowed = await confirmMailLimiter()
      .consume(user.id)
      .then(() => true)
      .catch((rejection: unknown) => {
        if (rejection instanceof Error) throw rejection;
        return false;
      });
    if (!allowed) {
      return data(
        {
          ok: false as const,
          fieldErrors: {
            form: [
              `We already sent the link ${CONFIRM_MAIL_LIMIT} times this hour, the most we send. Use the newest email, or ask again in an hour.`,
            ],
          } as FieldErrors,
          values,
        },
        { status: 429 },
      );
    }
    const confirmToken = createEmailConfirmation({ userId: user.id, email: user.email });
    emailConfirmationLink({ request, user, token: confirmToken });
    return {
      ok: true as const,
      message: `We sent a new link to ${user.email}. It works for ${EMAIL_CONFIRM_HOURS} hours; earlier links no longer work.`,
    };
  }
  if (input.intent === "notifications") {
    const on = input.notify === "on";
    await setEmailNotifications({ userId: user.id, on });
    return {
      ok: true as const,
      message: on
        ? "You will get an email when a proposal is published or accepted, or someone comments."
        : "No more emails about proposals or comments.",
    };
  }
  if (input.intent === "revoke-session") {
    if (input.session === sha256(token)) {
      return badRequest({ fieldErrors: { form: ["Use “Log out” to end the session you are using."] } });
    }
    const revoked = await revokeSession({ userId: user.id, idHash: input.session });
    return { ok: true as const, message: revoked ? "Session ended." : "That session had already ended." };
  }
  const ended = await revokeOtherSessions({ userId: user.id, keepToken: token });
  // A browser left signed in elsewhere may also be one remembered at the two-step code: after this,
  // its saved password alone no longer gets back in (decision 025).
  const forgotten = forgetRememberedBrowsers({ userId: user.id, keepToken: readDeviceToken(request) });
  const cancelled = cancelEmailChanges({ userId: user.id });
  return {
    ok: true as const,
    message:
      sessionsEnded(ended) +
      (forgotten > 0 ? " Other browsers will ask for the two-step code again." : "") +
      emailChangeCancelled(cancelled),
  };
}

function emailChangeCancelled(n: number) {
  return n === 0
    ? ""
    : " The change of email waiting for its link was cancelled: ask again if you still want it.";
}

function sessionsEnded(n: number) {
  return n === 0
    ? "No other sessions were open."
    : `Signed out ${n} other ${n === 1 ? "session" : "sessions"}.`;
}

export default function Account() {
  const { user, notifyByEmail, emailConfirmed, twoStep, sessions, profile, profileShown } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const errors = actionData && !actionData.ok ? actionData.fieldErrors : {};
  // With JavaScript the page stays, and so would what was typed: a form that did its job starts empty
  // (a new key per success), one with an error keeps it.
  const formKey = actionData?.ok && "done" in actionData ? String(actionData.done) : "typing";
  // Without JavaScript the page is rendered afresh: a refused change of email shows what was typed.
  const values = actionData && "values" in actionData ? actionData.values : undefined;
  return (
    <div className="container narrow stack-lg">
      <div>
        <h1>Account</h1>
        <p className="muted">Signed in as {user.email}</p>
      </div>
      {actionData?.ok && actionData.message ? (
        <div className="alert alert--ok" role="status">
          {actionData.message}
        </div>
      ) : null}
      {searchParams.get("email") === "changed" && !actionData ? (
        <div className="alert alert--ok" role="status">
          {`Your email is now ${user.email}. Log in with it from now on.`}
        </div>
      ) : null}
      {searchParams.get("email") === "confirmed" && !actionData ? (
        <div className="alert alert--ok" role="status">
          {`Your email ${user.email} is confirmed.`}
        </div>
      ) : null}
      {searchParams.get("two-step") === "off" && !actionData ? (
        <div className="alert alert--ok" role="status">
          Two-step login is off. Logging in takes only your password again.
        </div>
      ) : null}
      <FormError
        error={errors.form?.[0]}
        fieldErrors={errors}
        fields={{
          name: { label: "Your name" },
          newEmail: { label: "New email" },
          emailPassword: { label: "Current password", id: "email-password" },
          currentPassword: { label: "Current password" },
          newPassword: { label: "New password" },
          ...PROFILE_FIELDS,
        }}
      />

      {emailConfirmed ? null : (
        <section className="alert alert--warn stack" aria-label="Email not confirmed">
          <p>
            Your email address is not confirmed yet: we send no notifications until it is. Open the link we
            sent to {user.email}.
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="resend-confirmation" />
            <button type="submit" className="button button--secondary" disabled={busy}>
              Send the link again
            </button>
          </Form>
        </section>
      )}

      <section className="card stack" aria-labelledby="name-heading">
        <h2 id="name-heading">Your name</h2>
        <Form method="post" className="stack" noValidate key={formKey}>
          <input type="hidden" name="intent" value="change-name" />
          <Field
            label="Name"
            name="name"
            autoComplete="name"
            maxLength={100}
            hint="People on your projects see it, and it goes on your reports. Leave it empty to be shown by your email address."
            // After a save the page's own data has the name as stored (trimmed).
            defaultValue={values?.name ?? user.name}
            errors={errors.name}
          />
          <div className="form-actions">
            <button type="submit" className="button button--secondary" disabled={busy}>
              Save name
            </button>
            {actionData?.ok && "nameSaved" in actionData ? (
              <p role="status" className="form-status">
                Saved.
              </p>
            ) : null}
          </div>
        </Form>
      </section>

      {profileShown ? (
        <PartnerProfileForm
          profile={profile}
          values={values}
          errors={errors}
          busy={busy}
          saved={Boolean(actionData?.ok && "profileSaved" in actionData)}
          formKey={formKey}
        />
      ) : null}

      <section className="card stack" aria-labelledby="email-heading">
        <h2 id="email-heading">Email address</h2>
        <p className="muted small">
          You log in with {user.email}, and emails go there. A new address takes over once you open the link
          we send to it.
        </p>
        <Form method="post" className="stack" noValidate key={formKey}>
          <input type="hidden" name="intent" value="change-email" />
          <Field
            label="New email"
            name="newEmail"
            type="email"
            autoComplete="email"
            defaultValue={values?.newEmail}
            errors={errors.newEmail}
          />
          <Field
            id="email-password"
            label="Current password"
            name="emailPassword"
            type="password"
            autoComplete="current-password"
            errors={errors.emailPassword}
          />
          <p>
            <button type="submit" className="button button--secondary" disabled={busy}>
              Send the link
            </button>
          </p>
        </Form>
      </section>

      <section className="card stack" aria-labelledby="password-heading">
        <h2 id="password-heading">Change password</h2>
        <p className="muted small">Changing your password signs you out everywhere else.</p>
        <Form method="post" className="stack" noValidate key={formKey}>
          <input type="hidden" name="intent" value="change-password" />
          <input type="text" name="username" autoComplete="username" value={user.email} readOnly hidden />
          <Field
            label="Current password"
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            errors={errors.currentPassword}
          />
          <Field
            label="New password"
            name="newPassword"
            type="password"
            autoComplete="new-password"
            hint="At least 8 characters."
            errors={errors.newPassword}
          />
          <button type="submit" className="button button--primary" disabled={busy}>
            Change password
          </button>
        </Form>
      </section>

      <section className="card stack" aria-labelledby="two-step-heading">
        <h2 id="two-step-heading">
          Two-step login{" "}
          {twoStep ? (
            <span className="badge badge--ok">On</span>
          ) : (
            <span className="badge badge--muted">Off</span>
          )}
        </h2>
        <p className="muted small">
          {twoStep
            ? "Logging in takes your password and a code from your authenticator app."
            : "Ask for a code from an authenticator app as well as your password, so a leaked password is not enough."}
        </p>
        <p>
          <Link to="/account/two-step" className="button button--secondary">
            {twoStep ? "Manage two-step login" : "Set up two-step login"}
          </Link>
        </p>
      </section>

      <section className="card stack" aria-labelledby="notifications-heading">
        <h2 id="notifications-heading">Email notifications</h2>
        <CheckboxSetting intent="notifications" name="notify" checked={notifyByEmail} busy={busy}>
          Email me when a proposal waits for my sign-off or is withdrawn, when a founder accepts a proposal,
          or when someone comments on a plan item or proposal (at most once per thread every ten minutes) on a
          project I work on.
        </CheckboxSetting>
      </section>

      <section className="card stack" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">Where you're signed in</h2>
        <ul className="session-list">
          {sessions.map((s) => (
            <li key={s.id} className="session-row">
              <div>
                <strong>{s.device}</strong>{" "}
                {s.current ? <span className="badge badge--ok">This device</span> : null}
                <p className="muted small">
                  Last active {s.lastSeenAt} · signed in {s.createdAt}
                  {s.ip ? ` · ${s.ip}` : ""}
                </p>
              </div>
              {s.current ? null : (
                <Form method="post">
                  <input type="hidden" name="intent" value="revoke-session" />
                  <input type="hidden" name="session" value={s.id} />
                  {/* Each button names its session: a list of buttons otherwise reads "Sign out, Sign out, …". */}
                  <button type="submit" className="button button--secondary button--small">
                    Sign out
                    <span className="visually-hidden">
                      {` the session on ${s.device}, last active ${s.lastSeenAt}`}
                    </span>
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
        {sessions.length > 1 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="revoke-others" />
            <button type="submit" className="button button--danger">
              Sign out all other sessions
            </button>
          </Form>
        ) : null}
      </section>

      <section className="card stack" aria-labelledby="delete-account-heading">
        <h2 id="delete-account-heading">Delete your account</h2>
        <p className="muted small">
          Removes your account, and the projects you alone own, for everyone on them. The next page lists them
          before anything is deleted.
        </p>
        <p>
          <Link to="/account/delete" className="button button--danger">
            Delete my account…
          </Link>
        </p>
      </section>
    </div>
  );
}
