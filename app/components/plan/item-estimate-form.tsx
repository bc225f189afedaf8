import { Form } from "@remix-run/react";
import { useEffect } from "react";

import { FieldError } from "~/components/field";
import type { Estimate } from "~/engine/content/types";
import { CONFIRM_ESTIMATE, type EstimateQuestion } from "~/plan/estimate-check";
import { fieldHours } from "~/utils/format";

import { EstimateFields } from "./estimate-fields";
import { EstimateQuestionBox } from "./estimate-question";
import { SaveStatus } from "./save-status";
import { useItemDraft } from "./item-drafts";

const FIELDS = ["estimate.optimistic", "estimate.likely", "estimate.pessimistic", "reason"] as const;
// A reason alone is no change (the server saves the numbers, with their reason).
const SAVES = FIELDS.slice(0, 3);

/**
 * An item's new estimate, with the reason it changed. `typed` is what this form posted when the
 * server refused it: the fields show it again, a summary at the form's top counts what to fix, and
 * (with JavaScript) focus moves to the first field marked.
 *
 * The form posts to `#estimate`, its section: without JavaScript the page that comes back, refused
 * or (through the redirect, which keeps the fragment) saved, opens there rather than at the top,
 * where the messages would be out of sight. With JavaScript the page stays where it is
 * (`preventScrollReset`), and "Saved." beside the button says it worked (QA pass 4, finding 2). With JavaScript it starts afresh from the stored
 * numbers, with an empty reason, after its own save or its own refusal because someone else changed
 * the item; another card's save keeps what is typed here (useItemDraft).
 */
export function ItemEstimateForm({
  item,
  errors,
  typed,
  question,
  saved,
}: {
  item: { id: string; version: number; estimate: Estimate };
  /** the form the page's address says just saved (`?saved=`), for "Saved." beside the button */
  saved: string | null;
  errors: Record<string, string[] | undefined>;
  typed?: Record<string, string>;
  /** figures the server held for a second look (plan/estimate-check.ts), with `typed` */
  question?: EstimateQuestion;
}) {
  const marked = typed ? FIELDS.filter((f) => errors[f]).length : 0;
  const draft = useItemDraft({
    intent: "estimate",
    version: item.version,
    typedVersion: typed?.version,
    defaults: {
      "estimate.optimistic": String(fieldHours(item.estimate.optimistic)),
      "estimate.likely": String(fieldHours(item.estimate.likely)),
      "estimate.pessimistic": String(fieldHours(item.estimate.pessimistic)),
      reason: "",
    },
    saves: SAVES,
  });
  const { ref } = draft.form;
  useEffect(() => {
    // A second look: its tick, the one thing left to do (or change the figures, just above it).
    const first = question ? `[name="${CONFIRM_ESTIMATE}"]` : '[aria-invalid="true"]';
    if (typed) ref.current?.querySelector<HTMLElement>(first)?.focus();
  }, [typed, question, ref]);
  return (
    <Form
      key={draft.key}
      {...draft.form}
      method="post"
      action="#estimate"
      preventScrollReset
      className="stack"
      noValidate
    >
      <input type="hidden" name="intent" value="estimate" />
      <input type="hidden" name="itemId" value={item.id} />
      <input type="hidden" name="version" value={draft.version} />
      {marked > 0 ? (
        <div className="alert alert--error" role="alert">
          {`The estimate was not saved: ${marked === 1 ? "one field needs" : `${marked} fields need`} fixing (marked below).`}
        </div>
      ) : null}
      <EstimateFields prefix="edit" value={item.estimate} typed={typed} errors={typed ? errors : undefined} />
      <div className="field">
        <label htmlFor="reason">Why change it?</label>
        {/* The proposal PDF prints it under the item ("Estimate: …"): not a place for a private note. */}
        <p id="reason-hint" className="field__hint">
          Shown to the founder on the proposal and in its PDF, with this item.
        </p>
        <input
          id="reason"
          name="reason"
          type="text"
          maxLength={500}
          defaultValue={typed?.reason}
          aria-invalid={typed && errors.reason ? true : undefined}
          aria-describedby={typed && errors.reason ? "reason-hint reason-error" : "reason-hint"}
        />
        <FieldError id="reason-error" error={typed ? errors.reason?.[0] : undefined} />
      </div>
      {typed && question ? (
        <EstimateQuestionBox
          key={question.confirm}
          id="estimate-question"
          name={CONFIRM_ESTIMATE}
          question={question}
        />
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button button--primary">
          Save estimate
        </button>
        <SaveStatus form="estimate" saved={saved} />
      </div>
    </Form>
  );
}
