// The content CLIs as a user runs them: a child process, its exit code and its output.

import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "..");
const tsx = path.join(root, "node_modules", ".bin", "tsx");

function run(script: string, ...args: string[]) {
  const result = spawnSync(tsx, [path.join("scripts", script), ...args], {
    cwd: root,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("content:check on test/fixtures/content-broken", () => {
  const { code, stdout, stderr } = run("content-check.ts", "test/fixtures/content-broken");
  const lines = stderr.split("\n");

  it("exits 1 and prints nothing on stdout", () => {
    expect(code).toBe(1);
    expect(stdout).toBe("");
  });

  // One entry per deliberate error in the fixture: file, path, and a piece of the reason.
  it.each([
    ["areas/auth.yaml", "questions[0].options[0].readiness", "readiness must be between 0 and 1"],
    ["areas/auth.yaml", "questions[0].options[1].id", '"unsure" is a reserved option id'],
    ["areas/auth.yaml", "questions[0].options[2].tasks[1]", 'unknown task "auth-magic-link"'],
    ["areas/auth.yaml", "questions[1].showIf.question", 'unknown question "auth.pasword-reset"'],
    ["areas/auth.yaml", "tasks[0].estimate.likely", "estimate out of order"],
    [
      "areas/auth.yaml",
      "tasks[1].dependsOn[0]",
      "dependency cycle: auth-mfa -> auth-password-reset -> auth-mfa",
    ],
    [
      "areas/auth.yaml",
      "tasks[0].dependsOn[0]",
      '"auth-mfa" is hardening work, later than this launch-blocker task',
    ],
    ["areas/ops.yml", "(root)", "unknown file"],
    ["areas/payments.yaml", "area.id", 'area id "billing" does not match the file name'],
    ["areas/payments.yaml", "area.applicability.equals", 'unknown option "sometimes"'],
    ["areas/payments.yaml", "questions[0].options[0].readiness", "required"],
    ["intake.yaml", "questions[0].options", 'exactly the options "yes" and "no"'],
    ["intake.yaml", "questions[1].min", "min (100) must be <= max (10)"],
    ["coverage/sample-list.yaml", "items[1]", "neither mapped nor explained"],
    ["coverage/sample-list.yaml", "items[2].asks[0]", 'unknown question "auth.two-step"'],
  ])("reports %s: %s", (file, where, reason) => {
    const prefix = `${file}: ${where}: `;
    const line = lines.find((l) => l.startsWith(prefix));
    expect(line, stderr).toBeDefined();
    expect(line).toContain(reason);
  });

  it("reports nothing else", () => {
    expect(lines.filter((l) => /^\S+: \S+: /.test(l))).toHaveLength(15);
    expect(stderr).toContain("15 problems in test/fixtures/content-broken");
  });
});

describe("content CLIs on content/", () => {
  it("content:check passes", () => {
    const { code, stdout, stderr } = run("content-check.ts");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^Content OK: 6 areas, \d+ questions, \d+ tasks, \d+ conflicts \(version [0-9a-f]{12}\)\nEvidence rules OK: \d+ rules \(version [0-9a-f]{12}\)\n$/,
    );
  });

  it("content:dump prints the resolved content as JSON", () => {
    const { code, stdout } = run("content-dump.ts", "content");
    expect(code).toBe(0);
    const dump = JSON.parse(stdout) as {
      version: string;
      areas: Array<{
        id: string;
        questions: Array<{ id: string; options: Array<{ readiness: number; tasks: string[] }> }>;
      }>;
      intake: Array<{ id: string }>;
      tasks: Array<{ id: string; estimate: { likely: number }; dependsOn: string[] }>;
    };
    expect(dump.version).toMatch(/^[0-9a-f]{12}$/);
    expect(dump.areas).toHaveLength(6);
    expect(dump.intake.every((q) => q.id.startsWith("intake."))).toBe(true);
    expect(dump.tasks.some((t) => t.id.startsWith("discover."))).toBe(true);
    expect(dump.tasks.every((t) => Array.isArray(t.dependsOn) && t.estimate.likely > 0)).toBe(true);
  });

  it("content:coverage prints every list at or above 85% of its applicable items", () => {
    const { code, stdout, stderr } = run("content-coverage.ts");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const rows = stdout.split("\n").filter((l) => /^(ok|LOW) /.test(l));
    expect(rows.length).toBeGreaterThanOrEqual(5);
    for (const row of rows) {
      expect(row, row).toMatch(/^ok {2}/);
      expect(Number(/(\d+)%/.exec(row)?.[1]), row).toBeGreaterThanOrEqual(85);
    }
    for (const id of [
      "owasp-asvs-5-l1",
      "supabase-production",
      "stripe-go-live",
      "nextjs-production-cwv",
      "ai-built-apps-community",
    ])
      expect(stdout, id).toContain(` ${id}: `);
  });

  it("content:coverage fails on content with an unmapped item", () => {
    const { code, stderr } = run("content-coverage.ts", "test/fixtures/content-broken");
    expect(code).toBe(1);
    expect(stderr).toContain("coverage/sample-list.yaml: items[1]: neither mapped nor explained");
  });

  it("content:dump fails with the problems on broken content", () => {
    const { code, stdout, stderr } = run("content-dump.ts", "test/fixtures/content-broken");
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toContain("intake.yaml: questions[1].min:");
  });
});
