import { PHASES, type Phase } from "~/engine/content/types";
import { PHASE_TITLES } from "~/engine/tiers";
import type { Scope } from "~/engine/plan-types";

type Orderable = {
  id: string;
  title: string;
  phase: Phase;
  position: number;
  scope: Scope;
  dependsOn: readonly string[];
};

/**
 * Order is the partner's call, so a move that puts an item above one it waits for is saved; but the
 * timeline still schedules what an item waits for first, and a proposal whose list and timeline
 * disagree reads as careless. These say where the list runs against the dependencies, so the
 * partner sees it (the plan row, the item page, the notice after a move) and decides.
 *
 * Only items in scope count: the timeline schedules those alone.
 */
export type Inversion = { item: Orderable; waitsFor: Orderable };

function quote(title: string): string {
  return `“${title}”`;
}

function inWords(parts: string[]): string {
  return parts.length <= 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}

/** Every in-scope item placed above (earlier phase, or higher in its phase) an in-scope item it waits for. */
export function inversions(items: readonly Orderable[]): Inversion[] {
  const inScope = items.filter((i) => i.scope === "included");
  const rank = new Map(
    [...inScope]
      .sort((a, b) => PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase) || a.position - b.position)
      .map((item, n) => [item.id, n]),
  );
  const byId = new Map(inScope.map((i) => [i.id, i]));
  const out: Inversion[] = [];
  for (const item of inScope)
    for (const id of item.dependsOn) {
      const waitsFor = byId.get(id);
      if (waitsFor && rank.get(item.id)! < rank.get(id)!) out.push({ item, waitsFor });
    }
  return out;
}

/** Per item in scope, what it waits for that comes after it ("“A”", "“B”"), for its plan row. */
export function placedBeforeWhatTheyWaitFor(items: readonly Orderable[]): Map<string, string[]> {
  const titles = new Map<string, string[]>();
  for (const { item, waitsFor } of inversions(items))
    titles.set(item.id, [...(titles.get(item.id) ?? []), quote(waitsFor.title)]);
  return titles;
}

/** A plan row's warning: "“A” comes later; the timeline runs it first." */
export function laterInWords(titles: readonly string[]): string {
  const one = titles.length === 1;
  return `${inWords([...titles])} ${one ? "comes" : "come"} later in the plan; the timeline runs ${one ? "it" : "them"} first.`;
}

/**
 * What moving `itemId` (or changing its phase or what it waits for) left out of order, in
 * sentences: “X” now comes before “Y”, which it waits for; the timeline still runs “Y” first.
 * Both ways: the item above what it waits for, and items that wait for it now above it. Null when
 * the move left nothing out of order.
 */
export function orderNotice(items: readonly Orderable[], itemId: string): string | null {
  const found = inversions(items);
  const ahead = found.filter((f) => f.item.id === itemId).map((f) => f.waitsFor);
  const behind = found.filter((f) => f.waitsFor.id === itemId).map((f) => f.item);
  const moved = items.find((i) => i.id === itemId);
  if (!moved || (ahead.length === 0 && behind.length === 0)) return null;
  const sentences: string[] = [];
  if (ahead.length > 0) {
    const one = ahead.length === 1;
    sentences.push(
      `${quote(moved.title)} now comes before ${inWords(ahead.map((a) => quote(a.title)))}, which it waits for; the timeline still runs ${one ? quote(ahead[0]!.title) : "them"} first.`,
    );
  }
  if (behind.length > 0) {
    const one = behind.length === 1;
    sentences.push(
      `${inWords(behind.map((b) => quote(b.title)))} now ${one ? "comes" : "come"} before ${quote(moved.title)}, which ${one ? "it waits" : "they wait"} for; the timeline still runs ${quote(moved.title)} first.`,
    );
  }
  // Waiting for later-phase work puts that work in the earlier tier's figures (decision 051): said
  // here, where the wait was made, not only under the totals.
  const counted = new Map<string, { waitsFor: Orderable; phase: Phase }>();
  for (const { item, waitsFor } of found)
    if (
      (item.id === itemId || waitsFor.id === itemId) &&
      PHASES.indexOf(item.phase) < PHASES.indexOf(waitsFor.phase)
    ) {
      const seen = counted.get(waitsFor.id);
      if (!seen || PHASES.indexOf(item.phase) < PHASES.indexOf(seen.phase))
        counted.set(waitsFor.id, { waitsFor, phase: item.phase });
    }
  for (const { waitsFor, phase } of counted.values())
    sentences.push(
      `So ${quote(waitsFor.title)} (${PHASE_TITLES[waitsFor.phase]}) now counts in the ${PHASE_TITLES[phase].toLowerCase()}'s hours and price.`,
    );
  return sentences.join(" ");
}
