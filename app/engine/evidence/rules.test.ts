import { describe, expect, it } from "vitest";

import { loadContentDir } from "~/models/content.server";
import { loadEvidenceRulesDir } from "~/evidence/rules.server";

import { parseContent } from "../content/parse";
import type { Content, SourceFile } from "../content/types";

import { parseEvidenceRules } from "./rules";

const loaded = loadContentDir("content");
if (!loaded.ok) throw new Error("content/ is invalid");
const content: Content = loaded.content;

const valid = `rules:
  - id: tests-absent
    title: No tests
    kind: absent
    files: ["**/*.test.ts"]
    suggests: { question: ops.automated-tests, option: none }
    confidence: high
    explanation: No test files.
`;

function problems(files: Record<string, string>) {
  const list: SourceFile[] = Object.entries(files).map(([path, text]) => ({ path, text }));
  const result = parseEvidenceRules(list, content);
  return result.ok ? [] : result.problems.map((p) => `${p.file}: ${p.path}: ${p.reason}`);
}

describe("evidence rules in content/evidence", () => {
  it("are valid against the real question bank", () => {
    const result = loadEvidenceRulesDir("content", content);
    expect(result.ok ? [] : result.problems).toEqual([]);
    if (!result.ok) return;
    expect(result.ruleSet.rules.length).toBeGreaterThanOrEqual(30);
    expect(result.ruleSet.version).toMatch(/^[0-9a-f]{12}$/);
  });

  it("are not reported as unknown files by the question bank loader", () => {
    const parsed = parseContent([{ path: "evidence/ops.yaml", text: valid }]);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems.some((p) => p.file.startsWith("evidence/"))).toBe(false);
  });
});

describe("evidence rule validation", () => {
  it("accepts a valid file", () => {
    expect(problems({ "evidence/ops.yaml": valid })).toEqual([]);
  });

  it("accepts a note (a rule that names its question but suggests no option), and still checks the question", () => {
    const note = (question: string) => `rules:
  - id: ci-absent
    title: No CI workflow
    kind: absent
    files: [".github/workflows/*.yml"]
    suggests: { question: ${question} }
    confidence: low
    explanation: No CI workflow; how a change goes live is not in the code.
`;
    expect(problems({ "evidence/ops.yaml": note("ops.deploy-process") })).toEqual([]);
    const parsed = parseEvidenceRules(
      [{ path: "evidence/ops.yaml", text: note("ops.deploy-process") }],
      content,
    );
    expect(parsed.ok && parsed.ruleSet.rules[0].suggests).toEqual({ question: "ops.deploy-process" });
    expect(problems({ "evidence/ops.yaml": note("ops.no-such-question") })).toEqual([
      'evidence/ops.yaml: rules[0].suggests.question: unknown question "ops.no-such-question" (line 6)',
    ]);
  });

  it("reports every problem as file: path: reason, with the line", () => {
    const broken = `rules:
  - id: Bad_Id
    title: x
    files: ["/etc/passwd"]
    pattern: "(unclosed"
    suggests: { question: auth.no-such-question, option: "off" }
    confidence: certain
    explanation: x
  - id: wrong-option
    title: Wrong option
    files: ["**/*.sql"]
    pattern: create table
    suggests: { question: auth.supabase-rls, option: offf }
    confidence: high
    explanation: x
  - id: number-question
    title: Number
    kind: present
    files: ["**/*"]
    suggests: { question: intake.expected-users, option: "100" }
    confidence: low
    explanation: x
  - id: placeholder
    title: Placeholder
    files: ["**/*.sql"]
    pattern: 'create table (?<name>\\w+)'
    unlessAnywhere: 'enable rls on {table}'
    suggests: { question: auth.supabase-rls, option: "off" }
    confidence: high
    explanation: x
  - id: secret-without-advice
    title: Secret
    files: ["**/*"]
    pattern: 'sk_live_\\w+'
    secret: true
    suggests: { question: auth.secrets-in-browser, option: in-repo }
    confidence: high
    explanation: A key is in the code.
  - id: no-pattern
    title: No pattern
    files: ["**/*"]
    suggests: { question: ops.automated-tests, option: none }
    confidence: high
    explanation: x
    colour: red
`;
    expect(
      problems({ "evidence/broken.yaml": broken, "evidence/dup.yaml": valid, "evidence/ops.yaml": valid }),
    ).toEqual([
      "evidence/broken.yaml: rules[0].id: must be kebab-case (a-z, 0-9 and single dashes) (line 2)",
      "evidence/broken.yaml: rules[0].files[0]: globs are relative to the repository root (no leading / and no ..) (line 4)",
      'evidence/broken.yaml: rules[0].confidence: must be one of high | medium | low (got "certain") (line 7)',
      'evidence/broken.yaml: rules[1].suggests.option: unknown option "offf" of auth.supabase-rls (options: off, permissive, on-unread, per-user-untested, per-user-tested) (line 13)',
      'evidence/broken.yaml: rules[2].suggests.question: "intake.expected-users" is a number question; evidence can suggest single, scale, yes-no and multi answers (line 20)',
      "evidence/broken.yaml: rules[3].unlessAnywhere: {table} is not a named group of the pattern (use (?<table>...)) (line 27)",
      "evidence/broken.yaml: rules[4].explanation: a rule that finds secrets must tell the reader to rotate (replace) the key (line 38)",
      'evidence/broken.yaml: rules[5].colour: unknown key "colour" (line 45)',
      'evidence/ops.yaml: rules[0].id: duplicate rule id "tests-absent" (also in evidence/dup.yaml) (line 2)',
    ]);
  });

  it("checks regular expressions and kinds", () => {
    const file = `rules:
  - id: bad-regex
    title: Bad regex
    files: ["**/*"]
    pattern: "(unclosed"
    suggests: { question: ops.automated-tests, option: none }
    confidence: high
    explanation: x
  - id: match-without-pattern
    title: Match without a pattern
    files: ["**/*"]
    suggests: { question: ops.automated-tests, option: none }
    confidence: high
    explanation: x
  - id: unknown-question
    title: Unknown question
    kind: absent
    files: ["**/*"]
    suggests: { question: ops.no-such-thing, option: none }
    confidence: high
    explanation: x
`;
    expect(problems({ "evidence/x.yaml": file })).toEqual([
      "evidence/x.yaml: rules[0].pattern: not a valid regular expression: Invalid regular expression: /(unclosed/gim: Unterminated group (line 5)",
      'evidence/x.yaml: rules[1].pattern: a "match" rule needs a pattern (line 9)',
      'evidence/x.yaml: rules[2].suggests.question: unknown question "ops.no-such-thing" (line 19)',
    ]);
  });

  it("reports YAML syntax errors, wrong shapes and files outside evidence/<name>.yaml", () => {
    expect(
      problems({
        "evidence/a.yaml": "rules: [",
        "evidence/b.yaml": "rule: []",
        "evidence/deeper/c.yaml": valid,
      }),
    ).toEqual([
      expect.stringMatching(/^evidence\/a\.yaml: line 1, column \d+: YAML syntax error: /),
      "evidence/b.yaml: rules: required (line 1)",
      'evidence/b.yaml: rule: unknown key "rule" (line 1)',
      "evidence/deeper/c.yaml: (root): unknown file: evidence rules are evidence/<name>.yaml",
    ]);
  });

  it("skips question references when the question bank itself is invalid", () => {
    const file = valid.replace("ops.automated-tests", "ops.gone");
    const result = parseEvidenceRules([{ path: "evidence/x.yaml", text: file }], undefined);
    expect(result.ok).toBe(true);
  });
});
