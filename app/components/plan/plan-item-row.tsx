import { Link } from "@remix-run/react";

import { SCOPE_LABELS } from "~/engine/plan-types";
import type { RowView } from "~/utils/plan-view.server";

const SCOPE_BADGE: Record<string, string> = {
  included: "badge--ok",
  proposed: "badge--warn",
  excluded: "badge--muted",
  deferred: "badge--muted",
};

const SCOPE_BUTTONS = [
  ["included", "Include"],
  ["deferred", "Defer"],
  ["excluded", "Exclude"],
] as const;

/**
 * One plan item in the list. Its buttons belong to the list's one form (PlanList): each says in its
 * value which item, at which version, and what to do, so the page has one form, not two per row.
 */
export function PlanItemRow({ item, canEdit, error }: { item: RowView; canEdit: boolean; error?: string }) {
  const h = item.hours;
  return (
    <li
      id={`item-${item.id}`}
      className={`plan-item plan-item--${item.scope}${item.stale ? " plan-item--stale" : ""}`}
      data-id={item.id}
      data-version={item.version}
      draggable={canEdit || undefined}
    >
      <div className="plan-item__main">
        <h4 className="plan-item__title" id={`t-${item.id}`}>
          <Link to={item.id}>{item.title}</Link>
        </h4>
        <p className="meta-row">
          <span className={`badge ${SCOPE_BADGE[item.scope]}`}>{SCOPE_LABELS[item.scope]}</span>
          {item.stale ? (
            <span className="badge badge--danger">No longer triggered by the answers</span>
          ) : null}
          <span>{item.facts}</span>
        </p>
        {item.after ? <p className="plan-item__deps muted small">{`After: ${item.after}`}</p> : null}
        {item.reason ? <p className="muted small">{`Why: ${item.reason}`}</p> : null}
        {error ? (
          <p className="field__error" role="alert">
            {error}
          </p>
        ) : null}
      </div>
      <p className="plan-item__estimate">
        <span className="plan-item__hours">{`${h.low}–${h.high} h`}</span>
        <span className="muted small">{`likely ${h.likely} h`}</span>
      </p>
      {canEdit ? (
        <div className="plan-item__actions button-group" role="group" aria-labelledby={`t-${item.id}`}>
          {SCOPE_BUTTONS.map(([scope, label]) => (
            <button
              key={scope}
              type="submit"
              name="op"
              value={`scope:${item.id}:${item.version}:${scope}`}
              className={`button button--small ${item.scope === scope ? "button--pressed" : "button--secondary"}`}
              aria-pressed={item.scope === scope}
            >
              {label}
            </button>
          ))}
        </div>
      ) : null}
    </li>
  );
}
