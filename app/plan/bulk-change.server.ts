import { z } from "zod";

import type { Scope } from "~/engine/plan-types";
import { scopeChange, type PlanItem } from "~/models/plan.server";

// How a bulk change and its undo travel. The plan page's Undo is a plain form (also without
// JavaScript) carrying only the change's id: what to put back, per item, is read from the change's
// own activity entry (undoScopeChanges), which setScopeOfMany wrote with what it found and the
// version it left each item at. A form that said what to restore could set any scope and reason at
// any version, past the rules of a scope change (security review 2, #5).

const VERB: Record<Exclude<Scope, "proposed">, string> = {
  included: "Included",
  deferred: "Deferred",
  excluded: "Excluded",
};

function quote(title: string) {
  return `“${title}”`;
}

/** "“A”", "“A” and “B”", up to four by name; more: "“A”, “B”, “C” and 25 more". */
export function someNames(titles: string[], count = titles.length): string {
  const named = count <= 4 ? titles : titles.slice(0, 3);
  const rest = count - named.length;
  const parts = [...named.map(quote), ...(rest > 0 ? [`${rest} more`] : [])];
  return parts.length <= 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}

const Id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const Count = z.coerce.number().int().min(0).max(10_000);

/**
 * What the plan page says after a bulk change (`?bulk=`, the change's activity id) or its undo
 * (`?undone=`): which items, by name, and the id the Undo form posts. Only the person who made the
 * change is offered its undo, once; a made-up or foreign id says nothing.
 */
export async function bulkMessages({
  url,
  engagementId,
  userId,
  items,
}: {
  url: URL;
  engagementId: string;
  userId: string;
  items: PlanItem[];
}) {
  const params = url.searchParams;
  const titles = new Map(items.map((i) => [i.id, i.title]));
  // Items gone since (a custom item deleted) have no name to give: counted, or left unsaid.
  const namesOf = (ids: string[], count = ids.length) => {
    const found = ids.flatMap((id) => titles.get(id) ?? []);
    return found.length === 0 ? "" : someNames(found, count);
  };

  const changeId = Id.catch(0).parse(params.get("bulk") ?? undefined);
  const change = changeId > 0 ? await scopeChange({ engagementId, userId, changeId }) : null;
  const bulk =
    change && change.to !== "proposed"
      ? {
          text: `${VERB[change.to]} ${change.was.length === 1 ? "1 item" : `${change.was.length} items`}${namesOf(
            change.was.map((w) => w.id),
            change.was.length,
          ).replace(/^(?=.)/, ": ")}.`,
          // Undone already (the page reloaded, or reached by Back): named, not offered again.
          changeId: change.undone ? null : changeId,
        }
      : null;

  const undone = Count.safeParse(params.get("undone") ?? undefined);
  const kept = Count.catch(0).parse(params.get("kept") ?? undefined);
  const keptIds = (params.get("keptIds") ?? "").split(",").slice(0, 10);
  let undoText: string | null = null;
  if (undone.success) {
    const n = undone.data;
    const back =
      n === 0
        ? "Nothing was undone."
        : `Undone: ${n === 1 ? "1 item is back as it was" : `${n} items are back as they were`}, with ${n === 1 ? "its" : "their"} reasons.`;
    const named = namesOf(keptIds, Math.max(kept, keptIds.length));
    undoText =
      kept === 0
        ? back
        : `${back} ${named || (kept === 1 ? "1 item" : `${kept} items`)} ${kept === 1 ? "was" : "were"} changed since, so ${kept === 1 ? "it was" : "they were"} left as ${kept === 1 ? "it is" : "they are"}.`;
  }
  return { bulk, undoText };
}
