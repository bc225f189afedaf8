import { Form, useNavigation, useSubmit } from "@remix-run/react";
import { useRef, type DragEvent } from "react";

import { PHASE_LABELS } from "~/engine/plan-types";
import type { PlanView } from "~/utils/plan-view.server";

import { PlanItemRow } from "./plan-item-row";

/**
 * The plan's items by phase, as one form: every row's buttons submit it with their own value
 * ("scope:<item>:<version>:<scope>"). With JavaScript a partner can also drag an item to a new place
 * in its phase; without it (or by keyboard) the item's page has "Move to position".
 */
export function PlanList({
  groups,
  canEdit,
  errorItem,
  error,
}: {
  groups: PlanView["groups"];
  canEdit: boolean;
  errorItem?: string;
  error?: string;
}) {
  const submit = useSubmit();
  const dragged = useRef<{ id: string; version: string; phase: string } | null>(null);
  const busy = useNavigation().state !== "idle";

  const rowOf = (event: DragEvent) => (event.target as HTMLElement).closest<HTMLLIElement>("li[data-id]");
  const onDragStart = (phase: string) => (event: DragEvent) => {
    const row = rowOf(event);
    if (!row) return;
    dragged.current = { id: row.dataset.id!, version: row.dataset.version!, phase };
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", row.dataset.id!);
  };
  const onDragOver = (phase: string) => (event: DragEvent) => {
    if (dragged.current?.phase === phase) event.preventDefault();
  };
  const onDrop = (phase: string) => (event: DragEvent<HTMLOListElement>) => {
    const from = dragged.current;
    dragged.current = null;
    const row = rowOf(event);
    if (!from || from.phase !== phase || !row || row.dataset.id === from.id) return;
    event.preventDefault();
    const rows = [...event.currentTarget.querySelectorAll<HTMLLIElement>("li[data-id]")];
    const position = rows.indexOf(row) + 1;
    submit(
      { op: `move-to:${from.id}:${from.version}:${position}` },
      { method: "post", preventScrollReset: true },
    );
  };

  return (
    <Form
      method="post"
      preventScrollReset
      aria-label="Plan items"
      className="stack-lg"
      aria-busy={busy || undefined}
    >
      {groups.map((g) => (
        <section key={g.phase} aria-labelledby={`phase-${g.phase}`} className="plan-phase">
          <div className="plan-phase__head">
            <h2 id={`phase-${g.phase}`}>{PHASE_LABELS[g.phase]}</h2>
            <span className="muted">
              {g.items.length} {g.items.length === 1 ? "item" : "items"} · {Math.round(g.totals.hours)} h
              expected in scope
            </span>
          </div>
          {g.items.length === 0 ? (
            <p className="muted">Nothing in this phase.</p>
          ) : (
            <ol
              className="plan-list"
              onDragStart={canEdit ? onDragStart(g.phase) : undefined}
              onDragOver={canEdit ? onDragOver(g.phase) : undefined}
              onDrop={canEdit ? onDrop(g.phase) : undefined}
            >
              {g.items.map((item) => (
                <PlanItemRow
                  key={item.id}
                  item={item}
                  canEdit={canEdit}
                  error={errorItem === item.id ? error : undefined}
                />
              ))}
            </ol>
          )}
        </section>
      ))}
    </Form>
  );
}
