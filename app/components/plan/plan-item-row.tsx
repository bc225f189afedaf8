import type { FormEvent, MouseEvent } from "react";

import type { RowView } from "~/utils/plan-view.server";
import { SCOPE_LABELS } from "~/engine/plan-types";

const SCOPE_BADGE: Record<string, string> = {
  included: "badge--ok",
  proposed: "badge--warn",
  excluded: "badge--muted",
  deferred: "badge--muted",
};

export function PlanItemRow({
  item,
  basePath,
  onNavigate,
  onSubmit,
  canEdit,
  error,
}: {
  item: RowView;
  /** /engagements/:id/plan — rows link with plain anchors: resolving 60+ <Link>s is measurable */
  basePath: string;
  /** from useNavigateOnClick() in the list, so the anchors still navigate client-side */
  onNavigate: (event: MouseEvent<HTMLAnchorElement>) => void;
  /** from useSubmitHandler() in the list: plain forms, submitted like <Form> with JavaScript */
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  canEdit: boolean;
  error?: string;
}) {
  const h = item.hours;
  // The plan list is an index route: its actions are addressed with ?index.
  const action = `${basePath}?index`;
  return (
    <li
      id={`item-${item.id}`}
      className={`plan-item plan-item--${item.scope}${item.stale ? " plan-item--stale" : ""}`}
    >
      <div className="plan-item__main">
        <h4 className="plan-item__title">
          <a href={`${basePath}/${item.id}`} onClick={onNavigate}>
            {item.title}
          </a>
        </h4>
        <p className="meta-row">
          <span className={`badge ${SCOPE_BADGE[item.scope]}`}>{SCOPE_LABELS[item.scope]}</span>
          {item.stale ? (
            <span className="badge badge--danger">No longer triggered by the answers</span>
          ) : null}
          {/* One text run, not a span per fact: a plan has 60+ rows and every element costs render time. */}
          <span>{item.facts}</span>
        </p>
        {item.after ? <p className="plan-item__deps muted small">{`After: ${item.after}`}</p> : null}
        {error ? (
          <p className="field__error" role="alert">
            {error}
          </p>
        ) : null}
      </div>
      <div
        className="plan-item__estimate"
        aria-label={`Estimate ${h.low} to ${h.high} hours, likely ${h.likely}`}
      >
        <span className="plan-item__hours">{`${h.low}–${h.high} h`}</span>
        <span className="muted small">{`likely ${h.likely} h`}</span>
      </div>
      {canEdit ? (
        <div className="plan-item__actions">
          <form
            method="post"
            action={action}
            onSubmit={onSubmit}
            className="button-group"
            aria-label={`Scope of ${item.title}`}
          >
            <input type="hidden" name="itemId" value={item.id} />
            <input type="hidden" name="version" value={item.version} />
            {(["included", "deferred", "excluded"] as const).map((scope) => (
              <button
                key={scope}
                type="submit"
                name="scope"
                value={scope}
                className={`button button--small ${item.scope === scope ? "button--pressed" : "button--secondary"}`}
                aria-pressed={item.scope === scope}
              >
                {scope === "included" ? "Include" : scope === "deferred" ? "Defer" : "Exclude"}
              </button>
            ))}
            <input type="hidden" name="intent" value="scope" />
          </form>
          <form
            method="post"
            action={action}
            onSubmit={onSubmit}
            className="button-group"
            aria-label={`Order of ${item.title}`}
          >
            <input type="hidden" name="intent" value="move" />
            <input type="hidden" name="itemId" value={item.id} />
            <input type="hidden" name="version" value={item.version} />
            <button
              type="submit"
              name="direction"
              value="up"
              className="button button--ghost button--small"
              aria-label={`Move ${item.title} up`}
            >
              ↑
            </button>
            <button
              type="submit"
              name="direction"
              value="down"
              className="button button--ghost button--small"
              aria-label={`Move ${item.title} down`}
            >
              ↓
            </button>
          </form>
        </div>
      ) : null}
    </li>
  );
}
