import { Form, useNavigation } from "@remix-run/react";

import { FieldError } from "~/components/field";

/** Upload an archive, or import a scan file made with `npm run scan -- DIR --json`. */
export function UploadForms({
  error,
  code,
}: {
  error?: { error: string; field?: string };
  /** whose code, as the reader hears it (whoseCode) */
  code: string;
}) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formMethod?.toLowerCase() === "post";
  const intent = navigation.formData?.get("intent");
  return (
    <div className="upload-forms">
      {/* `?form=` says which form this is before the body is read, so a refusal that comes first
          (the hourly scan limit) is shown beside the right file field. */}
      <Form
        method="post"
        action="?form=upload"
        encType="multipart/form-data"
        className="card stack"
        aria-labelledby="upload-heading"
      >
        <h3 id="upload-heading">Upload {code}</h3>
        <p className="muted small">
          A <code>.zip</code> or <code>.tar.gz</code> of the repository, up to 50 MB (GitHub: Code → Download
          ZIP; Lovable, Bolt and Replit can export or sync to GitHub).
        </p>
        <div className="field">
          <label htmlFor="archive">Archive</label>
          <input
            id="archive"
            name="archive"
            type="file"
            accept=".zip,.tar.gz,.tgz,application/zip,application/gzip"
            required
            aria-invalid={error?.field === "archive" ? true : undefined}
            aria-describedby={error?.field === "archive" ? "archive-error" : undefined}
          />
          <FieldError id="archive-error" error={error?.field === "archive" ? error.error : undefined} />
        </div>
        <button type="submit" name="intent" value="upload" className="button button--primary" disabled={busy}>
          {busy && intent === "upload" ? "Scanning…" : "Scan the code"}
        </button>
      </Form>
      <Form
        method="post"
        action="?form=import"
        encType="multipart/form-data"
        className="card stack"
        aria-labelledby="import-heading"
      >
        <h3 id="import-heading">Or import a scan file</h3>
        <p className="muted small">
          For an engineer who keeps the code on their own machine: they run{" "}
          <code>npm run scan -- path/to/app --json &gt; scan.json</code> in a Finishline checkout and import
          the file here. Only its findings are read.
        </p>
        <div className="field">
          <label htmlFor="scanFile">Scan file (.json)</label>
          <input
            id="scanFile"
            name="scanFile"
            type="file"
            accept=".json,application/json"
            required
            aria-invalid={error?.field === "scanFile" ? true : undefined}
            aria-describedby={error?.field === "scanFile" ? "scanFile-error" : undefined}
          />
          <FieldError id="scanFile-error" error={error?.field === "scanFile" ? error.error : undefined} />
        </div>
        <button
          type="submit"
          name="intent"
          value="import"
          className="button button--secondary"
          disabled={busy}
        >
          {busy && intent === "import" ? "Importing…" : "Import the scan"}
        </button>
      </Form>
    </div>
  );
}
