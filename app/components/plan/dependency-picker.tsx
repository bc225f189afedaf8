import { useState } from "react";

import { PHASES, type Phase } from "~/engine/content/types";
import { PHASE_LABELS } from "~/engine/plan-types";
import { useHydrated } from "~/utils/use-hydrated";

type Other = { id: string; title: string; phase: Phase; area: string };

/**
 * "Starts after": the plan's other items as checkboxes grouped by phase, chosen ones first, with a
 * search box that narrows the list as you type, shown once hydrated. Without JavaScript every item shows.
 */
export function DependencyPicker({
  others,
  chosen,
  describedBy,
}: {
  others: Other[];
  /** what to tick: the stored dependencies, or what a refused save had ticked */
  chosen: ReadonlySet<string>;
  /** the id of the message about the choice, when there is one */
  describedBy?: string;
}) {
  const hydrated = useHydrated();
  const [query, setQuery] = useState("");
  const q = query.trim().toLowerCase();
  const shown = (o: Other) =>
    chosen.has(o.id) || q === "" || `${o.title} ${o.area}`.toLowerCase().includes(q);
  return (
    <fieldset className="plain-fieldset stack dep-picker" aria-describedby={describedBy}>
      <legend className="field-legend">Starts after</legend>
      {/* The search narrows the list in the browser: before hydration (or without JavaScript) it would
          be a box that does nothing, so it appears only once it works. */}
      {hydrated ? (
        <div className="field">
          <label htmlFor="dep-search">Find an item</label>
          <input
            id="dep-search"
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="Type part of a title or an area"
            autoComplete="off"
          />
        </div>
      ) : null}
      {PHASES.map((phase) => {
        const items = others.filter((o) => o.phase === phase);
        if (items.length === 0) return null;
        const ordered = [...items.filter((o) => chosen.has(o.id)), ...items.filter((o) => !chosen.has(o.id))];
        return (
          <div key={phase} className="dep-group">
            <p className="dep-group__title">{PHASE_LABELS[phase]}</p>
            <div className="dep-list">
              {ordered.map((o) => (
                <label key={o.id} className="dep-option" hidden={!shown(o) || undefined}>
                  <input type="checkbox" name="dependsOn" value={o.id} defaultChecked={chosen.has(o.id)} />
                  <span>
                    {o.title} <span className="muted small">· {o.area}</span>
                  </span>
                </label>
              ))}
            </div>
          </div>
        );
      })}
    </fieldset>
  );
}
