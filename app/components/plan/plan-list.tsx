import { useNavigation, useSubmit } from "@remix-run/react";
import { useRef, type DragEvent } from "react";

import { PHASE_LABELS } from "~/engine/plan-types";
import type { PlanView } from "~/plan/plan-view.server";

import { useHydrated } from "~/utils/use-hydrated";

import { PlanItemRow } from "./plan-item-row";

/**
 * The plan's items by phase. A partner ticks rows for the bulk form the list sits in; with JavaScript
 * they can also drag an item to a new place in its phase (without it, or by keyboard, the item's page
 * has "Move to position"), so rows become draggable only once the page is hydrated.
 */
export function PlanList({
  groups,
  canEdit,
  ticked,
  onTick,
}: {
  groups: PlanView["groups"];
  canEdit: boolean;
  ticked: ReadonlySet<string>;
  onTick: (value: string, on: boolean) => void;
}) {
  const submit = useSubmit();
  const dragged = useRef<{ id: string; version: string; phase: string } | null>(null);
  const busy = useNavigation().state !== "idle";
  const draggable = useHydrated() && canEdit;

  const rowOf = (event: DragEvent) => (event.target as HTMLElement).closest<HTMLLIElement>(".plan-item");
  // The row's tick box says which item and at which version ("<id>:<version>").
  const refOf = (row: HTMLLIElement) => {
    const [id = "", version = ""] = (
      row.querySelector<HTMLInputElement>("input[name=item]")?.value ?? ""
    ).split(":");
    return { id, version };
  };
  const onDragStart = (phase: string) => (event: DragEvent) => {
    const row = rowOf(event);
    if (!row) return;
    dragged.current = { ...refOf(row), phase };
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.current.id);
  };
  const onDragOver = (phase: string) => (event: DragEvent) => {
    if (dragged.current?.phase === phase) event.preventDefault();
  };
  const onDrop = (phase: string) => (event: DragEvent<HTMLOListElement>) => {
    const from = dragged.current;
    dragged.current = null;
    const row = rowOf(event);
    if (!from || from.phase !== phase || !row || refOf(row).id === from.id) return;
    event.preventDefault();
    const rows = [...event.currentTarget.querySelectorAll<HTMLLIElement>(".plan-item")];
    const position = rows.indexOf(row) + 1;
    submit(
      { op: `move-to:${from.id}:${from.version}:${position}` },
      { method: "post", preventScrollReset: true },
    );
  };

  return (
    <div className="stack-lg" aria-busy={busy || undefined}>
      {groups.map((g) => (
        <section key={g.phase} aria-labelledby={`phase-${g.phase}`} className="plan-phase">
          <div className="plan-phase__head">
            <h2 id={`phase-${g.phase}`}>{PHASE_LABELS[g.phase]}</h2>
            <span className="muted">
              {g.items.length} {g.items.length === 1 ? "item" : "items"}
              {g.inScope < g.items.length ? ` · ${g.inScope} in scope` : ""}
              {g.inScope > 0 ? ` · ${g.hours}` : ""}
            </span>
          </div>
          {g.items.length === 0 ? (
            <p className="muted">Nothing in this phase.</p>
          ) : (
            <ol
              className="plan-list"
              onDragStart={draggable ? onDragStart(g.phase) : undefined}
              onDragOver={draggable ? onDragOver(g.phase) : undefined}
              onDrop={draggable ? onDrop(g.phase) : undefined}
            >
              {g.items.map((item) => (
                <PlanItemRow
                  key={item.id}
                  item={item}
                  canEdit={canEdit}
                  draggable={draggable}
                  ticked={ticked.has(`${item.id}:${item.version}`)}
                  onTick={onTick}
                />
              ))}
            </ol>
          )}
        </section>
      ))}
    </div>
  );
}
