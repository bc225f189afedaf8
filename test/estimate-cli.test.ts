// The estimate CLI as a user runs it: a child process on a temp answers file, against a small
// content directory written here (so the test does not move when the real question bank does).

import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

const INTAKE = `
intake:
  title: About your product
  summary: Decides what applies.
questions:
  - id: intake.takes-payments
    prompt: Does your app take money from customers?
    help: Payments bring their own checks.
    kind: yes-no
    options:
      - { id: "yes", label: "Yes" }
      - { id: "no", label: "No" }
`;

const AUTH = `
area:
  id: auth
  order: 1
  title: Authentication & security
  summary: Who can see what.
  weight: 1.3
  discovery: { optimistic: 0.5, likely: 1, pessimistic: 3 }
questions:
  - id: auth.rls
    prompt: Is Row Level Security on for every table?
    help: Without it anyone with the public key can read the database.
    impact: Anyone can read every customer's data.
    kind: yes-no
    options:
      - { id: "yes", label: "Yes", readiness: 1 }
      - { id: "no", label: "No", readiness: 0, risk: high, blocker: true, tasks: [auth-rls] }
  - id: auth.reset
    prompt: Can users reset their password?
    help: Locked-out users leave.
    impact: Locked-out users email you or leave.
    kind: scale
    options:
      - { id: "none", label: "No way back in", readiness: 0, risk: medium, tasks: [auth-reset] }
      - { id: "self-serve", label: "By email link, tested", readiness: 1 }
tasks:
  - id: auth-rls
    title: Lock down the database
    description: Turn on Row Level Security with per-user rules.
    deliverables: [Policies as migrations]
    acceptance: [A second user cannot read the first user's rows]
    estimate: { optimistic: 6, likely: 12, pessimistic: 28 }
    phase: launch-blocker
    skills: [security]
  - id: auth-reset
    title: Password reset
    description: Email-link password reset.
    deliverables: [Reset flow]
    acceptance: [A user can reset their password]
    estimate: { optimistic: 2, likely: 4, pessimistic: 8 }
    dependsOn: [auth-rls]
    phase: hardening
    skills: [backend]
`;

const PAYMENTS = `
area:
  id: payments
  order: 2
  title: Payments
  summary: Taking real money reliably.
  weight: 1.2
  applicability: { not: { question: intake.takes-payments, equals: "no" } }
  discovery: { optimistic: 0.5, likely: 1, pessimistic: 3 }
questions:
  - id: payments.webhooks
    prompt: Are payment webhooks verified?
    help: Forged events can unlock paid features.
    impact: Anyone can fake a payment.
    kind: yes-no
    options:
      - { id: "yes", label: "Yes", readiness: 1 }
      - { id: "no", label: "No", readiness: 0, risk: high, blocker: true, tasks: [payments-webhooks] }
tasks:
  - id: payments-webhooks
    title: Verify payment webhooks
    description: Check signatures on every webhook.
    deliverables: [Signature verification]
    acceptance: [An unsigned event is rejected]
    estimate: { optimistic: 3, likely: 6, pessimistic: 12 }
    phase: launch-blocker
    skills: [payments]
`;

let dir: string;
let contentDir: string;

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(TSX, ["scripts/estimate.ts", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, CONTENT_DIR: contentDir, ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function answersFile(name: string, body: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof body === "string" ? body : JSON.stringify(body));
  return file;
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "finishline-estimate-"));
  contentDir = path.join(dir, "content");
  mkdirSync(path.join(contentDir, "areas"), { recursive: true });
  writeFileSync(path.join(contentDir, "intake.yaml"), INTAKE);
  writeFileSync(path.join(contentDir, "areas", "auth.yaml"), AUTH);
  writeFileSync(path.join(contentDir, "areas", "payments.yaml"), PAYMENTS);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const good = {
  answers: {
    "intake.takes-payments": "yes",
    "auth.rls": "no",
    "auth.reset": "unsure",
    "payments.webhooks": "no",
  },
  settings: { hourlyRate: 120, currency: "EUR" },
};

describe("estimate CLI", () => {
  it("prints the assessment as JSON", () => {
    const r = run([answersFile("good.json", good), "--seed", "42"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.contentVersion).toMatch(/^[0-9a-f]{12}$/);
    expect(out.seed).toBe(42);
    expect(out.completion).toMatchObject({ answered: 4, total: 4, percent: 100 });
    expect(out.overall).toMatchObject({ score: 0, level: "Prototype" });
    expect(out.areas.map((a: { id: string }) => a.id)).toEqual(["auth", "payments"]);
    expect(out.areas[0]).toMatchObject({
      id: "auth",
      title: "Authentication & security",
      applicable: true,
      score: 0,
    });
    expect(out.areas[0].risks.high).toEqual([
      expect.objectContaining({
        questionId: "auth.rls",
        title: "Is Row Level Security on for every table?",
        impact: "Anyone can read every customer's data.",
      }),
    ]);
    expect(out.areas[0].risks.medium).toEqual([]);
    expect(out.blockers.map((b: { questionId: string; title: string }) => b.questionId)).toEqual([
      "auth.rls",
      "payments.webhooks",
    ]);
    expect(out.blockers[0].title).toBe("Is Row Level Security on for every table?");
    const { hours, weeks, cost } = out.effort;
    expect(Object.keys(hours)).toEqual(["mean", "p10", "p50", "p80", "p90"]);
    expect(hours.p10).toBeLessThanOrEqual(hours.p50);
    expect(hours.p50).toBeLessThanOrEqual(hours.p90);
    expect(weeks.p50).toBeLessThanOrEqual(weeks.p90);
    expect(Number.isInteger(hours.p50 * 10)).toBe(true);
    expect(cost.currency).toBe("EUR");
    expect(Number.isInteger(cost.p50)).toBe(true);
    expect(Math.abs(cost.p90 - hours.p90 * 120)).toBeLessThanOrEqual(12);
    expect(out.tasks.map((t: { id: string }) => t.id)).toEqual([
      "auth-rls",
      "payments-webhooks",
      "auth-reset",
      "discover.auth.reset",
    ]);
    expect(out.tasks[0]).toMatchObject({
      id: "auth-rls",
      area: "auth",
      phase: "launch-blocker",
      estimate: { optimistic: 6, likely: 12, pessimistic: 28 },
      mean: 13.7,
    });
    expect(out.tasks[2]).toMatchObject({ id: "auth-reset", contingent: true });
    expect(out.narrowers[0]).toMatchObject({ questionId: "auth.reset", state: "unsure" });
    // Same seed, same bytes.
    expect(run([answersFile("good.json", good), "--seed=42"]).stdout).toBe(r.stdout);
  });

  it("fills missing settings with defaults", () => {
    const r = run([answersFile("defaults.json", { answers: { "auth.rls": "yes" } })]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.settings).toMatchObject({ hourlyRate: 100, currency: "USD", teamSize: 1, weeklyCapacity: 30 });
    // The open questions are priced as their worst answers, and the result says it is provisional.
    expect(out.provisional).toMatchObject({ provisional: true, answered: 1 });
    expect(out.tasks.length).toBeGreaterThan(0);
    expect(out.tasks.every((t: { provisional: boolean }) => t.provisional)).toBe(true);
  });

  it.each([
    ["malformed JSON", "{ answers: ", /bad\.json: malformed JSON/],
    ["a wrong shape", { answers: ["auth.rls"] }, /bad\.json: answers: Expected object, received array/],
    [
      "a bad settings value",
      { answers: {}, settings: { currency: "EURO", teamSize: 0 } },
      /settings\["currency"\]: expected a currency code[\s\S]*settings\["teamSize"\]/,
    ],
    [
      "an unknown question",
      { answers: { "auth.nope": "yes" } },
      /answers\["auth\.nope"\]: unknown question "auth\.nope"/,
    ],
    [
      "an option not in the question",
      { answers: { "auth.rls": "maybe" } },
      /answers\["auth\.rls"\]: "maybe" is not an option of this question \(options: yes, no\)/,
    ],
    [
      "a value of the wrong type",
      { answers: { "auth.rls": true } },
      /answers\["auth\.rls"\]: expected an option id/,
    ],
  ])("rejects %s, naming the problem", (_name, body, message) => {
    const r = run([answersFile("bad.json", body)]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
  });

  it("names an unreadable file", () => {
    const r = run([path.join(dir, "missing.json")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/missing\.json: cannot read the file \(no such file\)/);
  });

  it("names invalid content", () => {
    const r = run([answersFile("ok.json", good)], { CONTENT_DIR: path.join(dir, "nowhere") });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/content directory not found/);
  });

  it("explains its usage", () => {
    expect(run([]).status).toBe(2);
    expect(run([]).stderr).toMatch(/usage: npm run --silent estimate -- ANSWERS.json/);
    expect(run(["a.json", "--seed", "x"]).stderr).toMatch(/--seed needs a whole number/);
  });
});
