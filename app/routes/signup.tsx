import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";

import { Field, FormError } from "~/components/field";
import { emailConfirmationLink } from "~/mail/notifications.server";
import { createEmailConfirmation } from "~/models/email-confirmation.server";
import { trustDevice } from "~/models/trusted-device.server";
import { createUser, EmailTakenError } from "~/models/user.server";
import { EmailSchema, NameSchema, PasswordSchema } from "~/auth/auth-schemas";
import { getOptionalUser, safeRedirect, startSessionAndRedirect } from "~/auth/auth.server";
import { invitationFrom } from "~/models/invitation.server";
import { INVITE_ROLE_LABELS } from "~/auth/permissions";
import { badRequest, parseForm, postedValues, tooManyAttempts } from "~/utils/forms.server";
import { passErrorHeaders } from "~/utils/headers";
import { inWaitWords } from "~/utils/wait-words";
import { COMMON_PASSWORD, isCommonPassword } from "~/auth/common-passwords.server";
import { consumeOrWait, signupLimiter } from "~/auth/rate-limit.server";

const SignupSchema = z.object({
  name: NameSchema.optional(),
  email: EmailSchema,
  password: PasswordSchema,
  redirectTo: z.string().optional(),
});

export const meta: MetaFunction = () => [{ title: "Sign up — Finishline" }];
export const headers = passErrorHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getOptionalUser({ request, context })) throw redirect("/engagements");
  // Opened from an invitation still valid: the page speaks to someone joining that project in
  // that role, and the form starts with the address it was sent to.
  return { invitation: await invitationFrom(new URL(request.url).searchParams.get("redirectTo")) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  // Counted before the form is read, so a refused form counts too.
  const wait = await consumeOrWait(signupLimiter(), context.clientIp);
  const formData = await request.formData();
  // Name and email go back with the messages, so a refused form loses nothing (also without JS);
  // the password never does.
  const values = postedValues(formData, ["name", "email"]);
  if (wait > 0) {
    return tooManyAttempts({
      message: `Too many accounts were created from your internet address in the last hour. Try again ${inWaitWords(wait)}.`,
      retryAfter: wait,
      values,
    });
  }
  const parsed = parseForm(formData, SignupSchema);
  if (!parsed.ok) return badRequest({ ...parsed, values });
  const { email, password, name, redirectTo } = parsed.value;
  if (await isCommonPassword(password))
    return badRequest({ fieldErrors: { password: [COMMON_PASSWORD] }, values });
  try {
    const user = await createUser({ email, password, name });
    // Signed in at once and everything works, but nothing is emailed to the address until this
    // link is opened (decision 038): anyone can type anyone's address here.
    emailConfirmationLink({
      request,
      user,
      token: createEmailConfirmation({ userId: user.id, email: user.email }),
    });
    return startSessionAndRedirect({
      request,
      userId: user.id,
      clientIp: context.clientIp,
      redirectTo: safeRedirect(redirectTo, "/engagements"),
      // The browser that created the account is its owner's (see the login throttle).
      deviceToken: await trustDevice({ token: undefined, userId: user.id }),
    });
  } catch (error) {
    // Saying so is deliberate (docs/decisions/008-signup-says-email-taken.md): without email we
    // have no other way to tell a person they already have an account; the per-IP limit above
    // makes it a slow way to test addresses.
    if (error instanceof EmailTakenError) {
      return badRequest({
        fieldErrors: { email: ["An account with this email already exists. Log in instead."] },
        values,
      });
    }
    throw error;
  }
}

export default function Signup() {
  const actionData = useActionData<typeof action>();
  const { invitation } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const redirectTo = searchParams.get("redirectTo") ?? "";
  const busy = useNavigation().state === "submitting";
  const errors = actionData && !actionData.ok ? actionData.fieldErrors : {};
  const values = actionData && !actionData.ok ? actionData.values : undefined;
  return (
    <div className="container narrow auth-page">
      <h1>Create your account</h1>
      <p className="muted">
        {invitation
          ? `To join ${invitation.engagementName} as ${INVITE_ROLE_LABELS[invitation.role].toLowerCase()}, create your account here: you come straight back to the invitation afterwards.`
          : "Assess your app, see what blocks launch, and scope the work with your engineer."}
      </p>
      <Form method="post" className="card stack" noValidate>
        <FormError
          error={errors.form?.[0]}
          fieldErrors={errors}
          fields={{
            name: { label: "Your name" },
            email: { label: "Email" },
            password: { label: "Password" },
          }}
        />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field
          label="Your name (optional)"
          name="name"
          autoComplete="name"
          defaultValue={values?.name}
          errors={errors.name}
        />
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={values?.email ?? invitation?.email ?? undefined}
          errors={errors.email}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          maxLength={128}
          hint="At least 8 characters. A passphrase works well."
          errors={errors.password}
        />
        <button type="submit" className="button button--primary button--block" disabled={busy}>
          {busy ? "Creating account…" : "Create account"}
        </button>
      </Form>
      <p className="muted center">
        Already have an account?{" "}
        <Link to={redirectTo ? `/login?${new URLSearchParams({ redirectTo })}` : "/login"}>Log in</Link>
      </p>
    </div>
  );
}
