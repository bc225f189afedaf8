import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";

import { Field, FormError } from "~/components/field";
import { emailNewSignIn } from "~/mail/notifications.server";
import { isTrustedDevice, skipsCode, trustDevice } from "~/models/trusted-device.server";
import { findUserByEmail, normalizeEmail, verifyLogin } from "~/models/user.server";
import {
  challengeAndRedirect,
  getOptionalUser,
  readDeviceToken,
  safeRedirect,
  startSessionAndRedirect,
} from "~/auth/auth.server";
import { CHALLENGE_MINUTES, createLoginChallenge, hasTwoStep } from "~/models/two-step.server";
import { invitationFrom } from "~/models/invitation.server";
import { INVITE_ROLE_LABELS } from "~/auth/permissions";
import { badRequest, parseForm, postedValues, tooManyAttempts } from "~/utils/forms.server";
import { passErrorHeaders } from "~/utils/headers";
import {
  recordLoginFailure,
  recordLoginSuccess,
  startLoginAttempt,
  type LoginClient,
} from "~/auth/rate-limit.server";

const LoginSchema = z.object({
  email: z.string({ required_error: "Enter your email address." }).trim().max(254),
  password: z.string({ required_error: "Enter your password." }).max(1024),
  redirectTo: z.string().optional(),
});

export const meta: MetaFunction = () => [{ title: "Log in — Finishline" }];
export const headers = passErrorHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getOptionalUser({ request, context })) throw redirect("/engagements");
  // Opened from an invitation still valid: the page speaks to someone joining that project in
  // that role, and the form starts with the address it was sent to.
  return { invitation: await invitationFrom(new URL(request.url).searchParams.get("redirectTo")) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  // The email goes back with the message, so a refused login keeps it (also without JS); the
  // password never does.
  const values = postedValues(formData, ["email"]);
  const parsed = parseForm(formData, LoginSchema);
  if (!parsed.ok) return badRequest({ ...parsed, values });
  const { email, password, redirectTo } = parsed.value;
  const device = readDeviceToken(request);
  const known = await findUserByEmail({ email });
  const client: LoginClient = {
    account: normalizeEmail(email),
    ip: context.clientIp,
    device:
      device && known && (await isTrustedDevice({ token: device, userId: known.id })) ? device : undefined,
  };
  // Checked before verifying, so a throttled attacker learns nothing from the hash either.
  const attempt = await startLoginAttempt(client);
  if (!attempt.ok)
    return tooManyAttempts({ message: attempt.message, retryAfter: attempt.retryAfter, values });
  let user: Awaited<ReturnType<typeof verifyLogin>>;
  try {
    user = await verifyLogin({ email, password });
    if (user) await recordLoginSuccess(client);
    else await recordLoginFailure(client);
  } finally {
    attempt.end();
  }
  // Generic on purpose: never say whether the email exists.
  if (!user) return badRequest({ fieldErrors: { form: ["Email or password is wrong."] }, values });
  // A browser the owner asked to remember at the code skips it until then (decision 025).
  if (hasTwoStep(user.id) && !(client.device && skipsCode({ token: client.device, userId: user.id }))) {
    const token = await createLoginChallenge({
      userId: user.id,
      redirectTo: safeRedirect(redirectTo, "/engagements"),
    });
    return challengeAndRedirect(request, token, CHALLENGE_MINUTES * 60);
  }
  if (!client.device) emailNewSignIn({ request, user, ip: context.clientIp });
  return startSessionAndRedirect({
    request,
    userId: user.id,
    clientIp: context.clientIp,
    redirectTo: safeRedirect(redirectTo, "/engagements"),
    deviceToken: await trustDevice({ token: device, userId: user.id }),
  });
}

export default function Login() {
  const actionData = useActionData<typeof action>();
  const { invitation } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const redirectTo = searchParams.get("redirectTo") ?? "";
  const busy = useNavigation().state === "submitting";
  const errors = actionData && !actionData.ok ? actionData.fieldErrors : {};
  const values = actionData && !actionData.ok ? actionData.values : undefined;
  return (
    <div className="container narrow auth-page">
      <h1>Log in</h1>
      <p className="muted">
        {invitation
          ? `To join ${invitation.engagementName} as ${INVITE_ROLE_LABELS[invitation.role].toLowerCase()}, log in: you come straight back to the invitation afterwards.`
          : "Welcome back. Pick up where you left off."}
      </p>
      <Form method="post" className="card stack" noValidate>
        {searchParams.has("reset") && !actionData ? (
          <div className="alert alert--ok" role="status">
            Your password was changed, and every other session ended. Log in with the new one.
          </div>
        ) : null}
        {searchParams.has("ended") && !actionData ? (
          <div className="alert alert--info" role="status">
            You were signed out: a session ends after a while without activity, or when it is signed out from
            another device. Log in to carry on where you were.
          </div>
        ) : null}
        {searchParams.get("step") === "expired" && !actionData ? (
          <div className="alert alert--error" role="alert">
            That login waited too long for its code. Log in again.
          </div>
        ) : null}
        {searchParams.get("step") === "tries" && !actionData ? (
          <div className="alert alert--error" role="alert">
            Too many wrong codes. Log in again to get five more tries.
          </div>
        ) : null}
        <FormError
          error={errors.form?.[0]}
          fieldErrors={errors}
          fields={{ email: { label: "Email" }, password: { label: "Password" } }}
        />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="username"
          required
          defaultValue={values?.email ?? invitation?.email ?? undefined}
          errors={errors.email}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          errors={errors.password}
        />
        <button type="submit" className="button button--primary button--block" disabled={busy}>
          {busy ? "Logging in…" : "Log in"}
        </button>
        <p className="small center">
          <Link to="/forgot-password">Forgot your password?</Link>
        </p>
      </Form>
      <p className="muted center">
        New to Finishline?{" "}
        <Link to={redirectTo ? `/signup?${new URLSearchParams({ redirectTo })}` : "/signup"}>
          Create an account
        </Link>
      </p>
    </div>
  );
}
