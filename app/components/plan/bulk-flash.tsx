import { Form, useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";

/**
 * What the plan says after a bulk scope change: which items it changed, by name ("Excluded 28
 * items: “A”, “B”, “C” and 25 more."), with an Undo that puts each back as the change found it,
 * scope and reason. Undo is a plain form (also without JavaScript) carrying only the change's id:
 * the server reads what to put back from its record of the change. An item changed since is left
 * as it is, and the message after the undo says which.
 */
export function BulkFlash({
  bulk,
  changed,
  skipped,
  undoText,
  undoKept,
}: {
  /** the change just made, when the page knows it (only its author is offered the undo, until it is undone) */
  bulk: { text: string; changeId: number | null } | null;
  /** a change counted only (one that changed nothing: "0") */
  changed: string | null;
  /** ticked rows left alone because someone else changed them after the page was shown */
  skipped: number;
  undoText: string | null;
  undoKept: boolean;
}) {
  // The button pressed is gone after the change (the bulk controls start afresh, and Undo gives way
  // to "undone"), so focus fell to the page (QA 4, F4). It goes to what the change did instead, where
  // Undo is the next stop: a screen reader reads the result, and the keyboard is not sent back to the
  // top. Only when focus was lost: someone already elsewhere is not pulled away.
  const result = useRef<HTMLDivElement>(null);
  const { key } = useLocation();
  useEffect(() => {
    const active = document.activeElement;
    if (!active || active === document.body) result.current?.focus();
  }, [key]);
  const left =
    skipped > 0
      ? ` ${skipped === 1 ? "1 ticked item was" : `${skipped} ticked items were`} changed by someone else after you opened the page, so ${skipped === 1 ? "it was" : "they were"} left as ${skipped === 1 ? "it is" : "they are"}: look again below.`
      : "";
  return (
    <>
      {bulk ? (
        <div
          ref={result}
          tabIndex={-1}
          className={`alert ${skipped > 0 ? "alert--warn" : "alert--ok"} pending-banner`}
          role="status"
        >
          <p>
            {bulk.text}
            {left}
          </p>
          {bulk.changeId !== null ? (
            <Form method="post" preventScrollReset>
              <input type="hidden" name="intent" value="bulk-undo" />
              <input type="hidden" name="changeId" value={bulk.changeId} />
              <button type="submit" className="button button--secondary button--small">
                Undo
              </button>
            </Form>
          ) : (
            <p className="muted small">This change was undone.</p>
          )}
        </div>
      ) : changed !== null ? (
        <div
          ref={result}
          tabIndex={-1}
          className={`alert ${skipped > 0 ? "alert--warn" : "alert--ok"}`}
          role="status"
        >
          {changed === "0"
            ? skipped > 0
              ? "Nothing changed."
              : "Nothing changed: those items already had that scope."
            : changed === "1"
              ? "1 item changed."
              : `${changed} items changed.`}
          {left}
        </div>
      ) : null}
      {undoText ? (
        <div
          ref={result}
          tabIndex={-1}
          className={`alert ${undoKept ? "alert--warn" : "alert--ok"}`}
          role="status"
        >
          {undoText}
        </div>
      ) : null}
    </>
  );
}
