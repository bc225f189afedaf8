// What a proposal leaves out. Excluded and deferred plan items are listed with a reason, so the
// founder sees what they are not paying for and why, instead of finding out after launch. Their
// hours are shown for scale and never counted in the proposal's totals.
import type { Estimate, Phase } from "./content/types";
import { PHASES } from "./content/types";
import type { OutOfScopeItem, Scope } from "./plan-types";
import { pertMean } from "./simulate";

export const OUT_HEADINGS = { excluded: "Out of scope", deferred: "Later" } as const;

/**
 * Said when the partner gave no reason: what leaving work of that phase out usually means, in plain
 * words. Leaving launch-minimum work out is a risk the founder should see spelled out.
 */
export const FALLBACK_REASONS: Record<OutOfScopeItem["scope"], Record<Phase, string>> = {
  deferred: {
    "launch-blocker":
      "Agreed to do later, although it is part of the launch minimum: plan it before going live.",
    hardening: "Not needed to launch; worth doing in the first months after it.",
    scale: "Not needed before launch; revisit once real users arrive.",
  },
  excluded: {
    "launch-blocker":
      "Not part of this proposal, although it is part of the launch minimum: someone still has to do it before going live.",
    hardening: "Not part of this proposal; it makes the app sturdier but is not needed to launch.",
    scale: "Not part of this proposal; it only matters at a scale the product has not reached.",
  },
};

export function outReason(scope: OutOfScopeItem["scope"], phase: Phase, reason: string | null): string {
  return reason?.trim() || FALLBACK_REASONS[scope][phase];
}

export interface OutCandidate {
  id: string;
  title: string;
  area: string;
  phase: Phase;
  scope: Scope;
  scopeReason: string | null;
  estimate: Estimate;
}

/** Excluded and deferred items in plan order by phase, each with its reason (or the fallback). */
export function outOfScopeItems(
  items: readonly OutCandidate[],
  areaTitles: Record<string, string>,
): OutOfScopeItem[] {
  const out: OutOfScopeItem[] = [];
  for (const phase of PHASES) {
    for (const i of items) {
      if (i.phase !== phase || (i.scope !== "excluded" && i.scope !== "deferred")) continue;
      out.push({
        id: i.id,
        title: i.title,
        area: i.area,
        areaTitle: areaTitles[i.area] ?? i.area,
        phase: i.phase,
        scope: i.scope,
        reason: outReason(i.scope, i.phase, i.scopeReason),
        mean: pertMean(i.estimate),
      });
    }
  }
  return out;
}

/** A snapshot's out-of-scope items split under their headings; versions published before have none. */
export function outOfScopeGroups(items: readonly OutOfScopeItem[] | undefined) {
  const list = items ?? [];
  return (["excluded", "deferred"] as const)
    .map((scope) => ({
      scope,
      heading: OUT_HEADINGS[scope],
      items: list.filter((i) => i.scope === scope),
      hours: list.filter((i) => i.scope === scope).reduce((n, i) => n + i.mean, 0),
    }))
    .filter((g) => g.items.length > 0);
}

/**
 * How a version's "What changed" names an item the previous version left out and this one includes:
 * "Back in scope (was Later)". Listed as "Added" it read as new work slipped in, when the founder had
 * seen it under "Later" (and often asked for it back).
 */
export function backInScopeLabel(was: "excluded" | "deferred"): string {
  return `Back in scope (was ${was === "deferred" ? OUT_HEADINGS.deferred : "out of scope"})`;
}

/** A prerequisite left out, named as every surface names it: "Map who may see… (left for later)". */
export function leftOutTitle(item: { title: string; scope: "excluded" | "deferred" }): string {
  return `${item.title} (${item.scope === "deferred" ? "left for later" : "out of scope"})`;
}

/**
 * What an item in scope still waits for among the items left out, in words ("Map who may see and
 * change what (left for later)"): the proposal must not read as if that work were not needed.
 */
export function leftOutPrerequisites(
  item: { waitsOutside?: readonly string[] },
  outOfScope: readonly Pick<OutOfScopeItem, "id" | "title" | "scope">[] | undefined,
): string[] {
  const byId = new Map((outOfScope ?? []).map((o) => [o.id, o]));
  return (item.waitsOutside ?? []).flatMap((id) => {
    const o = byId.get(id);
    return o ? [leftOutTitle(o)] : [];
  });
}

/**
 * The items in scope of a plan that wait for an excluded or deferred item, each with what it waits
 * for: a version would price the one without the other.
 */
export function waitsOnLeftOut(
  plan: ReadonlyArray<{ id: string; title: string; scope: Scope; dependsOn: readonly string[] }>,
): Array<{ title: string; waitsFor: string[] }> {
  const leftOut = new Map(
    plan.flatMap((i) =>
      i.scope === "excluded" || i.scope === "deferred"
        ? [[i.id, leftOutTitle({ ...i, scope: i.scope })] as const]
        : [],
    ),
  );
  return plan.flatMap((i) => {
    const waitsFor = i.dependsOn.flatMap((d) => leftOut.get(d) ?? []);
    return i.scope === "included" && waitsFor.length > 0 ? [{ title: i.title, waitsFor }] : [];
  });
}

/**
 * Launch-minimum work a version would leave out (Later or Out of scope), by title. The proposal
 * lists it with its reason, but the publish form says so first: the founder would sign a price
 * for launching without work the assessment says must be done before real users or real money.
 */
export function launchWorkLeftOut(
  plan: ReadonlyArray<{ title: string; scope: Scope; phase: Phase }>,
): string[] {
  return plan.flatMap((i) =>
    i.phase === "launch-blocker" && (i.scope === "excluded" || i.scope === "deferred")
      ? [leftOutTitle({ title: i.title, scope: i.scope })]
      : [],
  );
}

/**
 * Launch-minimum items in scope that wait for an item in scope of a later phase, each with what
 * they wait for (QA pass 3, finding 4). The timeline runs the later work first, but the launch
 * minimum's hours, weeks and price count only its own phase: the founder would be quoted a launch
 * minimum that cannot be delivered for that price. The publish form says so, by title.
 */
export function launchWaitsOnLater(
  plan: ReadonlyArray<{
    id: string;
    title: string;
    scope: Scope;
    phase: Phase;
    dependsOn: readonly string[];
  }>,
): Array<{ title: string; waitsFor: string[] }> {
  const later = new Map(
    plan.flatMap((i) =>
      i.scope === "included" && i.phase !== "launch-blocker" ? [[i.id, i.title] as const] : [],
    ),
  );
  return plan.flatMap((i) => {
    if (i.scope !== "included" || i.phase !== "launch-blocker") return [];
    const waitsFor = i.dependsOn.flatMap((d) => later.get(d) ?? []);
    return waitsFor.length > 0 ? [{ title: i.title, waitsFor }] : [];
  });
}
