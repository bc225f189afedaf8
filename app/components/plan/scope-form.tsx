import { Form } from "@remix-run/react";

import { Field } from "~/components/field";
import type { Scope } from "~/engine/plan-types";

import { useItemDraft } from "./item-drafts";
import { SaveStatus } from "./save-status";

const CHOICES = [
  ["included", "In scope"],
  ["deferred", "Later (deferred)"],
  ["excluded", "Out of scope"],
] as const;

/**
 * Whether the item is in this proposal, with the reason the founder reads on the proposal when it
 * is not. The reason field starts with the current reason: sending it empty removes it. `typed` is
 * what this form posted when the server refused it, shown again in place of the stored values.
 * With JavaScript what is chosen or typed here survives the other cards' saves (useItemDraft).
 */
export function ScopeForm({
  item,
  errors,
  typed,
  saved,
}: {
  item: { id: string; version: number; scope: Scope; scopeReason: string | null };
  errors: Record<string, string[] | undefined>;
  typed?: Record<string, string>;
  /** the form the page's address says just saved (`?saved=`), for "Saved." beside the button */
  saved: string | null;
}) {
  const shown = item.scope === "proposed" ? "included" : item.scope;
  const draft = useItemDraft({
    intent: "scope",
    version: item.version,
    typedVersion: typed?.version,
    defaults: { scope: shown, scopeReason: item.scopeReason ?? "" },
  });
  return (
    <section className="card stack" aria-labelledby="scope-heading" id="scope">
      <h3 id="scope-heading">Scope</h3>
      {/* Saved or refused, the page comes back at this card: at its fragment without JavaScript, where
          it was with it (preventScrollReset), with "Saved." beside the button (QA pass 4, finding 2). */}
      <Form
        key={draft.key}
        {...draft.form}
        method="post"
        action="#scope"
        preventScrollReset
        className="stack"
        noValidate
      >
        <input type="hidden" name="intent" value="scope" />
        <input type="hidden" name="itemId" value={item.id} />
        <input type="hidden" name="version" value={draft.version} />
        <div className="field">
          <label htmlFor="scope">In the proposal</label>
          <select id="scope" name="scope" defaultValue={typed?.scope ?? shown}>
            {CHOICES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <Field
          label="Reason (shown on the proposal)"
          name="scopeReason"
          id="scopeReason"
          type="text"
          maxLength={500}
          defaultValue={typed?.scopeReason ?? item.scopeReason ?? ""}
          errors={errors.scopeReason}
          hint="Optional, for items left out or for later. It is removed when the item is back in scope."
        />
        <div className="form-actions">
          <button type="submit" className="button button--secondary">
            Save scope
          </button>
          <SaveStatus form="scope" saved={saved} />
        </div>
      </Form>
    </section>
  );
}
