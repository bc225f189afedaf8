import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { z } from "zod";

import { Field, FormError } from "~/components/field";
import { emailPasswordReset } from "~/mail/notifications.server";
import { RESET_LINK_MINUTES } from "~/models/password-reset.server";
import { normalizeEmail } from "~/models/user.server";
import { EmailSchema } from "~/auth/auth-schemas";
import { getOptionalUser } from "~/auth/auth.server";
import { consumeOrWait, resetRequestLimiter } from "~/auth/rate-limit.server";
import { badRequest, parseForm, postedValues, tooManyAttempts } from "~/utils/forms.server";
import { passErrorHeaders } from "~/utils/headers";
import { inWaitWords } from "~/utils/wait-words";

// Asking for a password-reset link. The answer is the same whether or not an account has the
// email, and the link is made and sent outside the request, so the answer does not wait for it.

const ForgotSchema = z.object({ email: EmailSchema });

export const meta: MetaFunction = () => [{ title: "Reset your password — Finishline" }];
export const headers = passErrorHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getOptionalUser({ request, context })) throw redirect("/account");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  // Counted before the form is read, so a refused address counts too.
  const wait = await consumeOrWait(resetRequestLimiter(), context.clientIp);
  const formData = await request.formData();
  // What was typed goes back with the message, so a refused address can be corrected (also without JS).
  const values = postedValues(formData, ["email"]);
  if (wait > 0) {
    return tooManyAttempts({
      message: `Too many reset links were asked for from your internet address in the last hour. Try again ${inWaitWords(wait)}.`,
      retryAfter: wait,
      values,
    });
  }
  const parsed = parseForm(formData, ForgotSchema);
  if (!parsed.ok) return badRequest({ ...parsed, values });
  const email = normalizeEmail(parsed.value.email);
  emailPasswordReset({ request, email });
  // Sent with the answer: a .server module's values do not reach the browser's bundle.
  return { ok: true as const, email, minutes: RESET_LINK_MINUTES };
}

export default function ForgotPassword() {
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  if (actionData?.ok) {
    return (
      <div className="container narrow auth-page">
        <h1>Check your email</h1>
        <div className="card stack" role="status">
          <p>
            If an account uses <strong>{actionData.email}</strong>, we have sent it a link to choose a new
            password. It works once, for {actionData.minutes} minutes.
          </p>
          <p className="muted small">
            Nothing there after a few minutes? Look in the spam folder, or ask again.
          </p>
        </div>
        <p className="muted center">
          <Link to="/login">Back to log in</Link>
        </p>
      </div>
    );
  }
  const errors = actionData?.fieldErrors ?? {};
  const values = actionData?.values;
  return (
    <div className="container narrow auth-page">
      <h1>Reset your password</h1>
      <p className="muted">
        Enter the email you signed up with, and we will send you a link to choose a new password.
      </p>
      <Form method="post" className="card stack" noValidate>
        {/* The email's own message is beside it; a refusal of the whole form (429) is said here. */}
        <FormError error={errors.form?.[0]} />
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="username"
          required
          defaultValue={values?.email}
          errors={errors.email}
        />
        <button type="submit" className="button button--primary button--block" disabled={busy}>
          {busy ? "Sending…" : "Send the link"}
        </button>
      </Form>
      <p className="muted center">
        Remembered it? <Link to="/login">Log in</Link>
      </p>
    </div>
  );
}
