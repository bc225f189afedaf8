// Monte Carlo over a set of estimated work items: total hours and calendar weeks.
// Reused by the work plan (items with edited estimates), so it knows nothing about questions.
//
// Method, per draw:
// 1. Each item's hours come from a lognormal (see `itemDistribution`): right-skewed like real task
//    overruns, never negative, mean equal to the PERT mean.
// 2. Calendar length (see "Calendar") from that draw's durations.
// 3. Hours and calendar length are multiplied by one shared project factor, lognormal with median 1
//    and the given sigma. Item draws are independent, and a sum of independent items is falsely
//    narrow (P90/P50 near 1.08 for a few dozen tasks); real overruns are correlated (the same
//    unclear requirements, codebase and people behind every task), which the shared factor carries.
//
// Tiers: every item counts in the tier of its phase (launch minimum, hardening, scale later), unless
// an earlier tier waits for it (see `effectiveTiers`), and each draw sums each tier separately, with
// the same project factor. Tier means add up to the total mean exactly. The tiers run one after
// another, launch minimum first, so calendar weeks are per tier and the total's weeks are their sum.
//
// Calendar, per tier: focused hours = max(tier hours / teamSize, the tier's critical path), computed
// inside every draw.
// The first term is the team sharing the work perfectly; the second is the longest chain of
// dependent items, which more people cannot shorten. It is the lower bound of any schedule (a
// greedy one can take up to total / people + critical path, Graham's bound). We take it because
// the question bank's dependencies are sparse, leaving a team plenty of parallel work to pick
// from, and because the friction of working side by side is what the focus factor stands for.
// With one person it is the plain total. Computing the critical path per draw matters: computed
// once on mean durations it misses merge bias (a task waiting for several others waits for the
// slowest of them, typically later than the slowest mean). Weeks = focused hours /
// (weeklyCapacity * focusFactor): estimates are focused engineering hours, and only about 70% of
// the hours a person gives a project turn into them.

import type { Estimate, Phase } from "./content/types";
import { PHASES } from "./content/types";
import type {
  Distribution,
  Histogram,
  PulledForward,
  SimulatedTier,
  SimulationResult,
  TierId,
} from "./assessment-types";
import { DEFAULT_FOCUS_FACTOR } from "./assessment-types";
import { fastExp, normalFromBits } from "./fast-math";
import { DEFAULT_SEED, WEYL_STEP, Z90, mix32, streamSeed } from "./rng";

export const DEFAULT_DRAWS = 10_000;
const HISTOGRAM_BINS = 24;
/**
 * Cap on one item's log-sd: an 80% range wider than about 1:25 says "unknown", and unknowns are
 * priced by discovery work and the shared factor, not by one item's tail.
 */
const MAX_ITEM_SIGMA = 1.25;
const PROJECT_STREAM = "\u0000project-factor";

export interface SimItem {
  id: string;
  estimate: Estimate;
  /** ids of items that must finish first; ids not among the items are ignored */
  dependsOn: readonly string[];
  /** the tier it counts in (default: launch minimum) */
  phase?: Phase;
  /**
   * Whether its hours are priced (default true). The founder's own team's items take time in the
   * plan but are not the partner's to charge for: the result's `billed` hours leave them out.
   */
  billable?: boolean;
}

/** Tier ids in phase order: launch minimum, hardening, scale later. */
const TIER_IDS: Readonly<Record<Phase, TierId>> = {
  "launch-blocker": "launch",
  hardening: "hardening",
  scale: "scale",
};
const TIERS = PHASES.length;

interface SimulateOptions {
  /** sigma of the shared project factor (0 = off) */
  sigma: number;
  /** people working in parallel, >= 1 (may be fractional: 1.5 = one full-time, one half-time) */
  teamSize: number;
  /** hours per person per week */
  weeklyCapacity: number;
  focusFactor?: number;
  seed?: number;
  draws?: number;
}

export function pertMean(e: Estimate): number {
  return (e.optimistic + 4 * e.likely + e.pessimistic) / 6;
}

export function pertSd(e: Estimate): number {
  return (e.pessimistic - e.optimistic) / 6;
}

interface ItemDistribution {
  /** PERT mean, hours */
  mean: number;
  /** log-space parameters of the lognormal */
  mu: number;
  sigma: number;
  /** variance of the lognormal, hours squared */
  variance: number;
}

/**
 * The distribution of one item's hours.
 *
 * Lognormal whose log-sd reads optimistic..pessimistic as its P10..P90 range,
 * sigma = ln(p / o) / (2 * 1.2816), and whose mean is the PERT mean (o + 4m + p) / 6.
 * Why P10..P90 and not the textbook "p - o = 6 sd": people's stated 90% ranges contain the actual
 * only 30-50% of the time (Teigen & Jorgensen 2005), so taking them as near-certain bounds makes
 * every estimate overconfident. Why match the mean to PERT: the published per-task formula stays
 * the expected value the app shows, and the simulated total agrees with the sum of task means.
 * Matching the mean shifts the P10/P90 slightly below o and p for skewed estimates; the width is kept.
 */
export function itemDistribution(e: Estimate): ItemDistribution {
  const mean = pertMean(e);
  if (!(mean > 0)) return { mean: 0, mu: -Infinity, sigma: 0, variance: 0 };
  // An optimistic of 0 would make the ratio infinite: the cap below applies instead.
  const ratio = e.optimistic > 0 ? e.pessimistic / e.optimistic : Infinity;
  const sigma = Math.min(MAX_ITEM_SIGMA, Math.log(ratio) / (2 * Z90));
  const mu = Math.log(mean) - (sigma * sigma) / 2;
  return { mean, mu, sigma, variance: mean * mean * Math.expm1(sigma * sigma) };
}

function checkEstimate(id: string, e: Estimate): void {
  const { optimistic: o, likely: m, pessimistic: p } = e;
  if (![o, m, p].every(Number.isFinite) || o < 0 || o > m || m > p) {
    throw new RangeError(`item "${id}": estimate must satisfy 0 <= optimistic <= likely <= pessimistic`);
  }
}

/** A dependency cycle among the items (ids in order, first repeated at the end), or null. */
export function findCycle(items: readonly Pick<SimItem, "id" | "dependsOn">[]): string[] | null {
  const deps = new Map(items.map((item) => [item.id, item.dependsOn]));
  const state = new Map<string, 1 | 2>(); // 1 = on the current path, 2 = done
  const path: string[] = [];
  const visit = (id: string): string[] | null => {
    const s = state.get(id);
    if (s === 2) return null;
    if (s === 1) return [...path.slice(path.indexOf(id)), id];
    state.set(id, 1);
    path.push(id);
    for (const dep of deps.get(id) ?? []) {
      if (!deps.has(dep) || dep === id) continue;
      const cycle = visit(dep);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(id, 2);
    return null;
  };
  for (const item of items) {
    const cycle = visit(item.id);
    if (cycle) return cycle;
  }
  return null;
}

/**
 * The tier (index into PHASES) each item counts in: its own phase's, or the earliest tier of any item
 * that waits for it, directly or through others (decision 051). Tiers are delivered one after
 * another, so a launch-minimum item cannot be delivered before the hardening item it waits for: that
 * item's hours belong in the launch minimum's price and weeks, or the tier figures leave out work the
 * timeline runs first. Only dependencies among `items` count.
 *
 * Relaxation over a worklist rather than a walk in dependency order, so that it ends on a cycle too
 * (the simulation refuses cycles, but this is also used where they are not checked first): an item
 * is queued again only when its tier moves earlier, which happens at most twice per item.
 */
export function effectiveTiers(items: readonly Pick<SimItem, "id" | "dependsOn" | "phase">[]): number[] {
  const index = new Map<string, number>();
  items.forEach((item, i) => {
    if (!index.has(item.id)) index.set(item.id, i);
  });
  const tier = items.map((item) => PHASES.indexOf(item.phase ?? "launch-blocker"));
  const queue = items.map((_, i) => i);
  while (queue.length > 0) {
    const i = queue.pop()!;
    for (const dep of items[i]!.dependsOn) {
      const j = index.get(dep);
      if (j === undefined || j === i || tier[j]! <= tier[i]!) continue;
      tier[j] = tier[i]!;
      queue.push(j);
    }
  }
  return tier;
}

/**
 * A topological order of the items (Kahn's algorithm, input order among the ready ones) and, for
 * each position in it, the positions of the item's dependencies. Throws on duplicates and cycles.
 */
function topologicalPlan(items: readonly SimItem[]): { order: number[]; deps: number[][] } {
  const n = items.length;
  const index = new Map<string, number>();
  items.forEach((item, i) => {
    if (index.has(item.id)) throw new Error(`duplicate item id "${item.id}"`);
    index.set(item.id, i);
  });
  const preds: number[][] = items.map((item, i) => {
    const out = new Set<number>();
    for (const dep of item.dependsOn) {
      const j = index.get(dep);
      if (j !== undefined && j !== i) out.add(j);
    }
    return [...out].sort((a, b) => a - b);
  });
  const succs: number[][] = items.map(() => []);
  preds.forEach((ps, i) => ps.forEach((j) => succs[j]!.push(i)));
  const remaining = preds.map((ps) => ps.length);
  const order = remaining.flatMap((d, i) => (d === 0 ? [i] : []));
  for (let head = 0; head < order.length; head++) {
    for (const s of succs[order[head]!]!) if (--remaining[s]! === 0) order.push(s);
  }
  if (order.length < n) throw new Error(`dependency cycle: ${(findCycle(items) ?? []).join(" -> ")}`);
  const position = new Array<number>(n);
  order.forEach((i, k) => (position[i] = k));
  return { order, deps: order.map((i) => preds[i]!.map((j) => position[j]!)) };
}

function quantile(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const pos = p * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

function histogram(sorted: Float64Array, bins: number): Histogram {
  const start = sorted.length > 0 ? sorted[0]! : 0;
  // Up to the 99th percentile: the far tail of a lognormal would squash the chart into one bar.
  const end = quantile(sorted, 0.99);
  const width = (end - start) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (let k = 0; k < sorted.length; k++) {
    const bin = width > 0 ? Math.floor((sorted[k]! - start) / width) : 0;
    counts[Math.min(bins - 1, bin)]! += 1;
  }
  return { start, width, counts };
}

/** Sorts `values` in place and summarises them. */
function summarise(values: Float64Array, sum: number): Distribution {
  values.sort();
  const n = values.length;
  return {
    mean: n > 0 ? sum / n : 0,
    p10: quantile(values, 0.1),
    p50: quantile(values, 0.5),
    p80: quantile(values, 0.8),
    p85: quantile(values, 0.85),
    p90: quantile(values, 0.9),
    min: n > 0 ? values[0]! : 0,
    max: n > 0 ? values[n - 1]! : 0,
    histogram: histogram(values, HISTOGRAM_BINS),
  };
}

const BLOCK = 512;

/**
 * Fills row k of `times` with `len` draws of item k's hours and sums them per draw into the row of
 * its tier in `tierTotal` (TIERS rows of BLOCK).
 */
function sampleDurations(
  times: Float64Array,
  tierTotal: Float64Array,
  len: number,
  mu: Float64Array,
  sig: Float64Array,
  tier: Int32Array,
  state: Int32Array,
): void {
  tierTotal.fill(0);
  for (let k = 0; k < mu.length; k++) {
    const row = k * BLOCK;
    const totalRow = tier[k]! * BLOCK;
    const m = mu[k]!;
    const g = sig[k]!;
    let s = state[k]!;
    for (let b = 0; b < len; b++) {
      s = (s + WEYL_STEP) | 0;
      const hours = fastExp(m + g * normalFromBits(mix32(s)));
      times[row + b] = hours;
      tierTotal[totalRow + b] += hours;
    }
    state[k] = s;
  }
}

/**
 * Critical path of each tier in each of `len` draws: replaces each duration in `times` by the
 * item's earliest finish (latest dependency finish + own duration) and writes the longest per tier
 * to `cp` (TIERS rows of BLOCK). Dependencies are within a tier only (`depList` holds no others):
 * tiers run one after another, so an earlier tier's work is done when a later one starts.
 * Math.max rather than if: draws are random, so branches would mispredict half the time.
 */
function criticalPath(
  times: Float64Array,
  cp: Float64Array,
  len: number,
  tier: Int32Array,
  depStart: Int32Array,
  depList: Int32Array,
): void {
  cp.fill(0);
  const n = depStart.length - 1;
  for (let k = 0; k < n; k++) {
    const row = k * BLOCK;
    const cpRow = tier[k]! * BLOCK;
    const d0 = depStart[k]!;
    const d1 = depStart[k + 1]!;
    if (d0 === d1) {
      for (let b = 0; b < len; b++) cp[cpRow + b] = Math.max(cp[cpRow + b]!, times[row + b]!);
      continue;
    }
    for (let b = 0; b < len; b++) {
      let ready = 0;
      for (let j = d0; j < d1; j++) ready = Math.max(ready, times[depList[j]! * BLOCK + b]!);
      const end = ready + times[row + b]!;
      times[row + b] = end;
      cp[cpRow + b] = Math.max(cp[cpRow + b]!, end);
    }
  }
}

/**
 * The simulation as resumable steps: it pauses (yields) after each block of draws, so a server can
 * run it in bounded slices and let other requests in between (app/models/engine-run.server.ts).
 * `simulate` runs it straight through; both give the same result to the byte.
 */
export function* simulateSteps(
  items: readonly SimItem[],
  opts: SimulateOptions,
): Generator<void, SimulationResult, void> {
  const draws = opts.draws ?? DEFAULT_DRAWS;
  const seed = opts.seed ?? DEFAULT_SEED;
  const focus = opts.focusFactor ?? DEFAULT_FOCUS_FACTOR;
  const { sigma, weeklyCapacity } = opts;
  if (!Number.isInteger(draws) || draws < 1) throw new RangeError("draws must be a positive integer");
  if (!(sigma >= 0) || !Number.isFinite(sigma)) throw new RangeError("sigma must be >= 0");
  if (!(weeklyCapacity > 0)) throw new RangeError("weeklyCapacity must be > 0");
  if (!(focus > 0 && focus <= 1)) throw new RangeError("focusFactor must be in (0, 1]");
  // Part-time work belongs in weeklyCapacity: below one person the critical path would be wrong.
  if (!(opts.teamSize >= 1) || !Number.isFinite(opts.teamSize)) throw new RangeError("teamSize must be >= 1");
  for (const item of items) checkEstimate(item.id, item.estimate);

  const n = items.length;
  const people = opts.teamSize;
  const dists = items.map((item) => itemDistribution(item.estimate));
  const plan = topologicalPlan(items);
  const tierOfItem = effectiveTiers(items);

  // Flat typed arrays in topological order: the loops below run n * draws times and must not allocate.
  const mu = new Float64Array(n);
  const sig = new Float64Array(n);
  const tier = new Int32Array(n);
  const state = new Int32Array(n);
  const tierCount = [0, 0, 0];
  // Only dependencies inside the same tier: see criticalPath.
  const deps = plan.deps.map((d, k) =>
    d.filter((p) => tierOfItem[plan.order[p]!] === tierOfItem[plan.order[k]!]),
  );
  const depStart = new Int32Array(n + 1);
  const depList = new Int32Array(deps.reduce((sum, d) => sum + d.length, 0));
  let pertSum = 0;
  let likelySum = 0;
  for (let k = 0; k < n; k++) {
    const i = plan.order[k]!;
    mu[k] = dists[i]!.mu;
    sig[k] = dists[i]!.sigma;
    tier[k] = tierOfItem[i]!;
    tierCount[tier[k]!]! += 1;
    state[k] = streamSeed(seed, items[i]!.id);
    pertSum += dists[i]!.mean;
    likelySum += items[i]!.estimate.likely;
    depStart[k + 1] = depStart[k]! + deps[k]!.length;
    deps[k]!.forEach((p, j) => (depList[depStart[k]! + j] = p));
  }
  let projectState = streamSeed(seed, PROJECT_STREAM);
  // Unpriced items (the founder's team's): the priced items' draws are summed again per tier, so
  // what is priced is the same draw without their share (summed, not subtracted: a tier of unpriced
  // items prices exactly 0). Allocated only when there are some; otherwise billed is simply hours.
  const priced: number[] = [];
  for (let k = 0; k < n; k++) if (items[plan.order[k]!]!.billable !== false) priced.push(k);
  const billing = priced.length < n;
  const billedTotal = billing ? new Float64Array(TIERS * BLOCK) : null;
  const billed = billing ? new Float64Array(draws) : null;
  const tierBilled = billing ? Array.from({ length: TIERS }, () => new Float64Array(draws)) : null;
  const tierBilledSum = [0, 0, 0];
  let billedSum = 0;

  const hours = new Float64Array(draws);
  const weeks = new Float64Array(draws);
  const tierHours = Array.from({ length: TIERS }, () => new Float64Array(draws));
  const tierWeeks = Array.from({ length: TIERS }, () => new Float64Array(draws));
  const tierHoursSum = [0, 0, 0];
  const tierWeeksSum = [0, 0, 0];
  // Draws run in blocks: one row of BLOCK values per item, filled item by item. Tight loops over
  // a row are what V8 compiles best, and each row is reused in place for the item's finish times.
  const times = new Float64Array(n * BLOCK);
  const tierTotal = new Float64Array(TIERS * BLOCK);
  const cp = new Float64Array(TIERS * BLOCK);
  const weeklyHours = weeklyCapacity * focus;
  let hoursSum = 0;
  let weeksSum = 0;
  let aboveLikely = 0;

  for (let first = 0; first < draws; first += BLOCK) {
    const len = Math.min(BLOCK, draws - first);
    sampleDurations(times, tierTotal, len, mu, sig, tier, state);
    if (billedTotal) {
      // Before criticalPath, which turns each row of durations into finish times.
      billedTotal.fill(0);
      for (const k of priced) {
        const row = k * BLOCK;
        const totalRow = tier[k]! * BLOCK;
        for (let b = 0; b < len; b++) billedTotal[totalRow + b] += times[row + b]!;
      }
    }
    // One person does the items one after another: the critical path cannot exceed the total.
    if (people > 1) criticalPath(times, cp, len, tier, depStart, depList);
    for (let b = 0; b < len; b++) {
      projectState = (projectState + WEYL_STEP) | 0;
      const factor = sigma > 0 ? fastExp(sigma * normalFromBits(mix32(projectState))) : 1;
      let h = 0;
      let w = 0;
      let pricedHours = 0;
      for (let t = 0; t < TIERS; t++) {
        const total = tierTotal[t * BLOCK + b]!;
        const focusedHours = people > 1 ? Math.max(total / people, cp[t * BLOCK + b]!) : total;
        const th = total * factor;
        const tw = (focusedHours * factor) / weeklyHours;
        tierHours[t]![first + b] = th;
        tierWeeks[t]![first + b] = tw;
        tierHoursSum[t]! += th;
        tierWeeksSum[t]! += tw;
        h += th;
        w += tw;
        if (billedTotal) {
          const tb = billedTotal[t * BLOCK + b]! * factor;
          tierBilled![t]![first + b] = tb;
          tierBilledSum[t]! += tb;
          pricedHours += tb;
        }
      }
      if (billed) {
        billed[first + b] = pricedHours;
        billedSum += pricedHours;
      }
      hours[first + b] = h;
      weeks[first + b] = w;
      hoursSum += h;
      weeksSum += w;
      if (h > likelySum) aboveLikely++;
    }
    yield;
  }

  const pulledForward: PulledForward[][] = PHASES.map(() => []);
  items.forEach((item, i) => {
    const phase = item.phase ?? "launch-blocker";
    if (tierOfItem[i]! < PHASES.indexOf(phase))
      pulledForward[tierOfItem[i]!]!.push({ id: item.id, phase, hours: dists[i]!.mean });
  });
  const tiers: SimulatedTier[] = PHASES.map((phase, t) => ({
    id: TIER_IDS[phase],
    phase,
    items: tierCount[t]!,
    hours: summarise(tierHours[t]!, tierHoursSum[t]!),
    weeks: summarise(tierWeeks[t]!, tierWeeksSum[t]!),
    ...(tierBilled ? { billed: summarise(tierBilled[t]!, tierBilledSum[t]!) } : {}),
    pulledForward: pulledForward[t]!,
  }));

  return {
    draws,
    seed,
    sigma,
    hours: summarise(hours, hoursSum),
    weeks: summarise(weeks, weeksSum),
    pertMean: pertSum,
    likelySum,
    shareAboveLikely: aboveLikely / draws,
    tiers,
    ...(billed ? { billed: summarise(billed, billedSum) } : {}),
  };
}

/** Runs resumable engine steps straight through. */
export function runSteps<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

export function simulate(items: readonly SimItem[], opts: SimulateOptions): SimulationResult {
  return runSteps(simulateSteps(items, opts));
}
