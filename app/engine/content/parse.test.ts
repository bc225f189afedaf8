import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { contentVersion, formatProblems, parseContent } from "./parse";
import type { Content, ContentProblem, SourceFile } from "./types";

// The fixture is built as plain objects and serialised, so each broken variant is one small
// mutation of a known-good tree. `structuredClone` keeps the variants independent.

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test fixtures are free-form YAML trees

function baseTree(): Record<string, Json> {
  return {
    "intake.yaml": {
      intake: { title: "About your product", summary: "Decides what applies." },
      questions: [
        {
          id: "intake.takes-payments",
          prompt: "Does your app take money?",
          help: "Payments bring their own checks.",
          kind: "yes-no",
          options: [
            { id: "yes", label: "Yes" },
            { id: "no", label: "No" },
          ],
        },
        {
          id: "intake.platforms",
          prompt: "Where can people use your app?",
          help: "Phone apps have their own failure points.",
          kind: "multi",
          options: [
            { id: "web", label: "Web" },
            { id: "ios", label: "iOS" },
            { id: "android", label: "Android" },
          ],
        },
        {
          id: "intake.integration-count",
          prompt: "How many outside services does your app call?",
          help: "Each one can fail on its own.",
          kind: "number",
          min: 0,
          max: 50,
          unit: "integrations",
        },
        { id: "intake.notes", prompt: "Anything else?", help: "Free text.", kind: "text" },
        {
          id: "intake.screens",
          prompt: "How many screens?",
          help: "Size drives the hours.",
          kind: "single",
          options: [
            { id: "few", label: "A few" },
            { id: "many", label: "Many" },
          ],
        },
      ],
    },
    "sizing.yaml": {
      sizing: { summary: "How big the app is." },
      drivers: [
        {
          id: "integrations",
          title: "Outside services",
          question: "intake.integration-count",
          reference: 2,
          default: 3,
        },
        {
          id: "screens",
          title: "Screens",
          question: "intake.screens",
          reference: 10,
          default: 15,
          units: { few: 4, many: 30 },
        },
      ],
    },
    "areas/auth.yaml": {
      area: {
        id: "auth",
        order: 2,
        title: "Authentication & security",
        summary: "Who can get in, and what they can see.",
        discovery: { optimistic: 0.5, likely: 1, pessimistic: 3 },
      },
      questions: [
        {
          id: "auth.password-reset",
          prompt: "Can a user who forgot their password get back in on their own?",
          help: "Locked-out users email you or leave.",
          impact: "Locked-out users email you or leave.",
          kind: "single",
          options: [
            { id: "tested", label: "Yes, tested", readiness: 1 },
            {
              id: "untested",
              label: "Yes, never tested",
              readiness: 0.5,
              risk: "medium",
              tasks: ["auth-reset-tests"],
            },
            {
              id: "none",
              label: "No",
              readiness: 0,
              risk: "high",
              blocker: true,
              tasks: ["auth-password-reset"],
            },
          ],
        },
        {
          id: "auth.mfa",
          prompt: "Can users turn on two-factor sign-in?",
          help: "A stolen password is then not enough.",
          kind: "yes-no",
          showIf: { question: "auth.password-reset", in: ["tested", "untested"] },
          options: [
            { id: "yes", label: "Yes", readiness: 1 },
            { id: "no", label: "No", readiness: 0.5, risk: "medium", tasks: ["auth-mfa"] },
          ],
        },
        {
          id: "auth.session-handling",
          prompt: "How well do sessions survive across devices?",
          help: "Users get logged out at random.",
          kind: "scale",
          options: [
            { id: "poor", label: "Poorly", readiness: 0 },
            { id: "ok", label: "Mostly", readiness: 0.5 },
            { id: "good", label: "Well", readiness: 1 },
          ],
        },
      ],
      tasks: [
        task("auth-password-reset", "launch-blocker"),
        task("auth-reset-tests", "hardening", { dependsOn: ["auth-password-reset"] }),
        task("auth-mfa", "scale", { dependsOn: ["auth-password-reset"] }),
      ],
    },
    "areas/payments.yaml": {
      area: {
        id: "payments",
        order: 1,
        title: "Payments",
        summary: "Taking real money reliably.",
        weight: 1.2,
        applicability: { not: { question: "intake.takes-payments", equals: "no" } },
        discovery: { optimistic: 1, likely: 2, pessimistic: 4 },
      },
      questions: [
        {
          id: "payments.webhooks",
          prompt: "What happens to payment notifications?",
          help: "Unverified notifications can be forged.",
          kind: "multi",
          options: [
            { id: "verified", label: "Signatures verified", readiness: 1 },
            { id: "retried", label: "Retried on failure", readiness: 0.8, tasks: ["payments-retries"] },
            {
              id: "nothing",
              label: "None of these",
              readiness: 0,
              risk: "high",
              exclusive: true,
              tasks: ["payments-webhook-verification"],
            },
          ],
        },
        {
          id: "payments.failed-per-week",
          prompt: "How many payments fail each week?",
          help: "Failed payments are lost revenue.",
          kind: "number",
          min: 0,
          max: 1000,
          bands: [
            { upTo: 0, readiness: 1 },
            { upTo: 1000, readiness: 0.5, risk: "medium", tasks: ["payments-retries"] },
          ],
        },
        {
          id: "payments.provider-notes",
          prompt: "Anything special about your provider?",
          help: "Context for the engineer.",
          kind: "text",
          showIf: { question: "intake.integration-count", gte: 1 },
        },
      ],
      packages: [pkg("payments-groundwork")],
      tasks: [
        task("payments-webhook-verification", "launch-blocker", {
          dependsOn: ["auth-password-reset"],
          package: "payments-groundwork",
        }),
        task("payments-retries", "hardening", {
          size: { integrations: 0.8 },
          package: "payments-groundwork",
        }),
      ],
    },
  };
}

function task(id: string, phase: string, extra: Json = {}): Json {
  return {
    id,
    title: `Do ${id}`,
    description: `Build ${id}.`,
    deliverables: ["Code"],
    acceptance: ["It works"],
    estimate: { optimistic: 1, likely: 2, pessimistic: 4 },
    phase,
    skills: ["backend"],
    ...extra,
  };
}

function pkg(id: string, extra: Json = {}): Json {
  return {
    id,
    title: `Shared ${id}`,
    description: `Set up ${id} once.`,
    deliverables: ["Setup"],
    acceptance: ["Set up"],
    estimate: { optimistic: 1, likely: 2, pessimistic: 3 },
    ...extra,
  };
}

function referenceTree(): Record<string, Json> {
  return {
    "reference/sources.yaml": {
      sources: [
        {
          id: "studio-a",
          publisher: "Studio A",
          title: "What 20 rescues cost",
          url: "https://example.com/a",
          date: "2026-05-10",
          retrieved: "2026-12-02",
          kind: "case-data",
          covered: "Whole prototype-to-production engagements.",
          sample: 20,
          price: { low: 3000, median: 10000, high: 28000, currency: "USD" },
        },
        {
          id: "offer-b",
          publisher: "Offer B",
          title: "Fixed price rescue",
          url: "https://example.com/b",
          date: "unknown",
          retrieved: "2026-12-02",
          kind: "fixed-price-offer",
          covered: "Security and Stripe webhooks.",
          price: { median: 4800, currency: "USD" },
          duration: { median: 2, unit: "weeks" },
        },
      ],
    },
    "reference/classes.yaml": {
      classes: [
        {
          id: "small-paid",
          title: "Small apps taking payments",
          description: "Shops and pre-orders.",
          when: { question: "intake.takes-payments", equals: "yes" },
          launch: { low: 20, median: 40, high: 80 },
          sources: ["studio-a", "offer-b"],
          basis: "Prices divided by $100 an hour.",
        },
        {
          id: "any",
          title: "Anything else",
          description: "The fallback.",
          launch: { low: 10, median: 30, high: 60 },
          sources: ["studio-a"],
          basis: "Prices divided by $100 an hour.",
        },
      ],
    },
  };
}

function toFiles(tree: Record<string, Json>): SourceFile[] {
  return Object.entries(tree).map(([path, data]) => ({ path, text: stringify(data) }));
}

/** Parses a mutated copy of the base fixture. */
function parseWith(mutate: (tree: Record<string, Json>) => void): ContentProblem[] {
  const tree = structuredClone(baseTree());
  mutate(tree);
  const result = parseContent(toFiles(tree));
  if (result.ok) throw new Error("expected problems, got valid content");
  return result.problems;
}

function parseOk(tree = baseTree()): Content {
  const result = parseContent(toFiles(tree));
  if (!result.ok) throw new Error(`expected valid content:\n${formatProblems(result.problems)}`);
  return result.content;
}

/** Asserts the problems are exactly these (file and path equal, reason contains the text). */
function expectExactly(
  problems: ContentProblem[],
  expected: Array<[file: string, path: string | RegExp, reason: string]>,
) {
  const view = formatProblems(problems);
  expect(problems, view).toHaveLength(expected.length);
  for (const [file, path, reason] of expected) {
    const match = problems.find(
      (p) =>
        p.file === file &&
        (typeof path === "string" ? p.path === path : path.test(p.path)) &&
        p.reason.includes(reason),
    );
    expect(match, `missing ${file}: ${path}: ${reason}\nin:\n${view}`).toBeDefined();
  }
}

const AUTH = "areas/auth.yaml";
const PAY = "areas/payments.yaml";
const INTAKE = "intake.yaml";

describe("parseContent on valid content", () => {
  it("resolves areas, questions and tasks", () => {
    const content = parseOk();
    expect(content.areas.map((a) => a.id)).toEqual(["payments", "auth"]); // sorted by order
    expect(content.version).toMatch(/^[0-9a-f]{12}$/);
    expect(content.intake.title).toBe("About your product");
    expect(content.questionsById.size).toBe(5 + 3 + 3);
    const auth = content.areas[1]!;
    expect(auth.weight).toBe(1); // default
    expect(content.areas[0]!.weight).toBe(1.2);
  });

  it("applies question and option defaults", () => {
    const q = parseOk().questionsById.get("auth.password-reset")!;
    expect(q).toMatchObject({ area: "auth", weight: 1, notApplicable: false, scored: true });
    expect(q.options[0]).toEqual({
      id: "tested",
      label: "Yes, tested",
      readiness: 1,
      risk: "none",
      blocker: false,
      tasks: [],
      exclusive: false,
    });
    const intake = parseOk().questionsById.get("intake.takes-payments")!;
    expect(intake).toMatchObject({ area: "intake", scored: false });
    expect(intake.discoveryTask).toBeUndefined();
    expect(intake.options.every((o) => o.readiness === 0)).toBe(true);
  });

  it("marks only choice questions and banded numbers in areas as scored", () => {
    const byId = parseOk().questionsById;
    expect(byId.get("payments.failed-per-week")!.scored).toBe(true);
    expect(byId.get("payments.provider-notes")!.scored).toBe(false);
    expect(byId.get("payments.provider-notes")!.discoveryTask).toBeUndefined();
    expect(byId.get("intake.integration-count")!.scored).toBe(false);
    expect(byId.get("intake.screens")!.scored).toBe(false);
  });

  it("generates a discovery task per scored area question", () => {
    const content = parseOk();
    const discovery = content.tasks.filter((t) => t.discovery);
    expect(discovery.map((t) => t.id).sort()).toEqual(
      [
        "discover.auth.mfa",
        "discover.auth.password-reset",
        "discover.auth.session-handling",
        "discover.payments.failed-per-week",
        "discover.payments.webhooks",
      ].sort(),
    );
    const reset = content.tasksById.get("discover.auth.password-reset")!;
    expect(reset).toMatchObject({
      area: "auth",
      title: "Find out: Can a user who forgot their password get back in on their own?",
      estimate: { optimistic: 0.5, likely: 1, pessimistic: 3 },
      phase: "launch-blocker", // earliest among auth-reset-tests (hardening) and auth-password-reset
      skills: ["discovery"],
      dependsOn: [],
      discovery: true,
      question: "auth.password-reset",
    });
    expect(reset.deliverables.length).toBeGreaterThan(0);
    expect(reset.acceptance.length).toBeGreaterThan(0);
    expect(content.tasksById.get("discover.auth.mfa")!.phase).toBe("scale");
    expect(content.tasksById.get("discover.auth.session-handling")!.phase).toBe("hardening"); // no tasks
    expect(content.tasksById.get("discover.payments.failed-per-week")!.phase).toBe("hardening"); // via bands
    expect(content.questionsById.get("auth.mfa")!.discoveryTask).toBe("discover.auth.mfa");
  });

  it("resolves content tasks with their area, size shares and package", () => {
    const content = parseOk();
    expect(content.tasksById.get("auth-mfa")).toMatchObject({
      area: "auth",
      discovery: false,
      shared: false,
      size: {},
      dependsOn: ["auth-password-reset"],
    });
    expect(content.tasksById.get("payments-retries")).toMatchObject({
      size: { integrations: 0.8 },
      package: "payments-groundwork",
    });
    // tasks are grouped by area in area order, packages first
    expect(content.tasks[0]!.id).toBe("payments-groundwork");
    expect(content.tasks.at(-1)!.area).toBe("auth");
  });

  it("resolves work packages as shared tasks in the earliest phase of the tasks that use them", () => {
    const p = parseOk().tasksById.get("payments-groundwork")!;
    expect(p).toMatchObject({
      shared: true,
      discovery: false,
      area: "payments",
      phase: "launch-blocker", // webhook verification (launch) and retries (hardening) use it
      dependsOn: [],
      estimate: { optimistic: 1, likely: 2, pessimistic: 3 },
    });
  });

  it("resolves size drivers with their defaults", () => {
    const content = parseOk();
    expect(content.sizing).toEqual([
      {
        id: "integrations",
        title: "Outside services",
        question: "intake.integration-count",
        reference: 2,
        default: 3,
        min: 1,
      },
      {
        id: "screens",
        title: "Screens",
        question: "intake.screens",
        reference: 10,
        default: 15,
        min: 1,
        units: { few: 4, many: 30 },
      },
    ]);
  });

  it("is valid without sizing.yaml and reference data (neither is required)", () => {
    const tree = baseTree();
    delete tree["sizing.yaml"];
    delete tree[PAY]!.tasks[1].size;
    const content = parseOk(tree);
    expect(content.sizing).toEqual([]);
    expect(content.reference).toEqual({ sources: [], classes: [] });
  });

  it("resolves reference sources and classes", () => {
    const tree = { ...baseTree(), ...referenceTree() };
    const content = parseOk(tree);
    expect(content.reference.sources.map((s) => s.id)).toEqual(["studio-a", "offer-b"]);
    expect(content.reference.classes[0]).toMatchObject({
      id: "small-paid",
      launch: { low: 20, median: 40, high: 80 },
      sources: ["studio-a", "offer-b"],
      when: { question: "intake.takes-payments", equals: "yes" },
    });
  });

  it("ignores non-YAML files such as README.md", () => {
    const files = [...toFiles(baseTree()), { path: "README.md", text: "# not content" }];
    expect(parseContent(files).ok).toBe(true);
  });

  it("has no undefined-valued keys (clean JSON)", () => {
    const q = parseOk().questionsById.get("auth.session-handling")!;
    expect(Object.values(q).includes(undefined)).toBe(false);
    expect("showIf" in q).toBe(false);
  });
});

describe("content version", () => {
  it("is stable for the same files, whatever their order", () => {
    const files = toFiles(baseTree());
    const a = parseOk().version;
    expect(parseOk().version).toBe(a);
    expect(contentVersion([...files].reverse())).toBe(a);
  });

  it("changes when any text changes", () => {
    const tree = baseTree();
    tree[AUTH]!.questions[0].help = "Locked-out users leave.";
    expect(parseOk(tree).version).not.toBe(parseOk().version);
  });

  it("is the documented hash", async () => {
    const { createHash } = await import("node:crypto");
    const files = toFiles(baseTree()).sort((x, y) => (x.path < y.path ? -1 : 1));
    const hash = createHash("sha256");
    for (const f of files) hash.update(`${f.path}\0${f.text}\0`);
    expect(contentVersion(files)).toBe(hash.digest("hex").slice(0, 12));
  });
});

describe("parseContent rejects", () => {
  it("YAML syntax errors, with the line", () => {
    const files = toFiles(baseTree()).map((f) =>
      f.path === INTAKE ? { ...f, text: `${f.text}\nbad: [unclosed\n` } : f,
    );
    const result = parseContent(files);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    // References into the unreadable intake are not reported on top of the syntax error.
    expect(result.problems.every((p) => p.file === INTAKE)).toBe(true);
    expect(result.problems[0]).toMatchObject({
      file: INTAKE,
      reason: expect.stringContaining("YAML syntax error"),
    });
    expect(result.problems[0]!.path).toMatch(/^line \d+, column \d+$/);
  });

  it("duplicate keys in a mapping", () => {
    const files = toFiles(baseTree()).map((f) =>
      f.path === AUTH ? { ...f, text: f.text.replace("  order: 2\n", "  order: 2\n  order: 3\n") } : f,
    );
    const result = parseContent(files);
    expect(!result.ok && result.problems.some((p) => p.file === AUTH && p.reason.includes("unique"))).toBe(
      true,
    );
  });

  it("unknown keys, at the key", () => {
    expectExactly(
      parseWith((t) => {
        t[AUTH]!.questions[0].promt = "typo";
        t[AUTH]!.area.colour = "red";
      }),
      [
        [AUTH, "questions[0].promt", 'unknown key "promt"'],
        [AUTH, "area.colour", 'unknown key "colour"'],
      ],
    );
  });

  it("missing required fields and wrong types", () => {
    expectExactly(
      parseWith((t) => {
        delete t[AUTH]!.questions[2].help;
        t[PAY]!.tasks[0].estimate.likely = "two";
      }),
      [
        [AUTH, "questions[2].help", "required"],
        [PAY, "tasks[0].estimate.likely", "expected a number, got string"],
      ],
    );
  });

  it("a launch blocker that is not a high risk", () => {
    expectExactly(
      parseWith((t) => (t[AUTH]!.questions[0].options[2].risk = "medium")),
      [[AUTH, "questions[0].options[2].risk", "a launch blocker must be a high risk"]],
    );
  });

  it("a launch blocker whose fix is not in the launch minimum", () => {
    // auth.password-reset › none is a blocker fixed by auth-password-reset (launch-blocker).
    // Triggering only its hardening follow-up leaves the fix out, though that follow-up depends on
    // it: a dependency is a prerequisite, not the fix.
    expectExactly(
      parseWith((t) => (t[AUTH]!.questions[0].options[2].tasks = ["auth-reset-tests"])),
      [
        [
          AUTH,
          "questions[0].options[2].tasks",
          "a launch blocker must trigger at least one launch-blocker task, or the launch minimum leaves out its fix (auth-reset-tests is hardening)",
        ],
      ],
    );
    // Moving the fix itself to a later phase is caught too (beside the launch-blocker task that
    // now waits for hardening work).
    expectExactly(
      parseWith((t) => (t[AUTH]!.tasks[0].phase = "hardening")),
      [
        [AUTH, "questions[0].options[2].tasks", "(auth-password-reset is hardening)"],
        [PAY, "tasks[0].dependsOn[0]", '"auth-password-reset" is hardening work'],
      ],
    );
    // A blocker with no task at all, and a number band marked as a blocker.
    expectExactly(
      parseWith((t) => {
        t[AUTH]!.questions[0].options[2].tasks = [];
        Object.assign(t[PAY]!.questions[1].bands[1], { risk: "high", blocker: true });
      }),
      [
        [AUTH, "questions[0].options[2].blocker", "it triggers no task at all"],
        [PAY, "questions[1].bands[1].tasks", "(payments-retries is hardening)"],
      ],
    );
    // One launch-blocker task among the answer's tasks is enough.
    const tree = baseTree();
    tree[AUTH]!.questions[0].options[2].tasks = ["auth-reset-tests", "auth-password-reset"];
    expect(parseOk(tree).areas).toHaveLength(2);
  });

  it("a bad enum value", () => {
    expectExactly(
      parseWith((t) => (t[AUTH]!.tasks[0].phase = "launch")),
      [[AUTH, "tasks[0].phase", "must be one of launch-blocker | hardening | scale"]],
    );
  });

  it("duplicate area ids (and the file name mismatch that comes with it)", () => {
    const problems = parseWith((t) => {
      t["areas/auth-copy.yaml"] = { ...structuredClone(t[AUTH]!), questions: [], tasks: [] };
      t["areas/auth-copy.yaml"].area.order = 9;
      t["areas/auth-copy.yaml"].questions = [
        { ...structuredClone(t[AUTH]!.questions[2]), id: "auth.session-copy" },
      ];
    });
    expectExactly(problems, [
      [
        "areas/auth-copy.yaml",
        "area.id",
        'area id "auth" does not match the file name (expected "auth-copy")',
      ],
      [AUTH, "area.id", 'duplicate area id "auth" (also in areas/auth-copy.yaml)'],
    ]);
  });

  it("duplicate area order", () => {
    expectExactly(
      parseWith((t) => (t[AUTH]!.area.order = 1)),
      [[PAY, "area.order", "duplicate area order 1"]],
    );
  });

  it("an area id that does not match its file name", () => {
    const problems = parseWith((t) => {
      t["areas/security.yaml"] = t[AUTH]!;
      delete t[AUTH];
    });
    expectExactly(problems, [
      ["areas/security.yaml", "area.id", 'does not match the file name (expected "security")'],
    ]);
  });

  it("duplicate question ids, within and across files", () => {
    expectExactly(
      parseWith((t) => {
        t[AUTH]!.questions[2].id = "auth.password-reset";
        t[PAY]!.questions[2].id = "intake.notes";
      }),
      [
        [
          AUTH,
          "questions[2].id",
          'duplicate question id "auth.password-reset" (first in areas/auth.yaml at questions[0].id)',
        ],
        [
          PAY,
          "questions[2].id",
          'duplicate question id "intake.notes" (first in intake.yaml at questions[3].id)',
        ],
        [PAY, "questions[2].id", 'must start with "payments."'],
      ],
    );
  });

  it("duplicate task ids", () => {
    expectExactly(
      parseWith((t) => t[PAY]!.tasks.push(task("auth-mfa", "scale"))),
      [[PAY, "tasks[2].id", 'duplicate task id "auth-mfa" (first in areas/auth.yaml at tasks[2].id)']],
    );
  });

  it("duplicate option ids within a question", () => {
    expectExactly(
      parseWith((t) => (t[AUTH]!.questions[0].options[2].id = "tested")),
      [[AUTH, "questions[0].options[2].id", 'duplicate option id "tested" (first at options[0])']],
    );
  });

  it("unknown files", () => {
    const problems = parseWith((t) => {
      t["notes.yaml"] = { a: 1 };
      t["areas/extra.yml"] = { a: 1 };
      t["areas/nested/deep.yaml"] = { a: 1 };
      t["reference/other.yaml"] = { a: 1 };
    });
    expectExactly(problems, [
      ["notes.yaml", "(root)", "unknown file"],
      ["areas/extra.yml", "(root)", "use the .yaml extension"],
      ["areas/nested/deep.yaml", "(root)", "unknown file"],
      ["reference/other.yaml", "(root)", "unknown file"],
    ]);
  });

  it("question ids that do not start with their area or intake", () => {
    expectExactly(
      parseWith((t) => {
        t[AUTH]!.questions[2].id = "payments.sessions";
        t[INTAKE]!.questions[3].id = "auth.notes";
      }),
      [
        [AUTH, "questions[2].id", 'question id "payments.sessions" must start with "auth."'],
        [INTAKE, "questions[3].id", 'must start with "intake."'],
      ],
    );
  });

  it("malformed ids", () => {
    expectExactly(
      parseWith((t) => {
        t[AUTH]!.questions[2].id = "auth_sessions";
        t[AUTH]!.tasks[0].skills = ["Back End"];
      }),
      [
        [AUTH, "questions[2].id", 'must look like "<area>.<kebab-case>"'],
        [AUTH, "tasks[0].skills[0]", "kebab-case"],
      ],
    );
  });

  it("unknown task references in options, bands and dependsOn", () => {
    expectExactly(
      parseWith((t) => {
        t[AUTH]!.questions[0].options[2].tasks = ["auth-password-reset", "auth-magic"];
        t[PAY]!.questions[1].bands[1].tasks = ["payments-dunning"];
        t[PAY]!.tasks[0].dependsOn = ["ops-environments"];
      }),
      [
        [AUTH, "questions[0].options[2].tasks[1]", 'unknown task "auth-magic"'],
        [PAY, "questions[1].bands[1].tasks[0]", 'unknown task "payments-dunning"'],
        [PAY, "tasks[0].dependsOn[0]", 'unknown task "ops-environments"'],
      ],
    );
  });

  it("dependency cycles, with the cycle path", () => {
    expectExactly(
      parseWith((t) => {
        t[AUTH]!.tasks[0].dependsOn = ["auth-mfa"];
        // In one phase, so the cycle is the only problem.
        t[AUTH]!.tasks[2].phase = "launch-blocker";
      }),
      [[AUTH, "tasks[2].dependsOn[0]", "dependency cycle: auth-mfa -> auth-password-reset -> auth-mfa"]],
    );
  });

  it("a task that waits for work of a later phase", () => {
    expectExactly(
      parseWith((t) => (t[AUTH]!.tasks[1].dependsOn = ["auth-password-reset", "auth-mfa"])),
      [
        [
          AUTH,
          "tasks[1].dependsOn[1]",
          '"auth-mfa" is scale work, later than this hardening task: a task may depend only on tasks of its own phase or an earlier one',
        ],
      ],
    );
  });

  it("longer cycles across files, and self-dependencies", () => {
    expectExactly(
      parseWith((t) => {
        t[AUTH]!.tasks[0].dependsOn = ["payments-webhook-verification"];
        t[PAY]!.tasks[1].dependsOn = ["payments-retries"];
      }),
      [
        [
          AUTH,
          "tasks[0].dependsOn[0]",
          "dependency cycle: auth-password-reset -> payments-webhook-verification -> auth-password-reset",
        ],
        [PAY, "tasks[1].dependsOn[0]", "dependency cycle: payments-retries -> payments-retries"],
      ],
    );
  });

  it("conditions on unknown questions (showIf and applicability)", () => {
    expectExactly(
      parseWith((t) => {
        t[AUTH]!.questions[1].showIf = {
          all: [
            { question: "auth.password-reset", equals: "tested" },
            { question: "auth.nope", equals: "x" },
          ],
        };
        t[PAY]!.area.applicability = { not: { question: "intake.sells", equals: "no" } };
      }),
      [
        [AUTH, "questions[1].showIf.all[1].question", 'unknown question "auth.nope"'],
        [PAY, "area.applicability.not.question", 'unknown question "intake.sells"'],
      ],
    );
  });

  it("conditions using an option the question does not have", () => {
    expectExactly(
      parseWith((t) => {
        t[AUTH]!.questions[1].showIf = { question: "auth.password-reset", in: ["tested", "maybe"] };
        t[PAY]!.area.applicability = { question: "intake.takes-payments", equals: "sometimes" };
      }),
      [
        [
          AUTH,
          "questions[1].showIf.in[1]",
          'unknown option "maybe" for question "auth.password-reset" (options: tested, untested, none)',
        ],
        [PAY, "area.applicability.equals", 'unknown option "sometimes"'],
      ],
    );
  });

  it("conditions whose operator does not fit the question kind", () => {
    expectExactly(
      parseWith((t) => {
        t[AUTH]!.questions[1].showIf = { question: "auth.password-reset", gte: 1 };
        t[PAY]!.questions[2].showIf = { question: "intake.integration-count", equals: "many" };
      }),
      [
        [
          AUTH,
          "questions[1].showIf.gte",
          'gte/lte need a number question; "auth.password-reset" is a single question',
        ],
        [PAY, "questions[2].showIf.equals", '"intake.integration-count" is a number question'],
      ],
    );
  });

  it("conditions on unsure / not-applicable, or with true/false", () => {
    expectExactly(
      parseWith((t) => {
        t[AUTH]!.questions[1].showIf = { question: "auth.password-reset", equals: "unsure" };
        t[PAY]!.area.applicability = { question: "intake.takes-payments", equals: true };
      }),
      [
        [AUTH, "questions[1].showIf.equals", '"unsure" never matches'],
        [PAY, "area.applicability.equals", 'write "yes"/"no" in quotes'],
      ],
    );
  });

  it("malformed conditions", () => {
    expectExactly(
      parseWith((t) => {
        t[AUTH]!.questions[1].showIf = {
          question: "auth.password-reset",
          equals: "tested",
          in: ["untested"],
        };
        t[AUTH]!.questions[2].showIf = { either: [] };
        t[PAY]!.questions[2].showIf = { any: { question: "intake.notes", equals: "x" } };
      }),
      [
        [AUTH, "questions[1].showIf", "exactly one of equals, in, gte, lte"],
        [AUTH, "questions[2].showIf", "needs either question"],
        [PAY, "questions[2].showIf.any", '"any" must be a list of conditions'],
      ],
    );
  });

  it("applicability or intake showIf on area questions", () => {
    expectExactly(
      parseWith((t) => {
        t[PAY]!.area.applicability = { question: "auth.mfa", equals: "yes" };
        t[INTAKE]!.questions[3].showIf = { question: "payments.webhooks", equals: "verified" };
      }),
      [
        [
          PAY,
          "area.applicability.question",
          'may only refer to intake questions ("auth.mfa" is in area "auth")',
        ],
        [INTAKE, "questions[3].showIf.question", "may only refer to intake questions"],
      ],
    );
  });

  it("essential questions whose condition reads a question the quick path does not ask", () => {
    expectExactly(
      parseWith((t) => {
        // Reading another essential question (auth.mfa) is fine; reading payments.webhooks is not.
        t[AUTH]!.questions[1].essential = true;
        t[AUTH]!.questions[2].essential = true;
        t[AUTH]!.questions[2].showIf = { question: "auth.mfa", equals: "yes" };
        t[AUTH]!.questions[0].essential = true;
        t[AUTH]!.questions[0].showIf = { question: "payments.webhooks", equals: "verified" };
      }),
      [
        [
          AUTH,
          "questions[0].showIf",
          "essential questions can only depend on intake or essential questions; payments.webhooks is neither",
        ],
      ],
    );
  });

  it("showIf cycles", () => {
    expectExactly(
      parseWith((t) => {
        t[AUTH]!.questions[0].showIf = { question: "auth.session-handling", equals: "good" };
        t[AUTH]!.questions[2].showIf = { not: { question: "auth.mfa", equals: "no" } };
      }),
      [
        [
          AUTH,
          "questions[1].showIf",
          "showIf cycle: auth.mfa -> auth.password-reset -> auth.session-handling -> auth.mfa",
        ],
      ],
    );
  });

  it("size shares on unknown drivers, out of range, or adding up to more than the whole estimate", () => {
    expectExactly(
      parseWith((t) => {
        t[PAY]!.tasks[1].size = { integrations: 0.8, screens: 0.5 };
        t[AUTH]!.tasks[0].size = { pages: 0.5 };
        t[AUTH]!.tasks[1].size = { screens: 1.5 };
        t[PAY]!.packages[0].size = { screens: 0 };
      }),
      [
        [PAY, "tasks[1].size", "size shares add up to 1.3"],
        [AUTH, "tasks[0].size.pages", 'unknown size driver "pages" (drivers: integrations, screens)'],
        [AUTH, "tasks[1].size.screens", "a size share must be > 0 and <= 1 (got 1.5)"],
        [PAY, "packages[0].size.screens", "a size share must be > 0 and <= 1 (got 0)"],
      ],
    );
  });

  it("work packages named where a task is expected, and tasks named as packages", () => {
    expectExactly(
      parseWith((t) => {
        t[PAY]!.questions[0].options[1].tasks = ["payments-groundwork"];
        t[AUTH]!.tasks[1].dependsOn = ["payments-groundwork"];
        t[AUTH]!.tasks[2].package = "auth-password-reset";
        t[PAY]!.tasks[0].package = "payments-setup";
      }),
      [
        [PAY, "questions[0].options[1].tasks[0]", '"payments-groundwork" is a work package'],
        [AUTH, "tasks[1].dependsOn[0]", '"payments-groundwork" is a work package'],
        [AUTH, "tasks[2].package", '"auth-password-reset" is a task, not a package'],
        [PAY, "tasks[0].package", 'unknown package "payments-setup"'],
      ],
    );
  });

  it("package ids that clash with task ids", () => {
    expectExactly(
      parseWith((t) => {
        t[PAY]!.packages[0].id = "auth-mfa";
        t[PAY]!.tasks[0].package = "auth-mfa";
        t[PAY]!.tasks[1].package = "auth-mfa";
      }),
      [[PAY, "packages[0].id", 'duplicate task id "auth-mfa" (first in areas/auth.yaml at tasks[2].id)']],
    );
  });

  it("size drivers on the wrong question, with missing or unknown units", () => {
    expectExactly(
      parseWith((t) => {
        const drivers = t["sizing.yaml"]!.drivers;
        drivers[0].units = { few: 1 };
        drivers[1].units = { few: 4, lots: 60 };
        drivers[1].hidden = 0.5;
        drivers.push(
          { id: "platforms", title: "Platforms", question: "intake.platforms", reference: 1, default: 1 },
          { id: "resets", title: "Resets", question: "auth.password-reset", reference: 1, default: 1 },
          {
            id: "screens",
            title: "Again",
            question: "intake.screens",
            reference: 1,
            default: 0.5,
            units: { few: 1, many: 2 },
          },
        );
      }),
      [
        ["sizing.yaml", "drivers[0].units", "units are for choice questions"],
        ["sizing.yaml", "drivers[1].units", 'missing units for option "many" of "intake.screens"'],
        ["sizing.yaml", "drivers[1].hidden", "hidden (0.5) must be >= min (1)"],
        ["sizing.yaml", "drivers[1].hidden", '"intake.screens" has no showIf, so it is never hidden'],
        ["sizing.yaml", "drivers[1].units.lots", 'unknown option "lots" of "intake.screens"'],
        [
          "sizing.yaml",
          "drivers[2].question",
          'a size driver reads a number, single or scale question; "intake.platforms" is multi',
        ],
        [
          "sizing.yaml",
          "drivers[3].question",
          'size is asked in the intake: "auth.password-reset" is in area "auth"',
        ],
        ["sizing.yaml", "drivers[4].id", 'duplicate driver id "screens" (first at drivers[1])'],
        ["sizing.yaml", "drivers[4].default", "default (0.5) must be >= min (1)"],
      ],
    );
  });

  it("reference classes naming unknown sources, conditions outside the intake, ranges out of order", () => {
    expectExactly(
      parseWith((t) => {
        Object.assign(t, referenceTree());
        const classes = t["reference/classes.yaml"]!.classes;
        classes[0].sources = ["studio-a", "studio-z"];
        classes[0].launch = { low: 50, median: 40, high: 80 };
        classes[1].when = { question: "auth.mfa", equals: "no" };
        t["reference/sources.yaml"]!.sources[1].date = "last spring";
        t["reference/sources.yaml"]!.sources[1].url = "example.com/b";
      }),
      [
        ["reference/classes.yaml", "classes[0].sources[1]", 'unknown source "studio-z"'],
        ["reference/classes.yaml", "classes[0].launch", "need low <= median <= high (got 50, 40, 80)"],
        [
          "reference/classes.yaml",
          "classes[1].when.question",
          'may only refer to intake questions ("auth.mfa" is in area "auth")',
        ],
        [
          "reference/sources.yaml",
          "sources[1].date",
          'must be a date written "YYYY", "YYYY-MM" or "YYYY-MM-DD"',
        ],
        ["reference/sources.yaml", "sources[1].url", "must be a full URL"],
      ],
    );
  });

  it("estimates out of order", () => {
    expectExactly(
      parseWith((t) => {
        t[AUTH]!.tasks[0].estimate = { optimistic: 3, likely: 2, pessimistic: 4 };
        t[AUTH]!.tasks[1].estimate = { optimistic: 1, likely: 2, pessimistic: 1.5 };
        t[PAY]!.area.discovery = { optimistic: 0, likely: 1, pessimistic: 2 };
      }),
      [
        [AUTH, "tasks[0].estimate.likely", "estimate out of order: likely (2) < optimistic (3)"],
        [AUTH, "tasks[1].estimate.pessimistic", "estimate out of order: pessimistic (1.5) < likely (2)"],
        [PAY, "area.discovery.optimistic", "optimistic must be > 0"],
      ],
    );
  });

  it("area options without readiness, or readiness outside 0..1", () => {
    expectExactly(
      parseWith((t) => {
        delete t[AUTH]!.questions[0].options[0].readiness;
        t[PAY]!.questions[0].options[1].readiness = 1.5;
        t[PAY]!.questions[1].bands[0].readiness = -0.1;
      }),
      [
        [AUTH, "questions[0].options[0].readiness", "required: options of area questions need readiness"],
        [PAY, "questions[0].options[1].readiness", "readiness must be between 0 and 1"],
        [PAY, "questions[1].bands[0].readiness", "readiness must be between 0 and 1"],
      ],
    );
  });

  it("scale options that are not ordered worst to best", () => {
    expectExactly(
      parseWith((t) => (t[AUTH]!.questions[2].options[2].readiness = 0.25)),
      [[AUTH, "questions[2].options[2].readiness", "scale options go from worst to best"]],
    );
  });

  it("yes-no questions whose options are not exactly yes and no", () => {
    expectExactly(
      parseWith((t) => {
        t[AUTH]!.questions[1].options[1].id = "maybe";
        t[INTAKE]!.questions[0].options.push({ id: "soon", label: "Soon" });
      }),
      [
        [AUTH, "questions[1].options", 'exactly the options "yes" and "no" (found: maybe, yes)'],
        [INTAKE, "questions[0].options", 'exactly the options "yes" and "no"'],
      ],
    );
  });

  it("reserved option ids", () => {
    expectExactly(
      parseWith((t) => {
        t[AUTH]!.questions[0].options[2].id = "unsure";
        t[INTAKE]!.questions[1].options[2].id = "not-applicable";
      }),
      [
        [AUTH, "questions[0].options[2].id", '"unsure" is a reserved option id'],
        [INTAKE, "questions[1].options[2].id", "reserved"],
      ],
    );
  });

  it("choice questions with fewer than 2 options", () => {
    expectExactly(
      parseWith((t) => {
        t[AUTH]!.questions[2].options = [{ id: "good", label: "Well", readiness: 1 }];
        delete t[PAY]!.questions[0].options;
      }),
      [
        [AUTH, "questions[2].options", "a scale question needs at least 2 options"],
        [PAY, "questions[0].options", "a multi question needs at least 2 options"],
      ],
    );
  });

  it("number questions with min > max, options, or bands that do not cover max", () => {
    expectExactly(
      parseWith((t) => {
        t[INTAKE]!.questions[2].min = 60;
        t[PAY]!.questions[1].bands[1].upTo = 500;
        t[INTAKE]!.questions[3].options = [{ id: "a", label: "A" }];
      }),
      [
        [INTAKE, "questions[2].min", "min (60) must be <= max (50)"],
        [PAY, "questions[1].bands[1].upTo", "the last band's upTo (500) must be >= max (1000)"],
        [INTAKE, "questions[3].options", "text questions have no options"],
      ],
    );
  });

  it("fields that only apply to other kinds", () => {
    expectExactly(
      parseWith((t) => {
        t[AUTH]!.questions[0].max = 3;
        t[AUTH]!.questions[0].options[0].exclusive = true;
        t[PAY]!.questions[1].bands[0].upTo = 2000;
      }),
      [
        [AUTH, "questions[0].max", "max is only for number questions"],
        [AUTH, "questions[0].options[0].exclusive", "exclusive is only for multi questions"],
        [PAY, "questions[1].bands[1].upTo", "increasing upTo order"],
      ],
    );
  });

  it("scoring fields on intake questions", () => {
    expectExactly(
      parseWith((t) => {
        t[INTAKE]!.questions[0].options[0].tasks = ["auth-mfa"];
        t[INTAKE]!.questions[0].options[1].risk = "high";
      }),
      [
        [INTAKE, "questions[0].options[0].tasks", "intake questions are not scored"],
        [INTAKE, "questions[0].options[1].risk", "intake questions are not scored"],
      ],
    );
  });

  it("zero areas", () => {
    expectExactly(
      parseWith((t) => {
        delete t[AUTH];
        delete t[PAY];
        t[INTAKE]!.questions.forEach((q: Json) => delete q.showIf);
      }),
      [["areas/", "(root)", "no areas"]],
    );
  });

  it("a missing intake file", () => {
    const problems = parseWith((t) => delete t[INTAKE]);
    expect(problems).toContainEqual({
      file: INTAKE,
      path: "(root)",
      reason: expect.stringContaining("missing"),
    });
  });

  it("reports every problem in every file at once", () => {
    const files = toFiles(baseTree()).map((f) => (f.path === INTAKE ? { ...f, text: "intake: [" } : f));
    const tree = baseTree();
    tree[AUTH]!.tasks[0].estimate.likely = 0.5;
    tree[AUTH]!.questions[0].options[0].readiness = 2;
    tree[PAY]!.tasks[0].dependsOn = ["nope"];
    tree[PAY]!.questions[0].options[0].id = "unsure";
    const mixed = [
      files.find((f) => f.path === INTAKE)!,
      ...toFiles(tree).filter((f) => f.path !== INTAKE),
      { path: "extra.yaml", text: "x: 1" },
    ];
    const result = parseContent(mixed);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expectExactly(result.problems, [
      [INTAKE, /^line /, "YAML syntax error"],
      [AUTH, "tasks[0].estimate.likely", "estimate out of order"],
      [AUTH, "questions[0].options[0].readiness", "between 0 and 1"],
      [PAY, "tasks[0].dependsOn[0]", 'unknown task "nope"'],
      [PAY, "questions[0].options[0].id", "reserved"],
      ["extra.yaml", "(root)", "unknown file"],
    ]);
    // grouped by file
    expect(result.problems.map((p) => p.file)).toEqual([AUTH, AUTH, PAY, PAY, "extra.yaml", INTAKE]);
  });
});

describe("problem locations", () => {
  it("appends the line of the offending node", () => {
    const problems = parseWith((t) => (t[AUTH]!.questions[0].options[1].readiness = 7));
    const files = toFiles(structuredClone(baseTree()));
    const text = files.find((f) => f.path === AUTH)!.text;
    const lineOfReadiness = text.split("\n").findIndex((l) => l.includes("readiness: 0.5")) + 1;
    expect(problems[0]!.reason).toMatch(new RegExp(`\\(line ${lineOfReadiness}\\)$`));
  });

  it("formats one line per problem", () => {
    expect(
      formatProblems([
        { file: "a.yaml", path: "questions[0].id", reason: "bad" },
        { file: "b.yaml", path: "(root)", reason: "worse" },
      ]),
    ).toBe("a.yaml: questions[0].id: bad\nb.yaml: (root): worse");
  });
});

// ---------------------------------------------------------------------------------------------
// Coverage lists (content/coverage/<list>.yaml) and the unsure-intake rule

const COVERAGE = "coverage/sample-list.yaml";

function coverageList(): Json {
  return {
    list: {
      id: "sample-list",
      title: "A sample checklist",
      scope: "Items that apply to a small web MVP.",
      sources: [
        {
          id: "sample",
          publisher: "Example",
          title: "Sample checklist",
          url: "https://example.com/checklist",
          version: "1.0",
          date: "2025-05",
          retrieved: "2026-12-02",
        },
      ],
    },
    items: [
      { ref: "1.1", text: "Passwords can be reset.", asks: ["auth.password-reset"] },
      { ref: "1.2", text: "Reset links are tested.", asks: ["auth.password-reset:tested", "auth.mfa:no"] },
      { ref: "1.3", text: "Sessions are revoked centrally.", gap: "Applies; only a task covers it." },
      { ref: "1.4", text: "XML parsers are hardened.", outOfScope: "These apps parse no XML." },
    ],
  };
}

describe("coverage lists", () => {
  it("resolve with each item's status, and count coverage on applicable items", async () => {
    const tree = baseTree();
    tree[COVERAGE] = coverageList();
    const content = parseOk(tree);
    expect(content.coverage).toHaveLength(1);
    const [list] = content.coverage;
    expect(list!.items.map((i) => i.status)).toEqual(["asked", "asked", "gap", "out-of-scope"]);
    expect(list!.items[2]!.reason).toBe("Applies; only a task covers it.");
    const { coverageStats } = await import("./coverage");
    expect(coverageStats(list!)).toMatchObject({ items: 4, asked: 2, gap: 1, outOfScope: 1 });
    expect(coverageStats(list!).coverage).toBeCloseTo(2 / 3);
  });

  it("are part of the content version", () => {
    const tree = baseTree();
    const without = contentVersion(toFiles(tree));
    tree[COVERAGE] = coverageList();
    expect(contentVersion(toFiles(tree))).not.toBe(without);
  });

  it("reject an item that is neither mapped nor explained, with file, path and reason", () => {
    expectExactly(
      parseWith((t) => {
        t[COVERAGE] = coverageList();
        t[COVERAGE].items[2] = { ref: "1.3", text: "Sessions are revoked centrally." };
      }),
      [[COVERAGE, "items[2]", "neither mapped nor explained"]],
    );
  });

  it("reject mappings to unknown questions or options, and to intake questions", () => {
    expectExactly(
      parseWith((t) => {
        t[COVERAGE] = coverageList();
        t[COVERAGE].items[0].asks = ["auth.pasword-reset"];
        t[COVERAGE].items[1].asks = ["auth.password-reset:sometimes", "intake.takes-payments"];
      }),
      [
        [COVERAGE, "items[0].asks[0]", 'unknown question "auth.pasword-reset"'],
        [COVERAGE, "items[1].asks[0]", 'unknown option "sometimes" of "auth.password-reset"'],
        [COVERAGE, "items[1].asks[1]", "is an intake question"],
      ],
    );
  });

  it("reject items that are both asked and explained, duplicate refs, unknown keys, a mismatched id, a .yml file", () => {
    expectExactly(
      parseWith((t) => {
        t[COVERAGE] = coverageList();
        t[COVERAGE].list.id = "other-list";
        t[COVERAGE].items[0].gap = "Also a gap?";
        t[COVERAGE].items[3].ref = "1.1";
        t[COVERAGE].items[1].mapped = true;
        t["coverage/extra.yml"] = coverageList();
      }),
      [
        [COVERAGE, "list.id", 'does not match the file name (expected "sample-list")'],
        [COVERAGE, "items[0]", "choose one of asks, gap and outOfScope"],
        [COVERAGE, "items[3].ref", 'duplicate ref "1.1"'],
        [COVERAGE, "items[1].mapped", 'unknown key "mapped"'],
        ["coverage/extra.yml", "(root)", "coverage files use the .yaml extension"],
      ],
    );
  });

  it("require a known source on items when the list cites several", () => {
    expectExactly(
      parseWith((t) => {
        t[COVERAGE] = coverageList();
        t[COVERAGE].list.sources.push({ ...t[COVERAGE].list.sources[0], id: "second" });
        for (const item of t[COVERAGE].items) item.source = "sample";
        delete t[COVERAGE].items[0].source;
        t[COVERAGE].items[1].source = "third";
      }),
      [
        [COVERAGE, "items[0].source", "say which one the item comes from"],
        [COVERAGE, "items[1].source", 'unknown source "third"'],
      ],
    );
  });
});

describe("an unsure intake answer never hides a security question or a launch blocker", () => {
  it("rejects a security question shown only for one intake answer", () => {
    expectExactly(
      parseWith(
        (t) => (t[AUTH]!.questions[2].showIf = { question: "intake.platforms", in: ["ios", "android"] }),
      ),
      [[AUTH, "questions[2].showIf", "an unsure or unanswered intake.platforms hides a security question"]],
    );
  });

  it("rejects a question with a launch-blocker option hidden by an unsure intake answer, in any area", () => {
    expectExactly(
      parseWith((t) => {
        t[PAY]!.questions[0].options[2].blocker = true;
        t[PAY]!.questions[0].showIf = { question: "intake.screens", equals: "many" };
      }),
      [
        [
          PAY,
          "questions[0].showIf",
          "an unsure or unanswered intake.screens hides a question that can mark a launch blocker",
        ],
      ],
    );
  });

  it("rejects an area applicability that an unsure answer turns off", () => {
    expectExactly(
      parseWith((t) => {
        t[PAY]!.area.applicability = { question: "intake.takes-payments", equals: "yes" };
        t[PAY]!.questions[0].options[2].blocker = true;
      }),
      [[PAY, "questions[0].id", "an unsure or unanswered intake.takes-payments hides"]],
    );
  });

  it("accepts conditions that hold unless the answer rules the question out, and follow-ups on area answers", () => {
    const tree = baseTree();
    tree[AUTH]!.questions[2].showIf = {
      all: [
        { not: { question: "intake.takes-payments", equals: "no" } },
        { not: { question: "intake.integration-count", lte: 0 } },
      ],
    };
    // auth.mfa waits for an area answer (auth.password-reset): a follow-up, not an intake gate.
    expect(parseOk(tree).questionsById.get("auth.mfa")?.showIf).toBeDefined();
  });

  it("leaves questions alone that are neither security questions nor launch blockers", () => {
    const tree = baseTree();
    tree[PAY]!.questions[0].showIf = { question: "intake.screens", equals: "many" };
    expect(parseOk(tree).questionsById.get("payments.webhooks")?.showIf).toBeDefined();
  });
});

// ---------------------------------------------------------------------------------------------
// Conflicts (content/conflicts.yaml): answers that contradict each other

const CONFLICTS = "conflicts.yaml";

function conflictsFile(): Json {
  return {
    conflicts: [
      {
        id: "no-payments-vs-webhooks",
        when: [
          { question: "intake.takes-payments", equals: "no" },
          { question: "payments.webhooks", in: ["verified", "retried"] },
        ],
        message: "You said the app takes no money, but also that payment notifications are verified.",
      },
      {
        id: "reset-vs-sessions",
        when: [
          { question: "auth.password-reset", equals: "none" },
          {
            all: [
              { question: "auth.session-handling", equals: "good" },
              { question: "auth.mfa", equals: "yes" },
            ],
          },
          { not: { question: "intake.integration-count", gte: 5 } },
        ],
        message: "You said there is no password reset, but also that sign-in is in good shape.",
      },
    ],
  };
}

describe("conflicts", () => {
  it("resolve in file order, with their conditions and message", () => {
    const tree = baseTree();
    tree[CONFLICTS] = conflictsFile();
    const content = parseOk(tree);
    expect(content.conflicts.map((c) => c.id)).toEqual(["no-payments-vs-webhooks", "reset-vs-sessions"]);
    expect(content.conflicts[0]).toEqual({
      id: "no-payments-vs-webhooks",
      when: [
        { question: "intake.takes-payments", equals: "no" },
        { question: "payments.webhooks", in: ["verified", "retried"] },
      ],
      message: "You said the app takes no money, but also that payment notifications are verified.",
    });
  });

  it("are optional", () => {
    expect(parseOk().conflicts).toEqual([]);
  });

  it("are part of the content version", () => {
    const tree = baseTree();
    tree[CONFLICTS] = conflictsFile();
    const before = contentVersion(toFiles(tree));
    tree[CONFLICTS].conflicts[0].message = "You said the app takes no money, but also that it does.";
    expect(contentVersion(toFiles(tree))).not.toBe(before);
  });

  it("reject an option the question does not have, with file, path and reason", () => {
    const problems = parseWith((t) => {
      t[CONFLICTS] = conflictsFile();
      t[CONFLICTS].conflicts[0].when[1].in = ["verified", "signed"];
    });
    expectExactly(problems, [
      [
        CONFLICTS,
        "conflicts[0].when[1].in[1]",
        'unknown option "signed" for question "payments.webhooks" (options: verified, retried, nothing)',
      ],
    ]);
    // The line it sits on, as every content problem says it.
    expect(formatProblems(problems)).toMatch(
      /^conflicts\.yaml: conflicts\[0\]\.when\[1\]\.in\[1\]: unknown option "signed" .* \(line \d+\)$/,
    );
  });

  it("reject unknown questions and options inside all / any / not, and unsure values", () => {
    expectExactly(
      parseWith((t) => {
        t[CONFLICTS] = conflictsFile();
        const when = t[CONFLICTS].conflicts[1].when;
        when[0].question = "auth.pasword-reset";
        when[1].all[1].equals = "maybe";
        when[2].not = { question: "intake.takes-payments", equals: "unsure" };
      }),
      [
        [CONFLICTS, "conflicts[1].when[0].question", 'unknown question "auth.pasword-reset"'],
        [CONFLICTS, "conflicts[1].when[1].all[1].equals", 'unknown option "maybe" for question "auth.mfa"'],
        [CONFLICTS, "conflicts[1].when[2].not.equals", '"unsure" never matches'],
      ],
    );
  });

  it("reject duplicate ids, an empty message, a single condition, hours in the message, unknown keys", () => {
    expectExactly(
      parseWith((t) => {
        t[CONFLICTS] = conflictsFile();
        const [first, second] = t[CONFLICTS].conflicts;
        second.id = first.id;
        first.message = "  ";
        second.when = [second.when[0]];
        second.severity = "high";
        // Valid in every other way: local rules run on elements that pass their schema.
        t[CONFLICTS].conflicts.push({
          id: "quotes-hours",
          when: structuredClone(first.when),
          message: "No reset, yet sign-in is fine: that decides a 12-hour item.",
        });
      }),
      [
        [CONFLICTS, "conflicts[1].id", 'duplicate conflict id "no-payments-vs-webhooks"'],
        [CONFLICTS, "conflicts[0].message", "must not be empty"],
        [CONFLICTS, "conflicts[1].when", "at least 2 conditions"],
        [CONFLICTS, "conflicts[2].message", "don't quote hours"],
        [CONFLICTS, "conflicts[1].severity", 'unknown key "severity"'],
      ],
    );
  });

  it("reject a file without a list of conflicts", () => {
    expectExactly(
      parseWith((t) => {
        t[CONFLICTS] = { conflict: [] };
      }),
      [
        [CONFLICTS, "conflicts", "required"],
        [CONFLICTS, "conflict", 'unknown key "conflict"'],
      ],
    );
  });
});
