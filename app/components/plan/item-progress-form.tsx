import { Form } from "@remix-run/react";

import { FieldError } from "~/components/field";
import { STATUS_LABELS, type ItemStatus } from "~/engine/plan-types";
import { quarterHours } from "~/utils/format";

import { useItemDraft } from "./item-drafts";

/**
 * An item's status and the hours logged on it, once progress is tracked. `typed` is what this form
 * posted when the server refused it; with JavaScript what is typed here survives the other cards'
 * saves (useItemDraft). Only the partner records hours (`logHours`): for the founder they are shown,
 * and the form sends none, which keeps them as logged.
 */
export function ItemProgressForm({
  item,
  errors,
  typed,
  canLogHours,
}: {
  item: { id: string; version: number; status: ItemStatus; actualHours: number | null };
  errors: Record<string, string[] | undefined>;
  typed?: Record<string, string>;
  canLogHours: boolean;
}) {
  const hours = item.actualHours === null ? "" : String(item.actualHours);
  const draft = useItemDraft({
    intent: "status",
    version: item.version,
    typedVersion: typed?.version,
    defaults: canLogHours ? { status: item.status, actualHours: hours } : { status: item.status },
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
        {canLogHours ? (
          <div className="field">
            <label htmlFor="actualHours">Actual hours so far</label>
            <input
              id="actualHours"
              name="actualHours"
              type="number"
              min={0}
              step="any"
              defaultValue={typed?.actualHours ?? item.actualHours ?? ""}
            />
            <FieldError id="actualHours-error" error={errors.actualHours?.[0]} />
          </div>
        ) : (
          <div className="field">
            <p className="field__label">Actual hours so far</p>
            <p>
              {item.actualHours === null ? "None logged yet" : `${quarterHours(item.actualHours)} h`}{" "}
              <span className="muted small">· recorded by the engineering partner</span>
            </p>
          </div>
        )}
        <div className="form-actions">
          <button type="submit" className="button button--primary">
            Save progress
          </button>
        </div>
      </Form>
    </section>
  );
}
