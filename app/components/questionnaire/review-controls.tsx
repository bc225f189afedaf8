import { Form, Link } from "@remix-run/react";

import type { Question } from "~/engine/content/types";

/**
 * A partner's verify / correct form for one answer. The review page shows it for one answer at a
 * time (the row whose "Verify or correct" was pressed, `?review=<question>`), so the page does
 * not carry a form and every option of every question for all 80 rows. An ordinary form post either
 * way; it lands back on the list, at the row.
 */
export function ReviewControls({
  question: q,
  version,
  review,
  reviewNote,
  error,
  typed,
  closeHref,
}: {
  question: Pick<Question, "id" | "kind" | "options" | "unit" | "prompt"> & {
    /** the option ids the answer counts with now */
    current: string[];
  };
  version: number;
  review: "verified" | "corrected" | null;
  reviewNote: string;
  error?: string;
  /** what a refused post typed, shown again (a page without JavaScript is drawn afresh) */
  typed?: { note: string; values: string[] };
  closeHref: string;
}) {
  const name = `a:${q.id}`;
  return (
    <Form
      method="post"
      className="review-controls stack"
      noValidate
      preventScrollReset
      aria-label={`Review “${q.prompt}”`}
    >
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
          defaultValue={typed?.note ?? reviewNote}
          placeholder="e.g. Founder said yes; RLS is off on 3 tables"
        />
      </div>
      <div className="form-actions">
        <button type="submit" name="intent" value="verify" className="button button--primary button--small">
          Mark verified
        </button>
        <Link to={closeHref} preventScrollReset className="button button--ghost button--small">
          Cancel
        </Link>
      </div>
      {q.kind === "text" ? null : (
        <fieldset className="plain-fieldset stack">
          <legend className="field-legend">Or correct it to</legend>
          {q.kind === "number" ? (
            <label className="inline-controls">
              {/* Text with a numeric keypad, as in the questionnaire: the server says what is wrong. */}
              <input
                type="text"
                inputMode="numeric"
                autoComplete="off"
                size={8}
                name={name}
                defaultValue={typed?.values[0]}
                aria-label={`Corrected value${q.unit ? ` (${q.unit})` : ""}`}
              />
              {q.unit ? <span className="muted">{q.unit}</span> : null}
            </label>
          ) : (
            <div className="choice-list">
              {q.options.map((o) => (
                <label key={o.id} className="choice">
                  <input
                    type={q.kind === "multi" ? "checkbox" : "radio"}
                    name={name}
                    value={o.id}
                    defaultChecked={typed?.values.includes(o.id)}
                  />
                  <span>
                    {o.label}
                    {q.current.includes(o.id) ? <span className="muted"> (the answer now)</span> : null}
                  </span>
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
  );
}
