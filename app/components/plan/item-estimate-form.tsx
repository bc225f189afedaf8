import { Form } from "@remix-run/react";
import { useEffect, useRef } from "react";

import { FieldError } from "~/components/field";
import type { Estimate } from "~/engine/content/types";
import { typedVersion } from "~/utils/typed-version";

import { EstimateFields } from "./estimate-fields";

const FIELDS = ["estimate.optimistic", "estimate.likely", "estimate.pessimistic", "reason"] as const;

/**
 * An item's new estimate, with the reason it changed. `typed` is what this form posted when the
 * server refused it: the fields show it again, a summary at the form's top counts what to fix, and
 * (with JavaScript) focus moves to the first field marked.
 *
 * The form posts to `#estimate`, its section: without JavaScript the page that comes back, refused
 * or (through the redirect, which keeps the fragment) saved, opens there rather than at the top,
 * where the messages would be out of sight. Keyed by the version its numbers stand on (the one they
 * were typed against, when refused): a save, or a refusal because someone else changed the item,
 * starts the form afresh from the stored numbers with an empty reason, also with JavaScript.
 */
export function ItemEstimateForm({
  item,
  errors,
  typed,
}: {
  item: { id: string; version: number; estimate: Estimate };
  errors: Record<string, string[] | undefined>;
  typed?: Record<string, string>;
}) {
  const form = useRef<HTMLFormElement>(null);
  const marked = typed ? FIELDS.filter((f) => errors[f]).length : 0;
  const version = typedVersion(typed?.version, item.version);
  useEffect(() => {
    if (typed) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [typed]);
  return (
    <Form key={version} ref={form} method="post" action="#estimate" className="stack" noValidate>
      <input type="hidden" name="intent" value="estimate" />
      <input type="hidden" name="itemId" value={item.id} />
      <input type="hidden" name="version" value={version} />
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
          Shown to the founder on the proposal, under this item&apos;s estimate.
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
      <div className="form-actions">
        <button type="submit" className="button button--primary">
          Save estimate
        </button>
      </div>
    </Form>
  );
}
