// Scope: the tasks the answers call for.
//
// - A chosen option (every selected option of a multi answer, the matching band of a number
//   answer) triggers its tasks. A task triggered by several answers appears once and records them all.
// - "I'm not sure" triggers the question's discovery task, and also every task the question's
//   options could trigger, marked contingent. Unsure scores as the worst answer (readiness 0); it is
//   priced the same way, as the worst case until someone finds out. Otherwise answering "I'm not
//   sure" would make a product look cheaper to finish than answering honestly "no", and resolving
//   an unsure answer could only ever add work. Contingent tasks drop out when the answer turns out
//   fine; "what would narrow this range" shows which ones matter.
// - Tasks of areas that do not apply, and anything triggered by hidden questions, contribute nothing.
// - Scaled tasks (per integration, per screen…) multiply their estimate by the number answer,
//   clamped to the task's min..max; an unanswered or unsure number uses the task's default.
// - Dependencies are kept between triggered tasks only, passing through untriggered ones: if A
//   waits for B and B waits for C, and only A and C are triggered, A still waits for C.

import type { Estimate, Question, Task } from "./content/types";
import { PHASES } from "./content/types";
import type { TriggeredTask } from "./assessment-types";
import type { AnswerContext, Interpreted } from "./answers";
import { pertMean, pertSd } from "./simulate";

/** Task ids an answer triggers for sure. */
function certainTasks(meaning: Interpreted): string[] {
  if (meaning.kind === "options") return meaning.options.flatMap((o) => o.tasks);
  if (meaning.kind === "number" && meaning.band) return meaning.band.tasks;
  return [];
}

/** Every task any answer to the question could trigger (the worst case of an unsure answer). */
export function possibleTasks(q: Question): string[] {
  return [...q.options.flatMap((o) => o.tasks), ...(q.bands ?? []).flatMap((b) => b.tasks)];
}

export function scaleMultiplier(task: Pick<Task, "scaleBy">, ctx: AnswerContext): number {
  const scale = task.scaleBy;
  if (!scale) return 1;
  const meaning = ctx.interpreted.get(scale.question);
  const value = meaning?.kind === "number" ? meaning.value : scale.default;
  return Math.min(scale.max, Math.max(scale.min, value));
}

function scaled(e: Estimate, k: number): Estimate {
  return { optimistic: e.optimistic * k, likely: e.likely * k, pessimistic: e.pessimistic * k };
}

interface Trigger {
  by: string[];
  certain: boolean;
}

export function triggeredTasks(ctx: AnswerContext): TriggeredTask[] {
  const { content } = ctx;
  const triggers = new Map<string, Trigger>();
  const add = (taskId: string, questionId: string, certain: boolean) => {
    const task = content.tasksById.get(taskId);
    if (!task) return; // the validator rules this out; stale content must not crash a page
    if (ctx.applicable.get(task.area) === false) return;
    const t = triggers.get(taskId) ?? { by: [], certain: false };
    if (!t.by.includes(questionId)) t.by.push(questionId);
    t.certain ||= certain;
    triggers.set(taskId, t);
  };
  for (const q of ctx.visible) {
    const meaning = ctx.interpreted.get(q.id);
    if (!meaning) continue;
    if (meaning.kind === "unsure") {
      if (q.discoveryTask) add(q.discoveryTask, q.id, true);
      for (const id of possibleTasks(q)) add(id, q.id, false);
    } else {
      for (const id of certainTasks(meaning)) add(id, q.id, true);
    }
  }

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
    walk(task.dependsOn);
    return out;
  };

  const position = new Map(content.tasks.map((t, i) => [t.id, i]));
  const areaOrder = new Map(content.areas.map((a) => [a.id, a.order]));
  const tasks = [...triggers.keys()].map((id) => content.tasksById.get(id)!);
  tasks.sort(
    (a, b) =>
      PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase) ||
      (areaOrder.get(a.area) ?? 0) - (areaOrder.get(b.area) ?? 0) ||
      (position.get(a.id) ?? 0) - (position.get(b.id) ?? 0),
  );
  return tasks.map((task): TriggeredTask => {
    const multiplier = scaleMultiplier(task, ctx);
    const estimate = scaled(task.estimate, multiplier);
    const trigger = triggers.get(task.id)!;
    return {
      id: task.id,
      area: task.area,
      title: task.title,
      phase: task.phase,
      discovery: task.discovery,
      contingent: !trigger.certain,
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
