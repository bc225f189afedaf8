// The scanner: detection rules over a list of files, nothing else. It never executes, installs or
// imports anything from the repository; it reads text and runs the rules' regular expressions.
// Deterministic for the same files and rules (files are taken in path order).

import picomatch from "picomatch";

import { blankComments } from "./comments";
import { isIgnoredPath } from "./paths";
import { REDACTED, redact } from "./redact";
import type { EvidenceRule, EvidenceRuleSet, FileSet, Finding, ScanFile, ScanResult } from "./types";

export interface ScanOptions {
  /** stop with ScanTimeoutError once now() passes this (ms, same clock as `now`) */
  deadline?: number;
  now?: () => number;
  /** findings kept per rule (default 20); the rest are counted in stats.truncated */
  maxFindingsPerRule?: number;
  /** findings kept in total (default 400) */
  maxFindings?: number;
}

export class ScanTimeoutError extends Error {
  constructor() {
    super("The scan took longer than its time budget.");
    this.name = "ScanTimeoutError";
  }
}

const EXCERPT_CHARS = 160;
const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

interface PreparedFile extends ScanFile {
  lineStarts?: number[];
  /** the text with comments blanked out, made the first time a rule asks for it */
  code?: string;
}

/**
 * The text a rule reads. Secret rules read the file as it is: a key pasted into a comment is still
 * leaked. Every other rule reads it without comments, so a TODO that names `constructEvent` is not a
 * signature check and "// never use dangerouslySetInnerHTML" is not raw HTML. Offsets are the same
 * in both, so lines and excerpts (always cut from the real text) do not depend on which was read.
 */
function textFor(file: PreparedFile, secret: boolean): string {
  const text = file.text ?? "";
  if (secret) return text;
  file.code ??= blankComments(file.path, text);
  return file.code;
}

type Matcher = (path: string) => boolean;

function globMatcher(files: readonly string[], exclude: readonly string[]): Matcher {
  const include = picomatch(files as string[], { dot: true });
  if (exclude.length === 0) return include;
  const excluded = picomatch(exclude as string[], { dot: true });
  return (path) => include(path) && !excluded(path);
}

const PROOF_GROUP = "(?<proof>";

function regex(source: string, caseSensitive: boolean): RegExp {
  // Match indices (flag d) cost time, so only patterns that name where their proof is get them.
  const indices = source.includes(PROOF_GROUP) ? "d" : "";
  return new RegExp(source, (caseSensitive ? "gm" : "gim") + indices);
}

/**
 * Nothing a rule proves spans more characters than this (a policy over a few lines, an <img> tag, a
 * query in a template literal). A regex attempt that may run to the end of the text (`[^;]*?` with
 * no `;`, `<img` with no `>`) is retried at every place the pattern can start, so on one huge line
 * it costs the square of the line: 720 KB of "SECRET_TOKEN" took env-file-committed 93 s. Long texts
 * are therefore searched in windows of WINDOW characters, each read up to MAX_MATCH further (and
 * CONTEXT before, so `^`, `\b` and lookbehinds see what precedes), which bounds every attempt.
 */
const MAX_MATCH = 1_000;
const WINDOW = 1_000;
const CONTEXT = 100;

interface Found {
  m: RegExpExecArray;
  /** where the searched slice starts in the text: add it to the match's indices */
  at: number;
}

/**
 * Every match of a global regex, as repeated `exec` finds them, except that in a long text a match
 * longer than MAX_MATCH is not found. `tick` runs before each window (the scan's deadline).
 */
function* matchesIn(re: RegExp, text: string, tick?: () => void): Generator<Found> {
  if (text.length <= WINDOW + MAX_MATCH) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (m[0].length === 0) re.lastIndex++;
      yield { m, at: 0 };
    }
    return;
  }
  let next = 0; // a match may not start inside the one before it, as with exec
  for (let start = 0; start < text.length; start += WINDOW) {
    tick?.();
    const from = Math.max(0, start - CONTEXT);
    const to = Math.min(text.length, start + WINDOW + MAX_MATCH);
    const slice = text.slice(from, to);
    re.lastIndex = Math.max(start, next) - from;
    for (let m = re.exec(slice); m !== null; m = re.exec(slice)) {
      if (m.index + from >= start + WINDOW) break; // the next window's to find
      if (m[0].length === 0) re.lastIndex++;
      // A match that runs to the window's end may be cut short (or be longer than MAX_MATCH).
      if (to < text.length && m.index + m[0].length === slice.length) break;
      next = from + re.lastIndex;
      yield { m, at: from };
    }
  }
}

function test(re: RegExp, text: string): boolean {
  return !matchesIn(re, text).next().done;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Where a match is, for its line and excerpt: past any whole lines of white space it begins with. A
 * pattern such as `^\s*NAME=` in multiline mode also matches from a blank line above NAME, which
 * would name the blank line and show an empty excerpt.
 */
function matchedLine({ m, at }: Found): { index: number; length: number } {
  // A match over several lines ("create policy …" / "for select" / "using (true)") cites the line of
  // its named group `proof`, when the pattern has one: that line is the reason for the finding.
  const proof = m.indices?.groups?.proof;
  if (proof) return { index: at + proof[0], length: proof[1] - proof[0] };
  const lead = /^\s*/.exec(m[0])![0];
  const skip = lead.lastIndexOf("\n") + 1;
  return { index: at + m.index + skip, length: m[0].length - skip };
}

function lineOf(file: PreparedFile, index: number): number {
  const text = file.text ?? "";
  if (!file.lineStarts) {
    const starts = [0];
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
    file.lineStarts = starts;
  }
  const starts = file.lineStarts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= index) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** The line around a match, redacted, at most EXCERPT_CHARS long. */
export function excerptAt(text: string, index: number, length: number, secret: boolean): string {
  const lineStart = text.lastIndexOf("\n", index - 1) + 1;
  const newline = text.indexOf("\n", index);
  const lineEnd = newline === -1 ? text.length : newline;
  // A window around the match first, so a minified 1 MB line costs no more than a short one.
  const from = Math.max(lineStart, index - 400);
  const to = Math.min(lineEnd, index + Math.max(length, 1) + 400);
  const raw = text.slice(from, to).replace(/\r$/, "");
  const before = redact(raw.slice(0, index - from));
  let line = redact(raw);
  if (secret) {
    // The rule says the match is a secret: if the format redaction did not catch it, mask it whole.
    const matched = text
      .slice(index, Math.min(index + length, to))
      .split("\n")[0]
      .replace(/\r$/, "");
    if (matched.length >= 4 && line.includes(matched)) line = line.split(matched).join(REDACTED);
  }
  let at = Math.min(before.length, line.length);
  // Trim leading indentation, then cut to a window that keeps the match in view.
  const indent = line.length - line.trimStart().length;
  line = line.trim();
  at = Math.max(0, at - indent);
  if (line.length <= EXCERPT_CHARS) return line;
  const start = Math.max(0, Math.min(at - 40, line.length - EXCERPT_CHARS));
  const cut = line.slice(start, start + EXCERPT_CHARS);
  return `${start > 0 ? "…" : ""}${cut}${start + EXCERPT_CHARS < line.length ? "…" : ""}`;
}

function jwtRole(token: string): string | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  try {
    const base64 = parts[1].replace(/-/g, "+").replace(/_/g, "/");
    const payload = JSON.parse(atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4))) as unknown;
    if (typeof payload === "object" && payload !== null && "role" in payload) {
      return typeof payload.role === "string" ? payload.role : undefined;
    }
  } catch {
    // not a JWT after all
  }
  return undefined;
}

class Scan {
  readonly findings: Finding[] = [];
  readonly truncated: Record<string, number> = {};
  private readonly places = new Set<string>();
  private readonly now: () => number;

  constructor(
    private readonly files: PreparedFile[],
    private readonly options: ScanOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  checkTime(): void {
    if (this.options.deadline !== undefined && this.now() > this.options.deadline) {
      throw new ScanTimeoutError();
    }
  }

  /** Files of a file set, in path order; with `needText`, only files that were read. */
  covered(set: { files: string[]; exclude: string[] }, needText: boolean): PreparedFile[] {
    const matches = globMatcher(set.files, set.exclude);
    const result: PreparedFile[] = [];
    for (const file of this.files) {
      if ((!needText || file.text !== undefined) && matches(file.path)) result.push(file);
    }
    return result;
  }

  /** Whether any file of the set exists (and, with a pattern, contains it). */
  holds(set: FileSet, caseSensitive: boolean, secret: boolean): boolean {
    const files = this.covered(set, set.pattern !== undefined);
    if (set.pattern === undefined) return files.length > 0;
    const re = regex(set.pattern, caseSensitive);
    return files.some((f) => test(re, textFor(f, secret)));
  }

  run(rule: EvidenceRule): void {
    if (rule.onlyIf && !this.holds(rule.onlyIf, rule.caseSensitive, rule.secret)) return;
    const needText = rule.pattern !== undefined || rule.fileHas !== undefined || rule.fileLacks !== undefined;
    let files = this.covered(rule, needText);
    const base = files;
    if (rule.fileHas !== undefined) {
      const has = regex(rule.fileHas, rule.caseSensitive);
      files = files.filter((f) => test(has, textFor(f, rule.secret)));
    }
    if (rule.fileLacks !== undefined) {
      const lacks = regex(rule.fileLacks, rule.caseSensitive);
      files = files.filter((f) => !test(lacks, textFor(f, rule.secret)));
    }
    const pattern = rule.pattern === undefined ? undefined : regex(rule.pattern, rule.caseSensitive);

    if (rule.kind === "absent" || rule.kind === "present") {
      let first: { file: PreparedFile; index?: number; length: number } | undefined;
      for (const file of files) {
        this.checkTime();
        if (!pattern) {
          first = { file, length: 0 };
          break;
        }
        const found = matchesIn(pattern, textFor(file, rule.secret), () => this.checkTime()).next();
        if (!found.done) {
          first = { file, ...matchedLine(found.value) };
          break;
        }
      }
      if (rule.kind === "absent" && !first) this.add(rule, null, null, null);
      if (rule.kind === "present" && first) {
        const { file, index, length } = first;
        if (index === undefined) this.add(rule, file.path, null, null);
        else
          this.add(
            rule,
            file.path,
            lineOf(file, index),
            excerptAt(file.text ?? "", index, length, rule.secret),
          );
      }
      return;
    }

    if (!pattern) return;
    const unless = new Map<string, boolean>();
    const seenLines = new Set<string>();
    for (const file of files) {
      this.checkTime();
      for (const found of matchesIn(pattern, textFor(file, rule.secret), () => this.checkTime())) {
        const { m } = found;
        if (rule.jwtRole !== undefined && jwtRole(m[0]) !== rule.jwtRole) continue;
        if (rule.unlessAnywhere !== undefined && this.foundElsewhere(rule, m, base, unless)) continue;
        const { index, length } = matchedLine(found);
        const line = lineOf(file, index);
        const key = `${file.path}:${line}`;
        if (seenLines.has(key)) continue;
        seenLines.add(key);
        this.add(rule, file.path, line, excerptAt(file.text ?? "", index, length, rule.secret));
      }
    }
  }

  private foundElsewhere(
    rule: EvidenceRule,
    match: RegExpExecArray,
    files: PreparedFile[],
    cache: Map<string, boolean>,
  ): boolean {
    const source = (rule.unlessAnywhere ?? "").replace(PLACEHOLDER, (_, name: string) =>
      escapeRegExp(match.groups?.[name] ?? ""),
    );
    let found = cache.get(source);
    if (found === undefined) {
      const re = regex(source, rule.caseSensitive);
      found = files.some((f) => test(re, textFor(f, rule.secret)));
      cache.set(source, found);
    }
    return found;
  }

  private add(rule: EvidenceRule, file: string | null, line: number | null, excerpt: string | null): void {
    // One finding per place and question: the first rule wins, so specific rules come first
    // ("secret in browser code" before "secret anywhere in the repository").
    const question = rule.suggests.question;
    if (file !== null && this.places.has(`${question}\0${file}\0${line}`)) return;
    if (file !== null) this.places.add(`${question}\0${file}\0${line}`);
    const kept = this.findings.filter((f) => f.ruleId === rule.id).length;
    const cap = this.options.maxFindingsPerRule ?? 20;
    if (kept >= cap || this.findings.length >= (this.options.maxFindings ?? 400)) {
      this.truncated[rule.id] = (this.truncated[rule.id] ?? 0) + 1;
      return;
    }
    this.findings.push({
      ruleId: rule.id,
      title: rule.title,
      file,
      line,
      excerpt,
      question: rule.suggests.question,
      option: rule.suggests.option ?? null,
      confidence: rule.confidence,
      explanation: rule.explanation,
    });
  }
}

/** Runs every rule over the repository's files. Paths are repository-relative with forward slashes. */
export function scanFiles(
  files: readonly ScanFile[],
  ruleSet: EvidenceRuleSet,
  options: ScanOptions = {},
): ScanResult {
  const prepared: PreparedFile[] = files
    .filter((f) => !isIgnoredPath(f.path))
    .map((f) => ({ ...f }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const scan = new Scan(prepared, options);
  for (const rule of ruleSet.rules) {
    scan.checkTime();
    scan.run(rule);
  }
  return {
    rulesVersion: ruleSet.version,
    findings: scan.findings,
    stats: {
      files: prepared.length,
      scanned: prepared.filter((f) => f.text !== undefined).length,
      rules: ruleSet.rules.length,
      findings: scan.findings.length,
      truncated: scan.truncated,
    },
  };
}
