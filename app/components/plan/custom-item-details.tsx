import { Form } from "@remix-run/react";

import { Field, FieldError } from "~/components/field";

import { useItemDraft } from "./item-drafts";
import { SaveStatus } from "./save-status";

/**
 * A custom item's own words, and taking it back out of the plan: only for items the partner added
 * (the assessment's items keep the question bank's titles, and a plan update would bring a deleted
 * one back). Saved against the version the form was read at, as every plan change; a refused save
 * shows what was typed again. `publishedIn` lists the proposal versions that hold the item: a
 * founder has read those, so it can only be set out of scope, never deleted (the page says so).
 */
export function CustomItemDetails({
  item,
  publishedIn,
  errors,
  typed,
  saved,
}: {
  item: { id: string; version: number; title: string; description: string };
  publishedIn: number[];
  errors: Record<string, string[] | undefined>;
  typed?: Record<string, string>;
  saved: string | null;
}) {
  const draft = useItemDraft({
    intent: "details",
    version: item.version,
    typedVersion: typed?.version,
    defaults: { title: item.title, description: item.description },
  });
  return (
    <section className="card stack" aria-labelledby="details-heading" id="details">
      <h3 id="details-heading">Title and description</h3>
      <p className="muted small">You added this item, so you can rename it or describe it better.</p>
      {/* Once saved the fields start from what is stored; another card's save keeps what is typed. */}
      <Form
        key={draft.key}
        {...draft.form}
        method="post"
        action="#details"
        preventScrollReset
        className="stack"
        noValidate
      >
        <input type="hidden" name="intent" value="details" />
        <input type="hidden" name="itemId" value={item.id} />
        <input type="hidden" name="version" value={draft.version} />
        <Field
          label="Title"
          name="title"
          id="details-title"
          maxLength={300}
          required
          defaultValue={typed?.title ?? item.title}
          errors={errors.title}
        />
        <div className="field">
          <label htmlFor="details-description">Description (optional)</label>
          <textarea
            id="details-description"
            name="description"
            rows={3}
            maxLength={4000}
            defaultValue={typed ? (typed.description ?? "") : item.description}
            aria-invalid={errors.description ? true : undefined}
            aria-describedby={errors.description ? "details-description-error" : undefined}
          />
          <FieldError id="details-description-error" error={errors.description?.[0]} />
        </div>
        <div className="form-actions">
          <button type="submit" className="button button--secondary">
            Save title and description
          </button>
          <SaveStatus form="details" saved={saved} />
        </div>
      </Form>
      {publishedIn.length === 0 ? (
        <details className="stack">
          <summary>Delete this item</summary>
          <p className="muted small">
            No proposal has been published with it yet, so it can go: its estimate and comments go with it,
            and items that wait for it stop waiting. Once a proposal holds an item, it can only be set out of
            scope, so the founder sees it leave the next version with a reason.
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="delete" />
            <input type="hidden" name="itemId" value={item.id} />
            <input type="hidden" name="version" value={item.version} />
            <button type="submit" className="button button--danger">
              Delete “{item.title}”
            </button>
          </Form>
        </details>
      ) : (
        <p className="muted small">
          {publishedIn.length === 1
            ? `Proposal version ${publishedIn[0]} holds this item, `
            : `Proposal versions ${publishedIn.slice(0, -1).join(", ")} and ${publishedIn.at(-1)} hold this item, `}
          so it cannot be deleted: the founder has read it there. To take it out of the work, set it to “Out
          of scope” under Scope below, with a reason: the next version lists it as left out.
        </p>
      )}
    </section>
  );
}
