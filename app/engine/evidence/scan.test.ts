import { describe, expect, it } from "vitest";

import { readDirectory } from "~/evidence/read-dir.server";

import { realContent } from "../../../test/support/content";
import { rule } from "../../../test/support/evidence";
import {
  AI_BUILT_FINDINGS,
  AI_BUILT_NOTES,
  AI_BUILT_SUGGESTIONS,
  CLEAN_NOTES,
  CLEAN_SUGGESTIONS,
  PLANTED_SECRETS,
  realRules,
} from "../../../test/support/evidence";

import { redact } from "./redact";
import { ScanTimeoutError, excerptAt, scanFiles } from "./scan";
import { notesFrom, suggestAnswers } from "./suggest";
import type { EvidenceRule, EvidenceRuleSet, ScanFile } from "./types";

const content = realContent();
const rules = realRules();

function scanFixture(name: string) {
  const { files } = readDirectory(`test/fixtures/repos/${name}`);
  const result = scanFiles(files, rules);
  return {
    result,
    suggestions: suggestAnswers(result.findings, content),
    notes: notesFrom(result.findings, content).map((n) => [n.question, n.evidence.map((f) => f.ruleId)]),
  };
}

describe("the example repositories", () => {
  it("AI-built app: exactly the expected suggestions, worst evidence first", () => {
    const { suggestions } = scanFixture("ai-built");
    expect(suggestions.map((s) => [s.question, s.option, s.confidence])).toEqual(AI_BUILT_SUGGESTIONS);
  });

  it("AI-built app: findings that do not decide an answer are notes on their questions, not suggestions", () => {
    const { notes } = scanFixture("ai-built");
    expect(notes).toEqual(AI_BUILT_NOTES);
  });

  it("AI-built app: every finding with its file and line", () => {
    const { result } = scanFixture("ai-built");
    expect(result.findings.map((f) => [f.ruleId, f.file, f.line])).toEqual(AI_BUILT_FINDINGS);
    expect(result.stats).toMatchObject({ files: 16, scanned: 16, findings: AI_BUILT_FINDINGS.length });
  });

  it("AI-built app: the secrets-in-browser suggestion carries its evidence, redacted", () => {
    const { suggestions } = scanFixture("ai-built");
    const secrets = suggestions.find((s) => s.question === "auth.secrets-in-browser")!;
    expect(secrets.evidenceCount).toBe(5);
    // The most damaging first (rule order, content/evidence/secrets.yaml): results and the PDFs name
    // the first place, and a key that opens the whole database must not stand behind an AI key.
    expect(secrets.evidence.map((f) => `${f.file}:${f.line} ${f.excerpt}`)).toEqual([
      "src/lib/admin.ts:6 import.meta.env.VITE_SUPABASE_SERVICE_ROLE_KEY,",
      'src/lib/ai.ts:4 apiKey: "sk-proj-[REDACTED]",',
      ".env:4 VITE_STRIPE_SECRET_KEY=sk_live_[REDACTED]",
      "src/pages/Checkout.tsx:4 const stripe = new Stripe(import.meta.env.VITE_STRIPE_SECRET_KEY);",
      'src/pages/Checkout.tsx:1 import Stripe from "stripe";',
    ]);
  });

  it("never shows a planted secret in any excerpt", () => {
    const { result } = scanFixture("ai-built");
    const all = JSON.stringify(result);
    for (const secret of PLANTED_SECRETS) expect(all).not.toContain(secret);
    expect(all).toContain("[REDACTED]");
  });

  it("clean app: the stack is suggested; good practices are notes, since none proves the best option", () => {
    const { suggestions, notes, result } = scanFixture("clean");
    expect(suggestions.map((s) => [s.question, s.option, s.confidence])).toEqual(CLEAN_SUGGESTIONS);
    expect(notes).toEqual(CLEAN_NOTES);
    expect(result.findings.some((f) => f.question === "auth.secrets-in-browser")).toBe(false);
  });
});

const set = (...list: EvidenceRule[]): EvidenceRuleSet => ({ version: "test", rules: list });
const file = (path: string, text?: string): ScanFile => ({ path, size: text?.length ?? 10, text });

describe("rule kinds", () => {
  const files = [
    file("src/a.ts", "const x = 1;\nconst y = fetch('/api');\n"),
    file("src/b.test.ts", "it('works')"),
    file("assets/logo.png"),
    file("node_modules/lib/index.ts", "fetch('/x')"),
  ];

  it("match: one finding per line, in path order, with 1-based lines; dependencies are skipped", () => {
    const result = scanFiles(files, set(rule({ pattern: "fetch" })));
    expect(result.findings.map((f) => [f.file, f.line, f.excerpt])).toEqual([
      ["src/a.ts", 2, "const y = fetch('/api');"],
    ]);
    expect(result.stats).toMatchObject({ files: 3, scanned: 2 });
  });

  it("a match that begins with blank lines names the line it lands on, with its text", () => {
    const text = "# settings\nA=1\n\n  \n  TOKEN=abc\n";
    for (const kind of ["match", "present"] as const) {
      const result = scanFiles([file("app/.env", text)], set(rule({ kind, pattern: "^\\s*TOKEN=\\S" })));
      expect(result.findings.map((f) => [f.line, f.excerpt])).toEqual([[5, "TOKEN=abc"]]);
    }
  });

  it("present and absent, by name alone or by content", () => {
    const byName = scanFiles(files, set(rule({ kind: "present", files: ["**/*.png"] })));
    expect(byName.findings.map((f) => [f.file, f.line])).toEqual([["assets/logo.png", null]]);
    const absent = scanFiles(files, set(rule({ kind: "absent", files: ["**/*.spec.ts"] })));
    expect(absent.findings.map((f) => [f.file, f.line, f.excerpt])).toEqual([[null, null, null]]);
    const notAbsent = scanFiles(files, set(rule({ kind: "absent", files: ["**/*.ts"], pattern: "works" })));
    expect(notAbsent.findings).toEqual([]);
  });

  it("onlyIf, fileHas and fileLacks narrow what a rule looks at", () => {
    const onlyIf = (pattern: string) =>
      scanFiles(files, set(rule({ pattern: "const", onlyIf: { files: ["**/*.ts"], exclude: [], pattern } })))
        .findings.length;
    expect(onlyIf("works")).toBe(2);
    expect(onlyIf("no such text")).toBe(0);
    expect(scanFiles(files, set(rule({ pattern: "const", fileHas: "fetch" }))).findings).toHaveLength(2);
    expect(scanFiles(files, set(rule({ pattern: "const", fileLacks: "fetch" }))).findings).toHaveLength(0);
  });

  it("unlessAnywhere looks for the captured name in every covered file", () => {
    const sql = [
      file("db/1.sql", "create table orders (id int);\ncreate table notes (id int);"),
      file("db/2.sql", "alter table orders enable row level security;"),
    ];
    const result = scanFiles(
      sql,
      set(
        rule({
          pattern: "create table (?<name>\\w+)",
          unlessAnywhere: "alter table {name} enable row level security",
        }),
      ),
    );
    expect(result.findings.map((f) => [f.file, f.line])).toEqual([["db/1.sql", 2]]);
  });

  it("jwtRole keeps only tokens with that role", () => {
    const token = (role: string) =>
      `eyJhbGciOiJIUzI1NiJ9.${btoa(JSON.stringify({ role })).replace(/=+$/, "")}.c2lnbmF0dXJlc2lnbmF0dXJl`;
    const result = scanFiles(
      [file("a.ts", `anon = "${token("anon")}"\nadmin = "${token("service_role")}"`)],
      set(rule({ pattern: "eyJ[\\w-]+\\.eyJ[\\w-]+\\.[\\w-]+", jwtRole: "service_role", secret: true })),
    );
    expect(result.findings.map((f) => [f.line, f.excerpt])).toEqual([[2, 'admin = "eyJ[REDACTED]"']]);
  });

  it("caps findings per rule and counts the rest", () => {
    const many = Array.from({ length: 30 }, (_, i) => file(`f${String(i).padStart(2, "0")}.ts`, "fetch()"));
    const result = scanFiles(many, set(rule({ pattern: "fetch" })), { maxFindingsPerRule: 5 });
    expect(result.findings).toHaveLength(5);
    expect(result.stats.truncated).toEqual({ r: 25 });
  });

  it("stops at the deadline", () => {
    let t = 0;
    const many = Array.from({ length: 10 }, (_, i) => file(`f${i}.ts`, "fetch()"));
    expect(() => scanFiles(many, set(rule({ pattern: "fetch" })), { deadline: 5, now: () => t++ })).toThrow(
      ScanTimeoutError,
    );
  });
});

describe("redaction", () => {
  it.each([
    ["STRIPE_SECRET_KEY=sk_live_abcdefghijklmnop1234", "STRIPE_SECRET_KEY=sk_live_[REDACTED]"],
    ["const key = 'AKIAABCDEFGHIJKLMNOP';", "const key = 'AKIA[REDACTED]';"],
    ['token: "ghp_abcdefghijklmnopqrstuvwxyz0123456789"', 'token: "ghp_[REDACTED]"'],
    [
      "DATABASE_URL=postgres://app:hunter2hunter2@db.example.com/app",
      "DATABASE_URL=postgres://app:[REDACTED]@db.example.com/app",
    ],
    ["MY_PASSWORD=correct-horse", "MY_PASSWORD=[REDACTED]"],
    ["apiKey: process.env.OPENAI_API_KEY,", "apiKey: process.env.OPENAI_API_KEY,"],
    ["-----BEGIN RSA PRIVATE KEY-----", "-----BEGIN RSA PRIVATE KEY-----[REDACTED]"],
    ["const id = 'aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3f';", "const id = '[REDACTED]';"],
    ["<img src={p.image_url} alt={p.name} />", "<img src={p.image_url} alt={p.name} />"],
  ])("%s", (input, output) => {
    expect(redact(input)).toBe(output);
  });

  it("cuts long lines around the match without uncovering a secret", () => {
    const line = `${"x".repeat(300)} sk_live_${"A1".repeat(20)} ${"y".repeat(300)} needle ${"z".repeat(300)}`;
    const at = line.indexOf("needle");
    const excerpt = excerptAt(line, at, 6, false);
    expect(excerpt.length).toBeLessThanOrEqual(162);
    expect(excerpt).toContain("needle");
    expect(excerpt).not.toContain("A1A1");
    expect(excerptAt(line, line.indexOf("sk_live"), 48, true)).toContain("sk_live_[REDACTED]");
  });
});
