import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { z } from "zod";

import { Field } from "~/components/field";
import { getEnv } from "~/env.server";
import { sendMail } from "~/mail/mailer.server";
import { createPasswordReset, RESET_LINK_MINUTES } from "~/models/password-reset.server";
import { normalizeEmail } from "~/models/user.server";
import { EmailSchema } from "~/auth/auth-schemas";
import { getOptionalUser } from "~/auth/auth.server";
import { consume, resetMailLimiter, resetRequestLimiter } from "~/auth/rate-limit.server";
import { badRequest, parseForm } from "~/utils/forms.server";
import { passErrorHeaders } from "~/utils/headers";

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
  const parsed = parseForm(await request.formData(), ForgotSchema);
  if (!parsed.ok) return badRequest(parsed);
  await consume(resetRequestLimiter(), context.clientIp);
  const email = normalizeEmail(parsed.value.email);
  const origin = getEnv().APP_ORIGIN ?? new URL(request.url).origin;
  // Outside the request: the answer does not wait for the lookup, the write or the mail server.
  setImmediate(() => void mailResetLink(email, new URL(origin).origin));
  return { ok: true as const, email };
}

async function mailResetLink(email: string, origin: string): Promise<void> {
  try {
    // Over the account's limit: nothing is sent, and the answer above was the same.
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
        `Hello${reset.user.name ? ` ${reset.user.name}` : ""},`,
        "",
        "Someone (we hope you) asked to reset the password of your Finishline account. To choose a new one, open:",
        "",
        `${origin}/reset-password/${reset.token}`,
        "",
        `The link works once, for ${RESET_LINK_MINUTES} minutes. If you did not ask, ignore this email: your password stays as it is.`,
      ].join("\n"),
    });
  } catch (error) {
    console.error(`password reset email failed: ${error instanceof Error ? error.message : String(error)}`);
  }
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
            password. It works once, for {RESET_LINK_MINUTES} minutes.
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
  return (
    <div className="container narrow auth-page">
      <h1>Reset your password</h1>
      <p className="muted">
        Enter the email you signed up with, and we will send you a link to choose a new password.
      </p>
      <Form method="post" className="card stack" noValidate>
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="username"
          required
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
