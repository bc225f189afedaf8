import { Form } from "@remix-run/react";

import type { Question } from "~/engine/content/types";

/**
 * A partner's verify / correct form for one answer. Works without JavaScript.
 */
export function ReviewControls({
  question,
  version,
  review,
  reviewNote,
  error,
  action,
}: {
  question: Pick<Question, "id" | "kind" | "options" | "unit">;
  version: number;
  review: "verified" | "corrected" | null;
  reviewNote: string;
  error?: string;
  action: string;
}) {
  const q = question;
  const name = `a:${q.id}`;
  return (
    <details className="review-controls" open={error ? true : undefined}>
      <summary>{review ? "Change review" : "Verify or correct"}</summary>
      <Form method="post" action={action} className="stack" noValidate>
        <input type="hidden" name="questionId" value={q.id} />
        <input type="hidden" name="version" value={version} />
        <input type="hidden" name="q" value={q.id} />
        <div className="field">
          <label htmlFor={`note-${q.id}`}>Note (what you checked)</label>
          <input
            id={`note-${q.id}`}
            name="note"
            type="text"
            maxLength={1000}
            defaultValue={reviewNote}
            placeholder="e.g. Founder said yes; RLS is off on 3 tables"
          />
        </div>
        <div className="form-actions">
          <button
            type="submit"
            name="intent"
            value="verify"
            className="button button--secondary button--small"
          >
            Mark verified
          </button>
        </div>
        {q.kind === "text" ? null : (
          <fieldset className="plain-fieldset stack">
            <legend className="field-legend">Or correct it to</legend>
            {q.kind === "number" ? (
              <label className="inline-controls">
                <input
                  type="number"
                  name={name}
                  step="any"
                  aria-label={`Corrected value${q.unit ? ` (${q.unit})` : ""}`}
                />
                {q.unit ? <span className="muted">{q.unit}</span> : null}
              </label>
            ) : (
              <div className="choice-list">
                {q.options.map((o) => (
                  <label key={o.id} className="choice">
                    <input type={q.kind === "multi" ? "checkbox" : "radio"} name={name} value={o.id} />
                    <span>{o.label}</span>
                  </label>
                ))}
              </div>
            )}
            <div className="form-actions">
              <button
                type="submit"
                name="intent"
                value="correct"
                className="button button--secondary button--small"
              >
                Save correction
              </button>
              {review ? (
                <button
                  type="submit"
                  name="intent"
                  value="clear"
                  className="button button--ghost button--small"
                >
                  Clear review
                </button>
              ) : null}
            </div>
          </fieldset>
        )}
        {error ? (
          <p className="field__error" role="alert">
            {error}
          </p>
        ) : null}
      </Form>
    </details>
  );
}
