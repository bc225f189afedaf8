import { useEffect, useRef } from "react";

import { Field, FieldError } from "~/components/field";
import type { PlanView } from "~/plan/plan-view.server";
import { useHydrated } from "~/utils/use-hydrated";

type BulkTarget = PlanView["bulkTargets"][number];
type BulkScope = keyof BulkTarget["changes"];

const VERB: Record<BulkScope, string> = { included: "Include", deferred: "Defer", excluded: "Exclude" };
const ALREADY: Record<BulkScope, string> = {
  included: "in scope",
  deferred: "deferred",
  excluded: "out of scope",
};
/** More items than this changed at once are asked about first (with JavaScript). */
const ASK_ABOVE = 5;

/**
 * The question asked before a bulk change of more than a few items ("Exclude all 28 Launch minimum
 * items?"), or null to go ahead: a phase or an area chosen in "Apply to" changes every item in it
 * with one click, and the page's Undo comes only after.
 */
export function bulkQuestion({
  scope,
  target,
  targets,
  tickedScopes,
}: {
  scope: string;
  target: string;
  targets: readonly BulkTarget[];
  /** the scopes of the ticked rows */
  tickedScopes: readonly string[];
}): string | null {
  if (!Object.hasOwn(VERB, scope)) return null;
  const to = scope as BulkScope;
  const chosen = targets.find((t) => t.value === target);
  const total = chosen ? chosen.count : tickedScopes.length;
  const changes = chosen ? chosen.changes[to] : tickedScopes.filter((s) => s !== to).length;
  if (changes <= ASK_ABOVE) return null;
  const items = chosen ? `${chosen.name} items` : "ticked items";
  if (changes === total) return `${VERB[to]} all ${total} ${items}?`;
  const rest = total - changes;
  return `${VERB[to]} ${changes} of the ${total} ${items}? The other ${rest} ${rest === 1 ? "is" : "are"} already ${ALREADY[to]}.`;
}

/**
 * Changes the scope of many items at once: the rows ticked in the list below it (their tick boxes are
 * in the same form), or a whole phase or area. Sticky, so it stays in reach while ticking down a long
 * list.
 */
export function BulkScopeControls({
  targets,
  ticked,
  target,
  onTarget,
  errors,
  typedReason,
}: {
  targets: Array<{ value: string; label: string; ids: string[] }>;
  ticked: number;
  target: string;
  onTarget: (target: string) => void;
  errors?: Record<string, string[] | undefined>;
  /** the reason posted with a refused change, shown again */
  typedReason?: string;
}) {
  const hydrated = useHydrated();
  const card = useRef<HTMLDivElement>(null);
  // The page keeps the card's height free at the top when it scrolls to focus (app.css, .bulk-form):
  // the height changes with the width and with an error shown, so it is measured.
  useEffect(() => {
    const el = card.current;
    if (!el) return;
    const root = document.documentElement;
    const observer = new ResizeObserver(() =>
      root.style.setProperty("--bulk-form-height", `${el.offsetHeight}px`),
    );
    observer.observe(el);
    return () => {
      observer.disconnect();
      root.style.removeProperty("--bulk-form-height");
    };
  }, []);
  return (
    <div ref={card} role="group" aria-label="Change many items at once" className="card bulk-form">
      <input type="hidden" name="intent" value="bulk-scope" />
      {/* Which items each phase, area or "proposed" held as the page shows them: the server changes
          them only if that is still so, not an item moved there from another tab since. */}
      {targets.map((t) => (
        <input key={t.value} type="hidden" name={`shown.${t.value}`} value={t.ids.join(" ")} />
      ))}
      <div className="field">
        <label htmlFor="bulk-target">Apply to</label>
        <select
          id="bulk-target"
          name="target"
          value={target}
          onChange={(e) => onTarget(e.currentTarget.value)}
          aria-invalid={errors?.target ? true : undefined}
          aria-describedby={errors?.target ? "bulk-target-error" : undefined}
        >
          <option value="ticked">{hydrated ? `Ticked items (${ticked})` : "Ticked items"}</option>
          {targets.map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
        </select>
        <FieldError id="bulk-target-error" error={errors?.target?.[0]} />
      </div>
      <Field
        label="Why, if out or later (optional, shown on the proposal)"
        name="scopeReason"
        id="bulk-reason"
        type="text"
        maxLength={500}
        defaultValue={typedReason}
        errors={errors?.scopeReason}
      />
      <div className="button-group">
        {(
          [
            ["included", "Include"],
            ["deferred", "Defer"],
            ["excluded", "Exclude"],
          ] as const
        ).map(([scope, label]) => (
          <button
            key={scope}
            type="submit"
            name="scope"
            value={scope}
            className="button button--secondary button--small"
          >
            {label}
          </button>
        ))}
      </div>
    </div>
  );
}
