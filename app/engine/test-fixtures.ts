// Small in-code Content builders for engine tests, so they do not depend on the real question bank.
// Defaults mirror the content loader (docs/content-format.md): scored area questions get a
// generated discover.<id> task priced by the area's discovery estimate.

import { INTAKE_AREA } from "./intake-ids";
import type {
  Area,
  Band,
  Condition,
  Conflict,
  Content,
  Estimate,
  Option,
  Phase,
  Question,
  QuestionKind,
  ReferenceClass,
  ReferenceSource,
  Risk,
  SizeDriver,
  Task,
} from "./content/types";
import { PHASES } from "./content/types";

interface OptionSpec {
  id: string;
  label?: string;
  readiness?: number;
  risk?: Risk;
  blocker?: boolean;
  finding?: string;
  tasks?: string[];
  exclusive?: boolean;
}

export interface QuestionSpec {
  id: string;
  kind?: QuestionKind;
  prompt?: string;
  impact?: string;
  weight?: number;
  notApplicable?: boolean;
  essential?: boolean;
  showIf?: Condition;
  options?: OptionSpec[];
  min?: number;
  max?: number;
  unit?: string;
  bands?: Array<Partial<Band> & { upTo: number; readiness: number }>;
}

interface TaskSpec {
  id: string;
  /** [optimistic, likely, pessimistic] */
  estimate?: [number, number, number];
  dependsOn?: string[];
  phase?: Phase;
  /** driver id -> share of the estimate that grows with it */
  size?: Record<string, number>;
  /** the work package it builds on */
  package?: string;
  title?: string;
}

export interface AreaSpec {
  id: string;
  title?: string;
  weight?: number;
  applicability?: Condition;
  discovery?: [number, number, number];
  questions: QuestionSpec[];
  tasks?: TaskSpec[];
  /** work packages (phase and dependsOn are ignored) */
  packages?: TaskSpec[];
}

function est([o, m, p]: [number, number, number]): Estimate {
  return { optimistic: o, likely: m, pessimistic: p };
}

function option(spec: OptionSpec): Option {
  return {
    id: spec.id,
    label: spec.label ?? spec.id,
    readiness: spec.readiness ?? 0,
    risk: spec.risk ?? "none",
    blocker: spec.blocker ?? false,
    ...(spec.finding !== undefined ? { finding: spec.finding } : {}),
    tasks: spec.tasks ?? [],
    exclusive: spec.exclusive ?? false,
  };
}

function question(spec: QuestionSpec, area: string): Question {
  const kind = spec.kind ?? "single";
  const isIntake = area === INTAKE_AREA;
  const scored =
    !isIntake &&
    (["single", "multi", "scale", "yes-no"].includes(kind) || (kind === "number" && !!spec.bands));
  return {
    id: spec.id,
    area,
    prompt: spec.prompt ?? `Prompt of ${spec.id}?`,
    help: `Help for ${spec.id}.`,
    ...(spec.impact !== undefined ? { impact: spec.impact } : { impact: `Impact of ${spec.id}.` }),
    kind,
    weight: spec.weight ?? 1,
    notApplicable: spec.notApplicable ?? false,
    essential: spec.essential ?? false,
    ...(spec.showIf ? { showIf: spec.showIf } : {}),
    options: (spec.options ?? []).map(option),
    ...(spec.min !== undefined ? { min: spec.min } : {}),
    ...(spec.max !== undefined ? { max: spec.max } : {}),
    ...(spec.unit !== undefined ? { unit: spec.unit } : {}),
    ...(spec.bands
      ? {
          bands: spec.bands.map((b) => ({
            upTo: b.upTo,
            readiness: b.readiness,
            risk: b.risk ?? "none",
            blocker: b.blocker ?? false,
            ...(b.finding !== undefined ? { finding: b.finding } : {}),
            tasks: b.tasks ?? [],
          })),
        }
      : {}),
    scored,
    ...(scored ? { discoveryTask: `discover.${spec.id}` } : {}),
  };
}

/** A yes/no question whose "no" is a high risk that triggers `tasks` (and optionally blocks launch). */
export function yesNo(
  id: string,
  tasks: string[] = [],
  extra: Partial<QuestionSpec> & { blocker?: boolean } = {},
): QuestionSpec {
  const { blocker, ...rest } = extra;
  return {
    id,
    kind: "yes-no",
    options: [
      { id: "yes", readiness: 1 },
      { id: "no", readiness: 0, risk: "high", blocker: blocker ?? false, tasks },
    ],
    ...rest,
  };
}

export function buildContent(spec: {
  intake?: QuestionSpec[];
  areas: AreaSpec[];
  sizing?: SizeDriver[];
  reference?: { sources: ReferenceSource[]; classes: ReferenceClass[] };
  conflicts?: Conflict[];
}): Content {
  const intakeQuestions = (spec.intake ?? []).map((q) => question(q, INTAKE_AREA));
  const areas: Area[] = spec.areas.map((a, i) => ({
    id: a.id,
    order: i + 1,
    title: a.title ?? `Area ${a.id}`,
    summary: `Summary of ${a.id}.`,
    weight: a.weight ?? 1,
    ...(a.applicability ? { applicability: a.applicability } : {}),
    discovery: est(a.discovery ?? [0.5, 1, 3]),
    questions: a.questions.map((q) => question(q, a.id)),
  }));
  const contentTasks: Task[] = spec.areas.flatMap((a) =>
    (a.tasks ?? []).map((t) => ({
      id: t.id,
      area: a.id,
      title: t.title ?? `Task ${t.id}`,
      description: `Does ${t.id}.`,
      deliverables: ["it"],
      acceptance: ["it works"],
      estimate: est(t.estimate ?? [2, 4, 8]),
      size: t.size ?? {},
      dependsOn: t.dependsOn ?? [],
      phase: t.phase ?? "hardening",
      skills: [],
      ...(t.package ? { package: t.package } : {}),
      shared: false,
      discovery: false,
    })),
  );
  const phaseOf = new Map(contentTasks.map((t) => [t.id, t.phase]));
  const packages: Task[] = spec.areas.flatMap((a) =>
    (a.packages ?? []).map((p) => {
      const used = new Set(contentTasks.filter((t) => t.package === p.id).map((t) => t.phase));
      return {
        id: p.id,
        area: a.id,
        title: p.title ?? `Package ${p.id}`,
        description: `Shared setup ${p.id}.`,
        deliverables: ["it"],
        acceptance: ["it works"],
        estimate: est(p.estimate ?? [1, 2, 4]),
        size: p.size ?? {},
        dependsOn: [],
        phase: PHASES.find((ph) => used.has(ph)) ?? "hardening",
        skills: [],
        shared: true,
        discovery: false,
      };
    }),
  );
  const tasks: Task[] = areas.flatMap((area) => [
    ...packages.filter((t) => t.area === area.id),
    ...contentTasks.filter((t) => t.area === area.id),
    ...area.questions
      .filter((q) => q.discoveryTask)
      .map((q): Task => {
        const phases = new Set(
          [...q.options.flatMap((o) => o.tasks), ...(q.bands ?? []).flatMap((b) => b.tasks)].flatMap(
            (id) => phaseOf.get(id) ?? [],
          ),
        );
        return {
          id: q.discoveryTask!,
          area: area.id,
          title: `Find out: ${q.prompt}`,
          description: "Find out.",
          deliverables: ["an answer"],
          acceptance: ["answered from evidence"],
          estimate: area.discovery,
          size: {},
          dependsOn: [],
          phase: PHASES.find((p) => phases.has(p)) ?? "hardening",
          skills: ["discovery"],
          shared: false,
          discovery: true,
          question: q.id,
        };
      }),
  ]);
  const questions = [...intakeQuestions, ...areas.flatMap((a) => a.questions)];
  return {
    version: "test00000000",
    intake: { title: "About", summary: "Intake.", questions: intakeQuestions },
    areas,
    tasks,
    sizing: spec.sizing ?? [],
    reference: spec.reference ?? { sources: [], classes: [] },
    coverage: [],
    conflicts: spec.conflicts ?? [],
    questionsById: new Map(questions.map((q) => [q.id, q])),
    tasksById: new Map(tasks.map((t) => [t.id, t])),
  };
}

/**
 * A small but complete product: payments applies only when the product takes payments, a number
 * question with bands, a task sized per integration, a multi question, dependencies.
 */
export function sampleContent(): Content {
  return buildContent({
    sizing: [
      {
        id: "integrations",
        title: "Integrations",
        question: "intake.integrations",
        reference: 1,
        default: 2,
        min: 1,
      },
    ],
    intake: [
      { id: "intake.takes-payments", kind: "yes-no", options: [{ id: "yes" }, { id: "no" }] },
      { id: "intake.integrations", kind: "number", min: 0, max: 50 },
      { id: "intake.notes", kind: "text" },
    ],
    areas: [
      {
        id: "auth",
        weight: 2,
        questions: [
          yesNo("auth.rls", ["auth-rls", "auth-tests"], { weight: 2, blocker: true }),
          {
            id: "auth.reset",
            kind: "scale",
            notApplicable: true,
            options: [
              {
                id: "none",
                readiness: 0,
                risk: "high",
                tasks: ["auth-reset"],
                finding: "Locked-out users leave.",
              },
              { id: "manual", readiness: 0.5, risk: "medium", tasks: ["auth-reset"] },
              { id: "self-serve", readiness: 1 },
            ],
          },
          {
            id: "auth.safeguards",
            kind: "multi",
            options: [
              { id: "rate-limit", readiness: 0.6, risk: "medium", tasks: ["auth-rate-limit"] },
              { id: "mfa", readiness: 0.8 },
              { id: "all", readiness: 1, exclusive: true },
            ],
          },
        ],
        tasks: [
          { id: "auth-rls", estimate: [6, 12, 28], phase: "launch-blocker" },
          { id: "auth-tests", estimate: [3, 6, 12], dependsOn: ["auth-rls"], phase: "launch-blocker" },
          { id: "auth-reset", estimate: [2, 4, 8] },
          { id: "auth-rate-limit", estimate: [2, 3, 6], dependsOn: ["ops-ci"] },
        ],
      },
      {
        id: "payments",
        weight: 1.5,
        applicability: { question: "intake.takes-payments", equals: "yes" },
        questions: [yesNo("payments.webhooks", ["payments-webhooks"], { blocker: true })],
        tasks: [{ id: "payments-webhooks", estimate: [3, 6, 12], phase: "launch-blocker" }],
      },
      {
        id: "apis",
        questions: [
          {
            id: "apis.retries",
            kind: "number",
            min: 0,
            max: 100,
            bands: [
              { upTo: 0, readiness: 1 },
              { upTo: 100, readiness: 0.4, risk: "medium", tasks: ["apis-retries"] },
            ],
          },
        ],
        tasks: [
          {
            id: "apis-retries",
            estimate: [1, 2, 4],
            size: { integrations: 1 },
          },
        ],
      },
      {
        id: "ops",
        questions: [
          yesNo("ops.ci", ["ops-ci"]),
          yesNo("ops.monitoring", ["ops-monitoring"], { showIf: { question: "ops.ci", equals: "yes" } }),
        ],
        tasks: [
          { id: "ops-env", estimate: [2, 4, 8] },
          { id: "ops-ci", estimate: [4, 8, 16], dependsOn: ["ops-env"] },
          { id: "ops-monitoring", estimate: [3, 5, 10], dependsOn: ["ops-ci"] },
        ],
      },
    ],
  });
}
