import { Form } from "@remix-run/react";

import { Field } from "~/components/field";
import type { Scope } from "~/engine/plan-types";

import { useItemDraft } from "./item-drafts";

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
}: {
  item: { id: string; version: number; scope: Scope; scopeReason: string | null };
  errors: Record<string, string[] | undefined>;
  typed?: Record<string, string>;
}) {
  const shown = item.scope === "proposed" ? "included" : item.scope;
  const draft = useItemDraft({
    intent: "scope",
    version: item.version,
    typedVersion: typed?.version,
    defaults: { scope: shown, scopeReason: item.scopeReason ?? "" },
  });
  return (
    <section className="card stack" aria-labelledby="scope-heading">
      <h3 id="scope-heading">Scope</h3>
      <Form key={draft.key} {...draft.form} method="post" className="stack" noValidate>
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
        </div>
      </Form>
    </section>
  );
}
