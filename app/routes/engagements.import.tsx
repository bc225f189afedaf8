import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  redirect,
  unstable_composeUploadHandlers as composeUploadHandlers,
  unstable_createMemoryUploadHandler as createMemoryUploadHandler,
  unstable_parseMultipartFormData as parseMultipartFormData,
  MaxPartSizeExceededError,
} from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";

import { FormError } from "~/components/field";
import { importEngagement } from "~/models/export.server";
import { requireUser } from "~/utils/auth.server";
import { EngagementExportSchema } from "~/utils/export-schema";
import { badRequest } from "~/utils/forms.server";

const MAX_BYTES = 5 * 1024 * 1024;

export const meta: MetaFunction = () => [{ title: "Import an engagement — Finishline" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser({ request, context });
  return null;
}

function fail(message: string) {
  return badRequest({ fieldErrors: { file: [message] } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser({ request, context });
  let formData: FormData;
  try {
    formData = await parseMultipartFormData(
      request,
      composeUploadHandlers(createMemoryUploadHandler({ maxPartSize: MAX_BYTES })),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return fail("That file is larger than 5 MB.");
    return fail("Upload a .json file exported from Finishline.");
  }
  const file = formData.get("file");
  if (!(file instanceof File) || file.size === 0) return fail("Choose a file to import.");
  let json: unknown;
  try {
    json = JSON.parse(await file.text());
  } catch {
    return fail("That file is not valid JSON.");
  }
  const parsed = EngagementExportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail(
      `That file is not a Finishline engagement export (${issue.path.join(".") || "file"}: ${issue.message}).`,
    );
  }
  const id = await importEngagement({ userId: user.id, data: parsed.data });
  return redirect(`/engagements/${id}`);
}

export default function ImportEngagement() {
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors = actionData && !actionData.ok ? actionData.fieldErrors : {};
  return (
    <div className="container narrow stack-lg">
      <p className="breadcrumb">
        <Link to="/engagements">My engagements</Link>
      </p>
      <div>
        <h1>Import an engagement</h1>
        <p className="muted">
          Upload a file from “Export JSON”. It becomes a new engagement that you own, with the same answers,
          plan, comments and proposals.
        </p>
      </div>
      <Form method="post" encType="multipart/form-data" className="card stack">
        <FormError error={errors.file?.[0]} />
        <div className="field">
          <label htmlFor="file">Export file (.json, up to 5 MB)</label>
          <input id="file" name="file" type="file" accept="application/json,.json" required />
        </div>
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? "Importing…" : "Import"}
          </button>
        </div>
      </Form>
    </div>
  );
}
