import { Link } from "@remix-run/react";

import { SCOPE_LABELS } from "~/engine/plan-types";
import type { RowView } from "~/plan/plan-view.server";

const SCOPE_BADGE: Record<string, string> = {
  proposed: "badge--warn",
  excluded: "badge--muted",
  deferred: "badge--muted",
};

/**
 * One plan item in the list. A partner's row has a tick box for the bulk form the list sits in,
 * carrying the item and the version the partner saw; the scope itself is changed there, for the
 * ticked rows, or on the item's page. In-scope items carry no badge or modifier: that is the normal
 * case, and the rest stand out by theirs. The title is the row's anchor (`#item-…`) and names its
 * tick box. The markup is kept lean on purpose: a plan has 60+ rows (budget: 60 KB for 60 items).
 */
export function PlanItemRow({
  item,
  canEdit,
  draggable,
  ticked,
  onTick,
}: {
  item: RowView;
  canEdit: boolean;
  draggable: boolean;
  ticked: boolean;
  onTick: (value: string, on: boolean) => void;
}) {
  const value = `${item.id}:${item.version}`;
  const modifier = item.scope === "included" ? "" : ` plan-item--${item.scope}`;
  return (
    <li
      className={`plan-item${modifier}${item.stale ? " plan-item--stale" : ""}`}
      draggable={draggable || undefined}
    >
      {canEdit ? (
        <input
          type="checkbox"
          name="item"
          value={value}
          checked={ticked}
          onChange={(e) => onTick(value, e.currentTarget.checked)}
          aria-labelledby={`item-${item.id}`}
        />
      ) : null}
      <div>
        <h3 id={`item-${item.id}`}>
          <Link to={item.id} discover="none">
            {item.title}
          </Link>
        </h3>
        <p className="meta-row">
          {item.scope === "included" ? null : (
            <span className={`badge ${SCOPE_BADGE[item.scope]}`}>{SCOPE_LABELS[item.scope]}</span>
          )}
          {item.stale ? (
            <span className="badge badge--danger">No longer triggered by the answers</span>
          ) : null}
          {item.facts}
        </p>
        {item.after ? <p className="plan-item__deps muted small">{`After: ${item.after}`}</p> : null}
        {item.later ? (
          <p className="plan-item__deps small">
            <span className="badge badge--warn">Placed before what it waits for</span> {item.later}
          </p>
        ) : null}
        {item.over ? (
          <p className="plan-item__deps small">
            <span className="badge badge--warn">{item.over.flag}</span> {item.over.said}
          </p>
        ) : null}
        {item.reason ? <p className="muted small">{`Why: ${item.reason}`}</p> : null}
      </div>
      <p className="plan-item__estimate">
        <b>{item.range}</b>
        <small>{item.expected}</small>
        {item.logged ? <small className="plan-item__logged">{item.logged}</small> : null}
      </p>
    </li>
  );
}
