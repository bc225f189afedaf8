import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { confirmEmail, findEmailConfirmation } from "~/models/email-confirmation.server";
import { passErrorHeaders } from "~/utils/headers";

// The link sent at sign-up to confirm the address (docs/decisions/038-confirmed-email-before-notifications.md).
// Opening it shows a button; only the button's POST confirms, so a mail scanner that follows links
// confirms nothing. The link itself is the proof: whoever opens it need not be signed in.

export const meta: MetaFunction = () => [{ title: "Confirm your email — Finishline" }];
export const headers = passErrorHeaders;

export async function loader({ params }: LoaderFunctionArgs) {
  const found = findEmailConfirmation(params.token ?? "");
  // 410: the link existed or may have (used, expired, replaced, mistyped); either way it is gone.
  if (!found) return data({ valid: false as const }, { status: 410 });
  return { valid: true as const, email: found.email };
}

export async function action({ params }: ActionFunctionArgs) {
  const done = confirmEmail(params.token ?? "");
  if (!done) return data({ gone: true as const }, { status: 410 });
  return redirect("/account?email=confirmed");
}

export default function ConfirmEmailAddress() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  if (!loaded.valid || actionData?.gone) {
    return (
      <div className="container narrow auth-page">
        <h1>This link no longer works</h1>
        <div className="card stack" role="alert">
          <p>
            It has expired, was already used, or a newer one was sent. Each link works once, for a day, and
            only the newest one. If your email is not confirmed yet, your account page sends a new link.
          </p>
          <p>
            <Link to="/account" className="button button--primary">
              Go to your account
            </Link>
          </p>
        </div>
      </div>
    );
  }
  return (
    <div className="container narrow auth-page">
      <h1>Confirm your email</h1>
      <div className="card stack">
        <p>
          Confirm that <strong>{loaded.email}</strong> is your address. Finishline then emails you when a
          proposal is published or accepted, or someone comments, if you want those emails.
        </p>
        <Form method="post">
          <button type="submit" className="button button--primary button--block" disabled={busy}>
            {busy ? "Confirming…" : "Confirm my email"}
          </button>
        </Form>
      </div>
      <p className="muted center">Did not sign up for Finishline? Close this page: nothing changes.</p>
    </div>
  );
}
