import { Form } from "@remix-run/react";

import { FieldError } from "~/components/field";
import type { Phase } from "~/engine/content/types";
import { OWNER_LABELS, PHASE_LABELS, type Owner } from "~/engine/plan-types";

import { DependencyPicker } from "./dependency-picker";
import { useItemDraft } from "./item-drafts";
import { SaveStatus } from "./save-status";

type Item = { id: string; version: number; phase: Phase; owner: Owner; dependsOn: Array<{ id: string }> };
type Other = { id: string; title: string; phase: Phase; area: string };

function Hidden({ item, intent, version }: { item: Item; intent: string; version: string }) {
  return (
    <>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="itemId" value={item.id} />
      <input type="hidden" name="version" value={version} />
    </>
  );
}

/** One setting of the item (phase, owner) as its own small form: each saves with the item's version. */
function SelectForm({
  item,
  field,
  label,
  value,
  options,
  saved,
}: {
  item: Item;
  field: "phase" | "owner";
  label: string;
  value: string;
  options: Record<string, string>;
  saved: string | null;
}) {
  const draft = useItemDraft({ intent: field, version: item.version, defaults: { [field]: value } });
  return (
    <Form
      key={draft.key}
      {...draft.form}
      method="post"
      action="#arrange"
      preventScrollReset
      className="field"
    >
      <Hidden item={item} intent={field} version={draft.version} />
      <label htmlFor={field}>{label}</label>
      <div className="inline-controls">
        <select id={field} name={field} defaultValue={value}>
          {Object.entries(options).map(([id, text]) => (
            <option key={id} value={id}>
              {text}
            </option>
          ))}
        </select>
        <button type="submit" className="button button--secondary button--small">
          Save
        </button>
      </div>
      <SaveStatus form={field} saved={saved} />
    </Form>
  );
}

/**
 * Phase, owner, place and dependencies, far down the item page. Saving one must not throw the
 * partner back to the page's top with nothing said:
 * - with JavaScript the forms keep the page where it is (`preventScrollReset`, and the saved page's
 *   address has no fragment to jump to), so focus stays on the button pressed, in view;
 * - without it they post to a fragment, which the redirect after a save keeps: phase, owner and
 *   position come back at the card (`#arrange`), dependencies at their button (`#dependencies`, below a
 *   list of dozens of items);
 * and "Saved." appears beside the button (SaveStatus). A refused dependency save says why beside the
 * list and ticks again what was ticked (`chosen` is then what was posted). `orderNotice` says when
 * the item sits above what it waits for, or items waiting for it sit above it: saved all the same
 * (order is the partner's call), but the timeline runs the other way.
 */
export function ItemArrangeCard({
  item,
  others,
  place,
  orderNotice,
  chosen,
  errors,
  typedPosition,
  saved,
}: {
  item: Item;
  others: Other[];
  place: { position: number; of: number };
  orderNotice: string | null;
  chosen: ReadonlySet<string>;
  errors: Record<string, string[] | undefined>;
  typedPosition?: string;
  saved: string | null;
}) {
  return (
    <section className="card stack" aria-labelledby="arrange-heading" id="arrange">
      <h3 id="arrange-heading">Phase, owner, order and dependencies</h3>
      <div className="form-grid">
        <SelectForm
          item={item}
          field="phase"
          label="Phase"
          value={item.phase}
          options={PHASE_LABELS}
          saved={saved}
        />
        <SelectForm
          item={item}
          field="owner"
          label="Owner"
          value={item.owner}
          options={OWNER_LABELS}
          saved={saved}
        />
      </div>
      <MoveToForm
        item={item}
        place={place}
        error={errors.position?.[0]}
        typed={typedPosition}
        saved={saved}
      />
      {/* Always there, so the words a move brings are read out as they appear. */}
      <div role="status">{orderNotice ? <p className="alert alert--warn">{orderNotice}</p> : null}</div>
      <DependenciesForm
        item={item}
        others={others}
        chosen={chosen}
        error={errors.dependsOn?.[0]}
        saved={saved}
      />
    </section>
  );
}

function MoveToForm({
  item,
  place,
  error,
  typed,
  saved,
}: {
  item: Item;
  place: { position: number; of: number };
  error?: string;
  typed?: string;
  saved: string | null;
}) {
  const draft = useItemDraft({
    intent: "move-to",
    version: item.version,
    defaults: { position: String(place.position) },
  });
  return (
    <Form
      key={draft.key}
      {...draft.form}
      method="post"
      action="#arrange"
      preventScrollReset
      className="field"
    >
      <Hidden item={item} intent="move-to" version={draft.version} />
      <label htmlFor="position">
        Position in {PHASE_LABELS[item.phase]} (now {place.position} of {place.of})
      </label>
      <div className="inline-controls">
        <input
          id="position"
          name="position"
          type="number"
          inputMode="numeric"
          min={1}
          max={place.of}
          step={1}
          defaultValue={typed ?? place.position}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "position-error" : undefined}
        />
        <button type="submit" className="button button--secondary button--small">
          Move
        </button>
      </div>
      <FieldError id="position-error" error={error} />
      <SaveStatus form="move-to" saved={saved} />
    </Form>
  );
}

function DependenciesForm({
  item,
  others,
  chosen,
  error,
  saved,
}: {
  item: Item;
  others: Other[];
  chosen: ReadonlySet<string>;
  error?: string;
  saved: string | null;
}) {
  const draft = useItemDraft({
    intent: "dependencies",
    version: item.version,
    defaults: { dependsOn: item.dependsOn.map((d) => d.id) },
  });
  return (
    <Form
      key={draft.key}
      {...draft.form}
      method="post"
      action="#dependencies"
      preventScrollReset
      className="stack"
    >
      <Hidden item={item} intent="dependencies" version={draft.version} />
      <DependencyPicker
        others={others}
        chosen={chosen}
        describedBy={error ? "depends-on-error" : undefined}
      />
      <div id="dependencies" className="stack arrange__save">
        <FieldError id="depends-on-error" error={error} />
        <div className="form-actions">
          <button type="submit" className="button button--secondary">
            Save dependencies
          </button>
          <SaveStatus form="dependencies" saved={saved} />
        </div>
      </div>
    </Form>
  );
}
