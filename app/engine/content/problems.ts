// Collects content problems with a file, a readable path and, when the YAML node can be found,
// the line it sits on (appended to the reason, so the contract stays `file: path: reason`).

import { isNode, LineCounter, parseDocument, type Document } from "yaml";
import type { ZodError, ZodIssue } from "zod";
import type { ContentProblem, SourceFile } from "./types";

export type PathSegment = string | number;

/** `["questions", 3, "options", 1, "readiness"]` -> `questions[3].options[1].readiness` */
export function formatPath(path: readonly PathSegment[]): string {
  if (path.length === 0) return "(root)";
  return path
    .map((seg, i) =>
      typeof seg === "number"
        ? `[${seg}]`
        : seg.trim() === "" // a blank key ("": x) would otherwise leave the path empty
          ? `[${JSON.stringify(seg)}]`
          : i === 0
            ? seg
            : `.${seg}`,
    )
    .join("");
}

export function formatProblems(problems: readonly ContentProblem[]): string {
  return problems.map((p) => `${p.file}: ${p.path}: ${p.reason}`).join("\n");
}

interface ParsedSource {
  doc: Document.Parsed;
  lines: LineCounter;
}

export class ProblemList {
  readonly items: ContentProblem[] = [];
  private readonly sources = new Map<string, ParsedSource>();

  addSource(file: string, doc: Document.Parsed, lines: LineCounter): void {
    this.sources.set(file, { doc, lines });
  }

  add(file: string, path: readonly PathSegment[], reason: string): void {
    const line = this.lineOf(file, path);
    this.items.push({ file, path: formatPath(path), reason: line ? `${reason} (line ${line})` : reason });
  }

  /** For problems whose location is not a data path (YAML syntax errors). */
  addAt(file: string, path: string, reason: string): void {
    this.items.push({ file, path, reason });
  }

  addZod(file: string, prefix: readonly PathSegment[], error: ZodError): void {
    for (const issue of error.issues) {
      for (const { path, reason } of describeIssue(issue)) this.add(file, [...prefix, ...path], reason);
    }
  }

  /** Grouped by file (stable, so each file keeps the order problems were found in). */
  sorted(): ContentProblem[] {
    return [...this.items].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  }

  // A missing key has no node, so fall back to the closest ancestor that exists.
  private lineOf(file: string, path: readonly PathSegment[]): number | undefined {
    const source = this.sources.get(file);
    if (!source) return undefined;
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? source.doc.contents : source.doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return source.lines.linePos(node.range[0]).line;
    }
    return undefined;
  }
}

/** Parses YAML, reporting syntax errors with their line; undefined when the file is unusable. */
export function readYaml(file: SourceFile, problems: ProblemList): { data: unknown } | undefined {
  const lines = new LineCounter();
  const doc = parseDocument(file.text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const pos = lines.linePos(error.pos[0]);
      const where = `line ${pos.line}, column ${pos.col}`;
      problems.addAt(file.path, where, `YAML syntax error: ${error.message.split("\n")[0]}`);
    }
    return undefined;
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    // toJS throws on an alias to a missing anchor and on alias bombs ("billion laughs"): report it
    // like any other unreadable file instead of failing the whole load.
    const message = error instanceof Error ? error.message : String(error);
    problems.addAt(file.path, "(root)", `YAML could not be read: ${message.split("\n")[0]}`);
    return undefined;
  }
  problems.addSource(file.path, doc, lines);
  return { data };
}

/** What readYamlShape and the element-by-element checks need of a zod schema. */
export interface SafeParser<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: ZodError };
}

/** readYaml, then the file's top-level shape; undefined (the problems reported) when either fails. */
export function readYamlShape<T>(
  file: SourceFile,
  schema: SafeParser<T>,
  problems: ProblemList,
): T | undefined {
  const parsed = readYaml(file, problems);
  const shape = parsed && schema.safeParse(parsed.data);
  if (!shape?.success) {
    if (shape) problems.addZod(file.path, [], shape.error);
    return undefined;
  }
  return shape.data;
}

function describeIssue(issue: ZodIssue): Array<{ path: PathSegment[]; reason: string }> {
  const path = [...issue.path];
  switch (issue.code) {
    case "unrecognized_keys":
      // One problem per key, located at the key itself: that is where the author has to look.
      return issue.keys.map((key) => ({ path: [...path, key], reason: `unknown key "${key}"` }));
    case "invalid_type":
      if (issue.received === "undefined") return [{ path, reason: "required" }];
      return [{ path, reason: typeMismatch(issue.expected, issue.received) }];
    case "invalid_enum_value":
      return [
        {
          path,
          reason: `must be one of ${issue.options.map(String).join(" | ")} (got ${JSON.stringify(issue.received)})`,
        },
      ];
    default:
      return [{ path, reason: issue.message }];
  }
}

function typeMismatch(expected: string, received: string): string {
  const names: Record<string, string> = {
    object: "a mapping",
    array: "a list",
    string: "a string",
    number: "a number",
    boolean: "true or false",
  };
  const base = `expected ${names[expected] ?? expected}, got ${received}`;
  // YAML reads `id: 1` or `equals: true` as numbers/booleans; quoting is the usual fix.
  if (expected === "string" && (received === "number" || received === "boolean"))
    return `${base} (quote the value)`;
  return base;
}
