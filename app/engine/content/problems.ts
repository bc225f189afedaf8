// Collects content problems with a file, a readable path and, when the YAML node can be found,
// the line it sits on (appended to the reason, so the contract stays `file: path: reason`).

import { isNode, type Document, type LineCounter } from "yaml";
import type { ZodError, ZodIssue } from "zod";
import type { ContentProblem } from "./types";

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
