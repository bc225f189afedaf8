// Scope: the tasks the answers call for, sized to the app.
//
// - A chosen option (every selected option of a multi answer, the matching band of a number
//   answer) triggers its tasks. A task triggered by several answers appears once and records them all.
// - "I'm not sure" triggers the question's discovery task, and also every task the question's
//   options could trigger, marked contingent. Unsure scores as the worst answer (readiness 0); it is
//   priced the same way, as the worst case until someone finds out. Otherwise answering "I'm not
//   sure" would make a product look cheaper to finish than answering honestly "no", and resolving
//   an unsure answer could only ever add work. The worst case is one the other answers allow: an
//   option they contradict (conflicts.yaml) adds nothing (decision 046).
// - An unanswered question is priced like "I'm not sure" without the discovery task (the founder
//   can answer it; nobody has to dig): its possible tasks enter the estimate as contingent and
//   *provisional*. A partial assessment is never cheaper than a finished one would be, and never $0.
//   Provisional tasks stay out of the work plan: the plan is built from what was said.
// - Tasks of areas that do not apply, and anything triggered by hidden questions, contribute nothing.
// - Size (decision 010): each task's estimate is written for an app of the size drivers' reference
//   size, and declares which share of it grows with each driver (screens, kinds of data, roles,
//   outside services). Multiplier = 1 + sum(share * (units / reference - 1)); the rest of the work
//   is fixed. Unanswered or unsure size questions count as the driver's (cautious) default.
// - Shared work (decision 010): a task may build on a work package (`package:`), setup that several
//   tasks share. The package enters the plan once, when any task that uses it does, in the earliest
//   phase among them, and those tasks wait for it. Each task's own estimate is its increment.
// - Dependencies are kept between triggered tasks only, passing through untriggered ones: if A
//   waits for B and B waits for C, and only A and C are triggered, A still waits for C.

import type { Estimate, Phase, Question, SizeDriver, Task } from "./content/types";
import { PHASES } from "./content/types";
import type { SizeReading, TriggeredTask } from "./assessment-types";
import type { AnswerContext, Interpreted } from "./answers";
import { ruledOutOptions } from "./conflicts";
import { pertMean, pertSd } from "./simulate";

/** Task ids an answer triggers for sure. */
function certainTasks(meaning: Interpreted): string[] {
  if (meaning.kind === "options") return meaning.options.flatMap((o) => o.tasks);
  if (meaning.kind === "number" && meaning.band) return meaning.band.tasks;
  return [];
}

/**
 * Every task any answer to the question could trigger (the worst case of an unsure answer), but for
 * options the other answers contradict (conflicts.yaml): they are not a case that can turn out.
 */
function possibleTasks(ctx: AnswerContext, q: Question): string[] {
  const ruledOut = ruledOutOptions(ctx, q);
  return [
    ...q.options.filter((o) => !ruledOut.has(o.id)).flatMap((o) => o.tasks),
    ...(q.bands ?? []).flatMap((b) => b.tasks),
  ];
}

/**
 * How big the app is along one driver: the answer's units; the driver's `hidden` units when the
 * answers hide its question (no accounts: one kind of user, a known size, not an open one); else the
 * default while unknown.
 */
function sizeReading(driver: SizeDriver, ctx: AnswerContext): SizeReading {
  const meaning = ctx.interpreted.get(driver.question);
  let units: number | undefined;
  if (driver.hidden !== undefined && !ctx.visible.some((q) => q.id === driver.question))
    units = driver.hidden;
  else if (meaning?.kind === "number") units = Math.max(driver.min, meaning.value);
  else if (meaning?.kind === "options" && meaning.options[0] && driver.units) {
    const id = meaning.options[0].id;
    units = Object.prototype.hasOwnProperty.call(driver.units, id) ? driver.units[id] : undefined;
  }
  return {
    driverId: driver.id,
    title: driver.title,
    question: driver.question,
    units: units ?? driver.default,
    reference: driver.reference,
    answered: units !== undefined,
  };
}

export function sizeReadings(ctx: AnswerContext): SizeReading[] {
  return ctx.content.sizing.map((d) => sizeReading(d, ctx));
}

/**
 * The estimate multiplier for a task's declared size shares. Each share of the work grows in
 * proportion to its driver; the rest is fixed. With shares adding up to at most 1 and units > 0,
 * it is always > 0, and it never decreases when an app gets bigger.
 */
function sizeMultiplier(size: Readonly<Record<string, number>>, readings: readonly SizeReading[]): number {
  let m = 1;
  for (const r of readings) {
    const share = Object.prototype.hasOwnProperty.call(size, r.driverId) ? size[r.driverId]! : 0;
    if (share > 0) m += share * (r.units / r.reference - 1);
  }
  return m;
}

function scaled(e: Estimate, k: number): Estimate {
  return { optimistic: e.optimistic * k, likely: e.likely * k, pessimistic: e.pessimistic * k };
}

interface Trigger {
  by: string[];
  /** some answer wants it for sure */
  certain: boolean;
  /** some answered question (unsure included) pulled it in, not only unanswered ones */
  answered: boolean;
}

const phaseRank = (p: Phase) => PHASES.indexOf(p);

export function triggeredTasks(ctx: AnswerContext): TriggeredTask[] {
  const { content } = ctx;
  const triggers = new Map<string, Trigger>();
  const add = (taskId: string, questionId: string, certain: boolean, answered: boolean) => {
    const task = content.tasksById.get(taskId);
    if (!task) return; // the validator rules this out; stale content must not crash a page
    if (ctx.applicable.get(task.area) === false) return;
    const t = triggers.get(taskId) ?? { by: [], certain: false, answered: false };
    if (!t.by.includes(questionId)) t.by.push(questionId);
    t.certain ||= certain;
    t.answered ||= answered;
    triggers.set(taskId, t);
  };
  for (const q of ctx.visible) {
    const meaning = ctx.interpreted.get(q.id);
    if (!meaning) {
      if (q.scored) for (const id of possibleTasks(ctx, q)) add(id, q.id, false, false);
    } else if (meaning.kind === "unsure") {
      if (q.discoveryTask) add(q.discoveryTask, q.id, true, true);
      for (const id of possibleTasks(ctx, q)) add(id, q.id, false, true);
    } else {
      for (const id of certainTasks(meaning)) add(id, q.id, true, true);
    }
  }

  // Packages come with the tasks that use them, in the earliest phase among those tasks.
  const members = new Map<string, Task[]>();
  for (const id of [...triggers.keys()]) {
    const task = content.tasksById.get(id)!;
    if (!task.package || !content.tasksById.has(task.package)) continue;
    const own = triggers.get(id)!;
    const pkg = triggers.get(task.package) ?? { by: [], certain: false, answered: false };
    for (const q of own.by) if (!pkg.by.includes(q)) pkg.by.push(q);
    pkg.certain ||= own.certain;
    pkg.answered ||= own.answered;
    triggers.set(task.package, pkg);
    members.set(task.package, [...(members.get(task.package) ?? []), task]);
  }
  const phaseOf = (task: Task): Phase => {
    const used = members.get(task.id);
    if (!task.shared || !used) return task.phase;
    return PHASES[Math.min(...used.map((t) => phaseRank(t.phase)))]!;
  };

  const depsOf = (task: Task): string[] => {
    const out: string[] = [];
    const seen = new Set<string>([task.id]);
    const walk = (ids: readonly string[]) => {
      for (const id of ids) {
        if (seen.has(id)) continue;
        seen.add(id);
        if (triggers.has(id)) out.push(id);
        else walk(content.tasksById.get(id)?.dependsOn ?? []);
      }
    };
    walk(task.package ? [task.package, ...task.dependsOn] : task.dependsOn);
    return out;
  };

  const readings = sizeReadings(ctx);
  const position = new Map(content.tasks.map((t, i) => [t.id, i]));
  const areaOrder = new Map(content.areas.map((a) => [a.id, a.order]));
  const tasks = [...triggers.keys()].map((id) => content.tasksById.get(id)!);
  const phases = new Map(tasks.map((t) => [t.id, phaseOf(t)]));
  tasks.sort(
    (a, b) =>
      phaseRank(phases.get(a.id)!) - phaseRank(phases.get(b.id)!) ||
      (areaOrder.get(a.area) ?? 0) - (areaOrder.get(b.area) ?? 0) ||
      (position.get(a.id) ?? 0) - (position.get(b.id) ?? 0),
  );
  return tasks.map((task): TriggeredTask => {
    const multiplier = sizeMultiplier(task.size, readings);
    const estimate = scaled(task.estimate, multiplier);
    const trigger = triggers.get(task.id)!;
    return {
      id: task.id,
      area: task.area,
      title: task.title,
      phase: phases.get(task.id)!,
      discovery: task.discovery,
      contingent: !trigger.certain,
      provisional: !trigger.answered,
      shared: task.shared,
      ...(task.package ? { package: task.package } : {}),
      ...(task.shared ? { members: (members.get(task.id) ?? []).map((t) => t.id) } : {}),
      estimate,
      baseEstimate: task.estimate,
      multiplier,
      mean: pertMean(estimate),
      sd: pertSd(estimate),
      triggeredBy: trigger.by,
      dependsOn: depsOf(task),
    };
  });
}
