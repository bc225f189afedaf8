import { Form } from "@remix-run/react";

import { FieldError } from "~/components/field";

/** The longest reason a withdrawal keeps: one line, read on the page, in the activity and an email. */
export const WITHDRAW_REASON_MAX = 300;

/**
 * The partner's "Withdraw this version" (decision 039). The disclosure is the confirm step and
 * needs no JavaScript: nothing is sent until the button inside it is pressed. It opens by itself
 * when a refused reason comes back, so the message and what was typed are in view.
 */
export function WithdrawForm({
  number,
  newest,
  error,
  typed,
}: {
  number: number;
  /** the newest version's number: withdrawing it leaves no version on offer */
  newest: number;
  error?: string;
  typed?: string;
}) {
  return (
    <section id="withdraw" className="card stack" aria-label="Withdraw this version">
      <details className="stack" open={error ? true : undefined}>
        <summary>Withdraw this version</summary>
        <p className="muted small">
          The founder can then no longer accept version {number}; it stays here to read, marked “Withdrawn”
          with your reason, and they are emailed.{" "}
          {number === newest
            ? "No earlier version comes back on offer: publish a new version when you have one."
            : `Version ${newest} already replaced it; this only says it is withdrawn, and why.`}{" "}
          This cannot be undone.
        </p>
        {/* To #withdraw: without JavaScript a refused reason opens the page here, not at its top. */}
        <Form method="post" action="#withdraw" className="stack" noValidate preventScrollReset>
          <input type="hidden" name="intent" value="withdraw" />
          <div className="field">
            <label htmlFor="withdraw-reason">Reason (optional)</label>
            <p className="field__hint" id="withdraw-reason-hint">
              One line, shown to the founder on this page and in the email, e.g. “Published at the wrong
              rate”.
            </p>
            <input
              id="withdraw-reason"
              name="reason"
              type="text"
              maxLength={WITHDRAW_REASON_MAX}
              defaultValue={typed ?? ""}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? "withdraw-reason-hint withdraw-reason-error" : "withdraw-reason-hint"}
            />
            <FieldError id="withdraw-reason-error" error={error} />
          </div>
          <div className="form-actions">
            <button type="submit" className="button button--danger">
              Withdraw version {number}
            </button>
          </div>
        </Form>
      </details>
    </section>
  );
}
