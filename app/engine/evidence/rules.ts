// Loads and validates the evidence rules (content/evidence/*.yaml) the way the question bank is
// validated: every problem as `file: path: reason (line N)`, all of them in one run. Rules point at
// question and option ids, so they are checked against the loaded question bank; a rule that
// suggests an option the bank no longer has is an error, not a silently dead rule.
// Pure apart from hashing: the caller supplies the files (app/evidence/rules.server.ts reads them).

import { createHash } from "node:crypto";
import picomatch from "picomatch";
import { z } from "zod";

import { ProblemList, readYamlShape, type PathSegment } from "../content/problems";
import type { Content, ContentProblem, SourceFile } from "../content/types";

import { CONFIDENCES, type EvidenceRule, type EvidenceRuleSet } from "./types";

const EVIDENCE_DIR = "evidence/";
const EVIDENCE_FILE = /^evidence\/[^/]+\.yaml$/;
const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export type EvidenceParseResult =
  { ok: true; ruleSet: EvidenceRuleSet } | { ok: false; problems: ContentProblem[] };

const text = z.string().trim().min(1, "must not be empty");
const glob = z
  .string()
  .min(1, "must not be empty")
  .refine((g) => !g.startsWith("/") && !g.split("/").includes(".."), {
    message: "globs are relative to the repository root (no leading / and no ..)",
  });
const globs = z.array(glob).min(1, "list at least one glob");

const FileSetSchema = z
  .object({ files: globs, exclude: z.array(glob).default([]), pattern: text.optional() })
  .strict();

const RuleSchema = z
  .object({
    id: z.string().regex(KEBAB, "must be kebab-case (a-z, 0-9 and single dashes)"),
    title: text.max(120, "keep titles under 120 characters"),
    kind: z.enum(["match", "present", "absent"]).default("match"),
    files: globs,
    exclude: z.array(glob).default([]),
    pattern: text.optional(),
    caseSensitive: z.boolean().default(false),
    fileHas: text.optional(),
    fileLacks: text.optional(),
    unlessAnywhere: text.optional(),
    onlyIf: FileSetSchema.optional(),
    jwtRole: text.optional(),
    secret: z.boolean().default(false),
    suggests: z.object({ question: text, option: text.optional() }).strict(),
    confidence: z.enum(CONFIDENCES),
    explanation: text,
  })
  .strict();
type RuleInput = z.infer<typeof RuleSchema>;

const FileSchema = z.object({ rules: z.array(z.unknown()) }).strict();

function isEvidenceFile(path: string): boolean {
  return path.startsWith(EVIDENCE_DIR);
}

/**
 * Validates every `evidence/*.yaml` among `files` (other files are ignored: the question bank
 * loader owns them). `content` is the loaded question bank; pass undefined when it is invalid, and
 * question references are not checked (its own problems say why).
 */
export function parseEvidenceRules(
  files: readonly SourceFile[],
  content: Content | undefined,
): EvidenceParseResult {
  const problems = new ProblemList();
  const evidenceFiles = files.filter((f) => isEvidenceFile(f.path)).sort(byPath);
  const rules: EvidenceRule[] = [];
  const seen = new Map<string, string>();
  for (const file of evidenceFiles) {
    if (!EVIDENCE_FILE.test(file.path)) {
      problems.addAt(file.path, "(root)", "unknown file: evidence rules are evidence/<name>.yaml");
      continue;
    }
    const data = readYamlShape(file, FileSchema, problems);
    if (!data) continue;
    data.rules.forEach((raw, index) => {
      const path: PathSegment[] = ["rules", index];
      const parsed = RuleSchema.safeParse(raw);
      if (!parsed.success) return problems.addZod(file.path, path, parsed.error);
      const rule = parsed.data;
      const before = seen.get(rule.id);
      if (before)
        problems.add(file.path, [...path, "id"], `duplicate rule id "${rule.id}" (also in ${before})`);
      else seen.set(rule.id, file.path);
      const issues = [...ruleIssues(rule), ...referenceIssues(rule, content)];
      for (const issue of issues) problems.add(file.path, [...path, ...issue.path], issue.message);
      if (issues.length === 0) rules.push(toRule(rule, file.path));
    });
  }
  if (problems.items.length > 0) return { ok: false, problems: problems.sorted() };
  return { ok: true, ruleSet: { version: evidenceVersion(evidenceFiles), rules } };
}

/** First 12 hex chars of sha256 over `path \0 text \0` of every evidence file, sorted by path. */
function evidenceVersion(files: readonly SourceFile[]): string {
  const hash = createHash("sha256");
  for (const f of [...files].filter((f) => isEvidenceFile(f.path)).sort(byPath)) {
    hash.update(`${f.path}\0${f.text}\0`);
  }
  return hash.digest("hex").slice(0, 12);
}

function byPath(a: SourceFile, b: SourceFile): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

interface Issue {
  path: PathSegment[];
  message: string;
}

function regexIssue(source: string | undefined, path: PathSegment[], caseSensitive: boolean): Issue[] {
  if (source === undefined) return [];
  try {
    new RegExp(source, caseSensitive ? "gm" : "gim");
    return [];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return [{ path, message: `not a valid regular expression: ${message}` }];
  }
}

function globIssues(list: readonly string[], path: PathSegment[]): Issue[] {
  return list.flatMap((g, i) => {
    try {
      picomatch(g, { dot: true });
      return [];
    } catch (error) {
      return [{ path: [...path, i], message: `not a valid glob: ${String(error)}` }];
    }
  });
}

/** Named groups of a regex source, e.g. `(?<name>\w+)` -> ["name"]. */
function namedGroups(source: string): string[] {
  return [...source.matchAll(/\(\?<([A-Za-z_][A-Za-z0-9_]*)>/g)].map((m) => m[1]);
}

function ruleIssues(rule: RuleInput): Issue[] {
  const issues: Issue[] = [
    ...globIssues(rule.files, ["files"]),
    ...globIssues(rule.exclude, ["exclude"]),
    ...regexIssue(rule.pattern, ["pattern"], rule.caseSensitive),
    ...regexIssue(rule.fileHas, ["fileHas"], rule.caseSensitive),
    ...regexIssue(rule.fileLacks, ["fileLacks"], rule.caseSensitive),
  ];
  if (rule.onlyIf) {
    issues.push(
      ...globIssues(rule.onlyIf.files, ["onlyIf", "files"]),
      ...globIssues(rule.onlyIf.exclude, ["onlyIf", "exclude"]),
      ...regexIssue(rule.onlyIf.pattern, ["onlyIf", "pattern"], rule.caseSensitive),
    );
  }
  if (rule.kind === "match" && rule.pattern === undefined) {
    issues.push({ path: ["pattern"], message: 'a "match" rule needs a pattern' });
  }
  if (rule.unlessAnywhere !== undefined) {
    if (rule.kind !== "match") {
      issues.push({ path: ["unlessAnywhere"], message: 'only "match" rules can use unlessAnywhere' });
    } else {
      const groups = new Set(namedGroups(rule.pattern ?? ""));
      for (const [, name] of rule.unlessAnywhere.matchAll(PLACEHOLDER)) {
        if (!groups.has(name)) {
          issues.push({
            path: ["unlessAnywhere"],
            message: `{${name}} is not a named group of the pattern (use (?<${name}>...))`,
          });
        }
      }
      const filled = rule.unlessAnywhere.replace(PLACEHOLDER, "x");
      issues.push(...regexIssue(filled, ["unlessAnywhere"], rule.caseSensitive));
    }
  }
  if (rule.jwtRole !== undefined && rule.pattern === undefined) {
    issues.push({ path: ["jwtRole"], message: "jwtRole checks the pattern's match: add a pattern" });
  }
  if (rule.secret && rule.kind !== "match") {
    issues.push({ path: ["secret"], message: 'only "match" rules find secrets' });
  }
  if (rule.secret && !/rotat/i.test(rule.explanation)) {
    issues.push({
      path: ["explanation"],
      message: "a rule that finds secrets must tell the reader to rotate (replace) the key",
    });
  }
  return issues;
}

function referenceIssues(rule: RuleInput, content: Content | undefined): Issue[] {
  if (!content) return [];
  const { question: questionId, option } = rule.suggests;
  const question = content.questionsById.get(questionId);
  if (!question) return [{ path: ["suggests", "question"], message: `unknown question "${questionId}"` }];
  if (!["single", "scale", "yes-no", "multi"].includes(question.kind)) {
    return [
      {
        path: ["suggests", "question"],
        message: `"${questionId}" is a ${question.kind} question; evidence can suggest single, scale, yes-no and multi answers`,
      },
    ];
  }
  // No option: a note about the question, which suggests no answer.
  if (option !== undefined && !question.options.some((o) => o.id === option)) {
    const known = question.options.map((o) => o.id).join(", ");
    return [
      {
        path: ["suggests", "option"],
        message: `unknown option "${option}" of ${questionId} (options: ${known})`,
      },
    ];
  }
  return [];
}

function toRule(input: RuleInput, source: string): EvidenceRule {
  const rule: EvidenceRule = {
    id: input.id,
    title: input.title,
    kind: input.kind,
    files: input.files,
    exclude: input.exclude,
    caseSensitive: input.caseSensitive,
    secret: input.secret,
    suggests: input.suggests,
    confidence: input.confidence,
    explanation: input.explanation,
    source,
  };
  // Optional keys only when set: the rule set travels as JSON and is hashed by tests.
  if (input.pattern !== undefined) rule.pattern = input.pattern;
  if (input.fileHas !== undefined) rule.fileHas = input.fileHas;
  if (input.fileLacks !== undefined) rule.fileLacks = input.fileLacks;
  if (input.unlessAnywhere !== undefined) rule.unlessAnywhere = input.unlessAnywhere;
  if (input.onlyIf !== undefined) rule.onlyIf = input.onlyIf;
  if (input.jwtRole !== undefined) rule.jwtRole = input.jwtRole;
  return rule;
}
