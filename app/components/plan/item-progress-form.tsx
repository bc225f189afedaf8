import { Form } from "@remix-run/react";

import { STATUS_LABELS, type ItemStatus } from "~/engine/plan-types";

import { useItemDraft } from "./item-drafts";

/**
 * An item's status, once progress is tracked; both sides set it. The hours are logged as dated
 * entries in the "Time spent" card (time-log.tsx), by the partner only. With JavaScript what is
 * chosen here survives the other cards' saves (useItemDraft).
 */
export function ItemProgressForm({
  item,
  typed,
}: {
  item: { id: string; version: number; status: ItemStatus };
  typed?: Record<string, string>;
}) {
  const draft = useItemDraft({
    intent: "status",
    version: item.version,
    typedVersion: typed?.version,
    defaults: { status: item.status },
  });
  return (
    <section className="card stack" aria-labelledby="progress-heading">
      <h3 id="progress-heading">Progress</h3>
      <Form key={draft.key} {...draft.form} method="post" className="form-grid">
        <input type="hidden" name="intent" value="status" />
        <input type="hidden" name="itemId" value={item.id} />
        <input type="hidden" name="version" value={draft.version} />
        <div className="field">
          <label htmlFor="status">Status</label>
          <select id="status" name="status" defaultValue={typed?.status ?? item.status}>
            {Object.entries(STATUS_LABELS).map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="form-actions">
          <button type="submit" className="button button--primary">
            Save progress
          </button>
        </div>
      </Form>
    </section>
  );
}
