import { Form, useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";

import { FieldError } from "~/components/field";

/**
 * Where the "Withdraw this version" link at the top of the page goes: this form, open, its reason
 * focused (QA 3, finding 9: a plain #withdraw only scrolled to it, closed). No #fragment: browsers
 * skip `autofocus` on a page whose URL has one, and focusing the field brings it into view anyway.
 */
export const WITHDRAW_LINK = "?withdraw";

/** The longest reason a withdrawal keeps: one line, read on the page, in the activity and an email. */
export const WITHDRAW_REASON_MAX = 300;

/**
 * The partner's "Withdraw this version" (decision 039). The disclosure is the confirm step and
 * needs no JavaScript: nothing is sent until the button inside it is pressed. It opens by itself
 * when a refused reason comes back, so the message and what was typed are in view, and when the
 * partner asked for it (WITHDRAW_LINK): rendered open with the reason focused, which is all it takes
 * without JavaScript; with it, every click on the link opens it and focuses the reason again, also
 * after the partner closed it, since the rendered `open` does not change then.
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
  const location = useLocation();
  const asked = new URLSearchParams(location.search).has("withdraw");
  const details = useRef<HTMLDetailsElement>(null);
  const reason = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!asked || !details.current) return;
    details.current.open = true;
    reason.current?.focus();
    // Each click on the link is a new location key, even when the URL is the same.
  }, [asked, location.key]);
  return (
    <section id="withdraw" className="card stack" aria-label="Withdraw this version">
      <details ref={details} className="stack" open={error || asked ? true : undefined}>
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
              ref={reason}
              id="withdraw-reason"
              name="reason"
              type="text"
              maxLength={WITHDRAW_REASON_MAX}
              defaultValue={typed ?? ""}
              // eslint-disable-next-line jsx-a11y/no-autofocus -- the partner followed a link to this field (without JavaScript)
              autoFocus={asked && !error}
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
