// Loads the question bank from disk once per process. The content is versioned data that only
// changes with a deploy, so reading it at startup (and failing loudly if it is invalid) is enough.

import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { formatProblems, parseContent } from "../engine/content/parse";
import type { ParseResult } from "../engine/content/parse";
import type { Content, ContentProblem, SourceFile } from "../engine/content/types";

class ContentError extends Error {
  readonly problems: ContentProblem[];

  constructor(problems: ContentProblem[]) {
    super(formatProblems(problems));
    this.name = "ContentError";
    this.problems = problems;
  }
}

const YAML_FILE = /\.ya?ml$/;

/** Every YAML file under `root`, with paths relative to it (forward slashes, sorted). */
function readYamlFiles(root: string, dir = root): SourceFile[] {
  const files: SourceFile[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...readYamlFiles(root, full));
    // Other files (README.md, notes) are not content; a stray .yml is, and gets reported.
    else if (entry.isFile() && YAML_FILE.test(entry.name)) {
      files.push({
        path: path.relative(root, full).split(path.sep).join("/"),
        text: readFileSync(full, "utf8"),
      });
    }
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export function loadContentDir(dir: string): ParseResult {
  const root = path.resolve(dir);
  if (!isDirectory(root)) {
    return {
      ok: false,
      problems: [{ file: dir, path: "(root)", reason: `content directory not found: ${root}` }],
    };
  }
  return parseContent(readYamlFiles(root));
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

// The server entry (validating content before it listens) and the Remix server bundle each have a
// copy of this module; keep the parsed content on globalThis so it is read and validated once.
const KEY = Symbol.for("finishline.content");
type Holder = { [KEY]?: Content };

/** CONTENT_DIR (default "content", relative to the working directory): questions and evidence rules. */
export function contentDir(): string {
  return path.resolve(process.cwd(), process.env.CONTENT_DIR ?? "content");
}

/** The validated content of CONTENT_DIR. */
export function getContent(): Content {
  const holder = globalThis as Holder;
  const hit = holder[KEY];
  if (hit) return hit;
  const result = loadContentDir(contentDir());
  if (!result.ok) throw new ContentError(result.problems);
  holder[KEY] = result.content;
  return result.content;
}
