import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";

import { FormError } from "~/components/field";
import { importEngagement } from "~/models/export.server";
import { requireUser } from "~/auth/auth.server";
import { passErrorHeaders } from "~/utils/headers";
import { FILE_TOO_LARGE, readImportFile } from "~/utils/import-upload.server";
import { consumeOrWait, importLimiter } from "~/auth/rate-limit.server";
import { inWaitWords } from "~/utils/wait-words";

import { checkImportFile } from "./import-check.server";

export const headers = passErrorHeaders;

export const meta: MetaFunction = () => [{ title: "Import a project — Finishline" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser({ request, context });
  return null;
}

function fail(message: string, status = 400, headers?: HeadersInit) {
  return data({ ok: false as const, fieldErrors: { file: [message] } }, { status, headers });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser({ request, context });
  if (context.bodyTooLarge) return fail(FILE_TOO_LARGE, 413);
  // Answered on this page, not an error page: the header still shows who is signed in, and the
  // message says how long until the next import.
  const wait = await consumeOrWait(importLimiter(), user.id);
  if (wait > 0) {
    return fail(
      `You have tried ${importLimiter().points} imports in the last hour, the most there can be. Try again ${inWaitWords(wait)}.`,
      429,
      { "Retry-After": String(wait) },
    );
  }
  const upload = await readImportFile(request);
  if (!upload.ok) return fail(upload.message, upload.status);
  // Parsed and checked in a worker thread: a 5 MB file would hold this one for too long.
  const checked = await checkImportFile(upload.bytes);
  if (!checked.ok) return fail(checked.message);
  const { data: parsed, rawSnapshots } = checked;
  const id = await importEngagement({ userId: user.id, data: parsed, rawSnapshots });
  return redirect(`/engagements/${id}`);
}

export default function ImportEngagement() {
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors: { file?: string[] } = actionData && !actionData.ok ? actionData.fieldErrors : {};
  return (
    <div className="container narrow stack-lg">
      <p className="breadcrumb">
        <Link to="/engagements">My projects</Link>
      </p>
      <div>
        <h1>Import a project</h1>
        <p className="muted">
          Upload a file from “Export project (JSON)” on a project's overview. It becomes a new project that
          you own, with the same answers, plan, comments and proposals. Proposals stay marked as imported: who
          published and accepted them is shown as the file states it, never as a sign-off made here.
        </p>
        <p className="muted">
          This is not where your app&apos;s code goes: to check answers against the code, open a project and
          upload it under “Evidence from code”.
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
