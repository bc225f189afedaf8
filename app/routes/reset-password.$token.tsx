import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";

import { Field } from "~/components/field";
import { emailSecurityChange } from "~/mail/notifications.server";
import { findPasswordReset, resetPassword } from "~/models/password-reset.server";
import { PasswordSchema } from "~/auth/auth-schemas";
import { COMMON_PASSWORD, isCommonPassword } from "~/auth/common-passwords.server";
import { consumeResetAttempt } from "~/auth/rate-limit.server";
import { FormError } from "~/components/field";
import { badRequest, parseForm, tooManyAttempts, type FieldErrors } from "~/utils/forms.server";
import { inWaitWords } from "~/utils/wait-words";
import { passErrorHeaders } from "~/utils/headers";

// The page a reset email links to. The token in the path is the secret: the page loads nothing from
// other sites (CSP), and the referrer policy sends other sites the origin only.

const ResetSchema = z.object({ password: PasswordSchema });

export const meta: MetaFunction = () => [{ title: "Choose a new password — Finishline" }];
export const headers = passErrorHeaders;

export async function loader({ params }: LoaderFunctionArgs) {
  const reset = await findPasswordReset({ token: params.token ?? "" });
  // 410: the link existed or may have; either way it is gone for good.
  if (!reset) return data({ valid: false as const, email: null }, { status: 410 });
  return { valid: true as const, email: reset.email };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  // Counted before anything else is done with the request. Past the limit: 429 with Retry-After, on
  // the form, which says how long to wait (not the "link no longer works" page: it still may).
  const wait = await consumeResetAttempt(context.clientIp);
  if (wait > 0)
    return tooManyAttempts({
      message: `Too many new passwords were sent from your internet address in the last hour. Try again ${inWaitWords(wait)}.`,
      retryAfter: wait,
      values: {},
    });
  const parsed = parseForm(await request.formData(), ResetSchema);
  if (!parsed.ok) return badRequest(parsed);
  if (await isCommonPassword(parsed.value.password))
    return badRequest({ fieldErrors: { password: [COMMON_PASSWORD] } });
  const owner = await resetPassword({ token: params.token ?? "", password: parsed.value.password });
  if (!owner) return linkGone();
  emailSecurityChange({ request, user: owner, change: "password-reset", ip: context.clientIp });
  return redirect("/login?reset=1");
}

const GONE = "This link has expired or was already used. Ask for a new one.";

/** 410, as the page answers a GET of the link: it existed or may have, and is gone for good. */
function linkGone() {
  return data(
    { ok: false as const, status: "gone" as const, fieldErrors: { form: [GONE] } as FieldErrors },
    { status: 410 },
  );
}

export default function ResetPassword() {
  const { valid, email } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors = actionData?.fieldErrors ?? {};
  // A whole-form message is the link being gone (410), or a wait (429) shown on the form.
  const gone = !valid || (actionData !== undefined && "status" in actionData && actionData.status === "gone");
  if (gone) {
    return (
      <div className="container narrow auth-page">
        <h1>This link no longer works</h1>
        <div className="card stack" role="alert">
          <p>{GONE} Each link works once, for an hour, and only the newest one you asked for.</p>
          <p>
            <Link to="/forgot-password" className="button button--primary">
              Send a new link
            </Link>
          </p>
        </div>
      </div>
    );
  }
  return (
    <div className="container narrow auth-page">
      <h1>Choose a new password</h1>
      <p className="muted">
        For {email}. Once it is saved, you are signed out everywhere and log in with it.
      </p>
      <Form method="post" className="card stack" noValidate>
        <FormError error={errors.form?.[0]} />
        <input type="text" name="username" autoComplete="username" value={email ?? ""} readOnly hidden />
        <Field
          label="New password"
          name="password"
          type="password"
          autoComplete="new-password"
          hint="At least 8 characters."
          required
          errors={errors.password}
        />
        <button type="submit" className="button button--primary button--block" disabled={busy}>
          {busy ? "Saving…" : "Save the new password"}
        </button>
      </Form>
    </div>
  );
}
