import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { emailSecurityChange } from "~/mail/notifications.server";
import { confirmEmailChange, findEmailChange } from "~/models/email-change.server";
import { passErrorHeaders } from "~/utils/headers";

// The link sent to a new email address (docs/decisions/024-changing-email.md). Opening it shows what
// changes; the button makes it so. A link is only read by a GET, so a mail scanner that follows
// links changes nothing. The link itself is the proof: whoever opens it need not be signed in.

export const meta: MetaFunction = () => [{ title: "Confirm your new email — Finishline" }];
export const headers = passErrorHeaders;

export async function loader({ params }: LoaderFunctionArgs) {
  const change = findEmailChange(params.token ?? "");
  // 410: the link existed or may have; either way it is gone for good.
  if (!change) return data({ valid: false as const }, { status: 410 });
  return { valid: true as const, oldEmail: change.oldEmail, newEmail: change.newEmail };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const done = await confirmEmailChange(params.token ?? "");
  if (!done) return data({ problem: "gone" as const }, { status: 410 });
  if (done === "taken") return data({ problem: "taken" as const }, { status: 409 });
  // To the old address: the one that should hear of it if the owner did not ask.
  emailSecurityChange({
    request,
    user: { email: done.oldEmail, name: done.name },
    change: "email-changed",
    ip: context.clientIp,
    detail: done.newEmail,
  });
  return redirect("/account?email=changed");
}

export default function ConfirmEmail() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  if (!loaded.valid || actionData?.problem === "gone") {
    return (
      <div className="container narrow auth-page">
        <h1>This link no longer works</h1>
        <div className="card stack" role="alert">
          <p>
            It has expired, was already used, or a newer one was sent. Each link works once, for an hour, and
            only the newest one. Ask again on your account page.
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
      <h1>Confirm your new email</h1>
      <div className="card stack">
        {actionData?.problem === "taken" ? (
          <div className="alert alert--error" role="alert">
            Another account started using {loaded.newEmail} since this link was sent, so it cannot be yours
            too. Your email stays {loaded.oldEmail}.
          </div>
        ) : (
          <p>
            Your Finishline account will use <strong>{loaded.newEmail}</strong> instead of {loaded.oldEmail}:
            you log in with it, and emails go there.
          </p>
        )}
        {actionData?.problem === "taken" ? (
          <p>
            <Link to="/account" className="button button--secondary">
              Go to your account
            </Link>
          </p>
        ) : (
          <Form method="post">
            <button type="submit" className="button button--primary button--block" disabled={busy}>
              {busy ? "Changing…" : "Use this email"}
            </button>
          </Form>
        )}
      </div>
      <p className="muted center">Did not ask for this? Close this page: nothing changes.</p>
    </div>
  );
}
