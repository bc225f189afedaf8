import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";

import { Field } from "~/components/field";
import { PdfDownloadLink } from "~/components/pdf-download-link";
import { emailEngagementDeleted } from "~/mail/notifications.server";
import { deleteEngagement, engagementContents } from "~/models/engagement.server";
import { forgetEngagementPdfs } from "~/pdf/rendering/pdf.server";
import { badRequest, parseForm, postedValues, type FieldErrors } from "~/utils/forms.server";
import { plural } from "~/utils/format";
import { whoElseLoses } from "~/utils/who-else-loses";
import { notFound, requireMember } from "~/auth/membership.server";
import { ROLE_LABELS } from "~/auth/permissions";
import { engagementTitle, type EngagementMatches } from "~/utils/page-title";

// Deleting an engagement, on a page of its own: it says what goes and who else loses it, offers
// the export first, and asks for the name typed out. One click on a button would be one slip away
// from losing months of answers and a signed proposal, for everyone on the engagement.

export const meta: MetaFunction<typeof loader, EngagementMatches> = (args) =>
  engagementTitle(args, "Delete this project");

/** The name typed out, as shown (spaces around it aside). */
function ConfirmSchema(name: string) {
  return z.object({
    confirm: z
      .string({ required_error: `Type the project's name, “${name}”, to delete it.` })
      .max(200, `That is not the name. Type “${name}” exactly as shown.`)
      .refine(
        (typed) => typed.trim() === name.trim(),
        `That is not the name. Type “${name}” exactly as shown.`,
      ),
  });
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { engagement, user } = await requireMember({ request, context }, params.id, "deleteEngagement");
  const contents = await engagementContents({ engagementId: engagement.id, userId: user.id });
  if (!contents) throw notFound();
  const { others, ...counts } = contents;
  return {
    id: engagement.id,
    name: engagement.name,
    counts,
    others: others.map((o) => ({
      name: o.name || o.email,
      role: ROLE_LABELS[o.role],
      confirmed: o.confirmed,
    })),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { engagement, user } = await requireMember({ request, context }, params.id, "deleteEngagement");
  const formData = await request.formData();
  const parsed = parseForm(formData, ConfirmSchema(engagement.name));
  if (!parsed.ok) return badRequest({ ...parsed, typed: postedValues(formData).confirm ?? "" });
  // Gone from the database first, so no new PDF of it can be rendered; then its cached PDFs.
  const others = await deleteEngagement({ engagementId: engagement.id, deletedBy: user.id });
  await forgetEngagementPdfs(engagement.id);
  // Null: a co-founder deleted it a moment before, and their request tells the members.
  if (others) emailEngagementDeleted({ engagement, deletedBy: user, members: others });
  return redirect("/engagements?deleted=1");
}

export default function DeleteEngagement() {
  const { id, name, counts, others } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const errors: FieldErrors = actionData?.fieldErrors ?? {};
  const lost = [
    counts.answers > 0 ? plural(counts.answers, "answer", "answers") : null,
    counts.planItems > 0 ? `the work plan (${plural(counts.planItems, "item", "items")})` : null,
    counts.proposals > 0 ? plural(counts.proposals, "proposal version", "proposal versions") : null,
    counts.comments > 0 ? plural(counts.comments, "comment", "comments") : null,
    counts.codeScans > 0
      ? `${plural(counts.codeScans, "code scan", "code scans")} and ${counts.codeScans === 1 ? "its" : "their"} suggestions`
      : null,
    "the activity history, pending invitations and saved PDFs",
  ].filter((line) => line !== null);
  return (
    <div className="narrow-left stack-lg">
      <p className="breadcrumb">
        <Link to=".." relative="path">
          Settings
        </Link>
      </p>
      <header>
        <h2>Delete this project</h2>
        <p className="muted">Deleting {name} removes it for everyone, straight away. It cannot be undone.</p>
      </header>
      <section className="card stack" aria-labelledby="delete-what">
        <h3 id="delete-what">What is deleted</h3>
        <ul>
          {lost.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        <p>{whoElseLoses(others, "that you deleted it")}</p>
        {counts.acceptedVersion !== null ? (
          <p className="alert alert--warn">
            Version {counts.acceptedVersion} of the proposal was accepted: it is your agreement with your
            engineering partner, and their copy goes too.{" "}
            <PdfDownloadLink href={`/engagements/${id}/proposals/${counts.acceptedVersion}.pdf`} download>
              Download its PDF
            </PdfDownloadLink>{" "}
            first if either of you needs it.
          </p>
        ) : null}
        <p>
          <a href={`/engagements/${id}/export.json`} download>
            Download a copy (JSON)
          </a>{" "}
          first to keep it: importing the file (My projects → Import a Finishline export) creates the project
          again, with its answers, plan, comments and proposals.
          {others.length > 0
            ? // Their plan, proposals and hours are their billing record, and only this copy keeps it.
              " If anyone on it needs a record of it (an engineering partner bills by its plan, proposals and logged hours), send them that copy: nothing of it stays in Finishline."
            : null}
        </p>
      </section>
      <Form method="post" className="card stack" noValidate>
        <Field
          label={`Type “${name}” to confirm`}
          name="confirm"
          autoComplete="off"
          spellCheck={false}
          maxLength={200}
          defaultValue={actionData?.typed}
          errors={errors.confirm}
        />
        <div className="form-actions">
          <button type="submit" className="button button--danger" disabled={busy}>
            Delete {name} for everyone
          </button>
          <Link to=".." relative="path" className="button button--ghost">
            Cancel
          </Link>
        </div>
      </Form>
    </div>
  );
}

export { TabError as ErrorBoundary, tabHeaders as headers } from "~/components/tab-error";
