import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { emailSecurityChange } from "~/mail/notifications.server";
import { confirmEmailChange, findConfirmedEmailChange, findEmailChange } from "~/models/email-change.server";
import { getOptionalUser } from "~/auth/auth.server";
import { passErrorHeaders } from "~/utils/headers";

// The link sent to a new email address (docs/decisions/024-changing-email.md). Opening it shows what
// changes; the button makes it so. A link is only read by a GET, so a mail scanner that follows
// links changes nothing. The link itself is the proof: whoever opens it need not be signed in.

export const meta: MetaFunction = () => [{ title: "Confirm your new email — Finishline" }];
export const headers = passErrorHeaders;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const user = await getOptionalUser({ request, context });
  // After the button, for someone signed in as another account: which account changed, and that
  // theirs did not. The account page would have said "your email is now" the signed-in one's.
  if (user && new URL(request.url).searchParams.has("done")) {
    const done = findConfirmedEmailChange(token);
    if (done && done.userId !== user.id) {
      return { valid: false as const, done: { newEmail: done.newEmail, you: user.email } };
    }
  }
  const change = findEmailChange(token);
  // 410: the link existed or may have; either way it is gone for good.
  if (!change) return data({ valid: false as const, done: null }, { status: 410 });
  return {
    valid: true as const,
    oldEmail: change.oldEmail,
    newEmail: change.newEmail,
    // The link is for the account that asked, whoever opens it: a shared or family computer may be
    // signed in as someone else, who must not read this as a change of their own email.
    signedInAs: user ? { email: user.email, isTheAccount: user.id === change.userId } : null,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const done = await confirmEmailChange(token);
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
  const user = await getOptionalUser({ request, context });
  // Signed in as another account (QA pass 5, finding 3): this page says which account changed.
  if (user && user.id !== done.userId) return redirect(`/account/email/${token}?done`);
  return redirect("/account?email=changed");
}

export default function ConfirmEmail() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  if (!loaded.valid && loaded.done) {
    return (
      <div className="container narrow auth-page">
        <h1>Email changed</h1>
        <div className="card stack" role="status">
          <p>
            {`The Finishline account this link was for now uses ${loaded.done.newEmail}: its owner logs in with it from now on.`}
          </p>
          <p>{`Your own account, ${loaded.done.you}, did not change.`}</p>
          <p>
            <Link to="/account" className="button button--secondary">
              Go to your account
            </Link>
          </p>
        </div>
      </div>
    );
  }
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
  const { signedInAs } = loaded;
  const someoneElse = signedInAs && !signedInAs.isTheAccount ? signedInAs.email : null;
  return (
    <div className="container narrow auth-page">
      <h1>{someoneElse ? "Confirm a new email for another account" : "Confirm your new email"}</h1>
      <div className="card stack">
        {someoneElse ? (
          <div className="alert alert--warn">
            {`This link is for the account ${loaded.oldEmail}, not for the one signed in here (${someoneElse}). Confirming changes the email of ${loaded.oldEmail}; ${someoneElse} stays as it is.`}
          </div>
        ) : null}
        {actionData?.problem === "taken" ? (
          <div className="alert alert--error" role="alert">
            {`Another account started using ${loaded.newEmail} since this link was sent, so it cannot be this account's too. The account keeps ${loaded.oldEmail}.`}
          </div>
        ) : (
          <p>
            {signedInAs?.isTheAccount
              ? `Your Finishline account, ${loaded.oldEmail}, will use ${loaded.newEmail} instead: you log in with it, and emails go there.`
              : `The Finishline account ${loaded.oldEmail} will use ${loaded.newEmail} instead: its owner logs in with it, and emails go there.`}
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
