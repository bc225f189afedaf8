import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";

import { Field } from "~/components/field";
import { emailEngagementDeleted } from "~/mail/notifications.server";
import { accountEngagements, deleteAccount } from "~/models/account.server";
import { forgetEngagementPdfs } from "~/pdf/rendering/pdf.server";
import { badRequest, parseForm, type FieldErrors } from "~/utils/forms.server";
import { passErrorHeaders } from "~/utils/headers";
import { endSessionAndRedirect, requireUser } from "~/auth/auth.server";
import { isCurrentPassword } from "~/auth/current-password.server";
import { ROLE_LABELS } from "~/auth/permissions";
import { whoElseLoses } from "~/utils/who-else-loses";

// Deleting one's account, on a page of its own: it names the engagements that go with it (those
// the user alone owns) and those the user only leaves, and asks for the password, so a session left
// open on a shared computer is not enough to delete someone's work.

export const meta: MetaFunction = () => [{ title: "Delete your account — Finishline" }];
export const headers = passErrorHeaders;

const DeleteAccountSchema = z.object({
  password: z.string({ required_error: "Enter your password to delete your account." }).max(1024),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser({ request, context });
  const engagements = await accountEngagements({ userId: user.id });
  return {
    email: user.email,
    // Each with who else loses it, as its own delete page names them: they are told by email.
    deleted: engagements
      .filter((e) => e.soleFounder)
      .map((e) => ({
        id: e.id,
        name: e.name,
        others: e.others.map((o) => ({
          name: o.name || o.email,
          role: ROLE_LABELS[o.role],
          confirmed: o.confirmed,
        })),
      })),
    left: engagements
      .filter((e) => !e.soleFounder)
      .map((e) => ({ id: e.id, name: e.name, role: ROLE_LABELS[e.role] })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser({ request, context });
  const parsed = parseForm(await request.formData(), DeleteAccountSchema);
  if (!parsed.ok) return badRequest(parsed);
  if (!(await isCurrentPassword(user, parsed.value.password))) {
    return badRequest({ fieldErrors: { password: ["That is not your password."] } });
  }
  const { deletedEngagements } = await deleteAccount({ userId: user.id });
  for (const e of deletedEngagements) {
    await forgetEngagementPdfs(e.id);
    // `user` was read before the deletion, so it still has the name and address the others know.
    emailEngagementDeleted({ engagement: e, deletedBy: user, members: e.others, withAccount: true });
  }
  // The session row is already gone; this clears the cookie.
  return endSessionAndRedirect(request, "/?account-deleted=1");
}

export default function DeleteAccount() {
  const { email, deleted, left } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const errors: FieldErrors = actionData?.fieldErrors ?? {};
  return (
    <div className="container narrow stack-lg">
      <p className="breadcrumb">
        <Link to="/account">Account</Link>
      </p>
      <header>
        <h1>Delete your account</h1>
        <p className="muted">
          Deletes the account {email} straight away. It cannot be undone; you can sign up again with the same
          email later, as a new account.
        </p>
      </header>
      <section className="card stack" aria-labelledby="account-engagements">
        <h2 id="account-engagements">Your projects</h2>
        {deleted.length === 0 && left.length === 0 ? <p>You are not on any project.</p> : null}
        {deleted.length > 0 ? (
          <div className="stack">
            <p>
              <strong>Deleted with your account</strong>, for everyone on them, because you are their only
              founder:
            </p>
            <ul>
              {deleted.map((e) => (
                <li key={e.id}>
                  <Link to={`/engagements/${e.id}/settings/delete`}>{e.name}</Link>:{" "}
                  {whoElseLoses(e.others, "that it was deleted with your account")}
                </li>
              ))}
            </ul>
            <p className="muted small">
              To keep one, invite a co-founder to it first, or download a copy from its delete page. Send that
              copy to anyone on it who needs a record: an engineering partner bills by its plan, proposals and
              logged hours, and nothing of it stays in Finishline.
            </p>
          </div>
        ) : null}
        {left.length > 0 ? (
          <div className="stack">
            <p>
              <strong>You leave</strong>; they stay with their other members:
            </p>
            <ul>
              {left.map((e) => (
                <li key={e.id}>
                  {e.name} <span className="muted">({e.role})</span>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <p className="muted small">
          Your answers, comments and proposals on projects that stay are kept for the others, credited to a
          “Deleted account”; your name and email are removed.
        </p>
      </section>
      <Form method="post" className="card stack" noValidate>
        <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
        <Field
          label="Your password"
          name="password"
          type="password"
          autoComplete="current-password"
          maxLength={1024}
          errors={errors.password}
        />
        <div className="form-actions">
          <button type="submit" className="button button--danger" disabled={busy}>
            Delete my account
          </button>
          <Link to="/account" className="button button--ghost">
            Cancel
          </Link>
        </div>
      </Form>
    </div>
  );
}
