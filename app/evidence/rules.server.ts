// Loads the evidence rules (content/evidence/*.yaml) once per process, checked against the question
// bank. Like the question bank, invalid rules stop the server from starting (server/index.ts).

import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

import { formatProblems } from "~/engine/content/parse";
import type { Content, ContentProblem, SourceFile } from "~/engine/content/types";
import { parseEvidenceRules, type EvidenceParseResult } from "~/engine/evidence/rules";
import type { EvidenceRuleSet } from "~/engine/evidence/types";
import { contentDir, getContent } from "~/models/content.server";

class EvidenceRulesError extends Error {
  readonly problems: ContentProblem[];

  constructor(problems: ContentProblem[]) {
    super(formatProblems(problems));
    this.name = "EvidenceRulesError";
    this.problems = problems;
  }
}

/** The `evidence/` files of a content directory, paths relative to it. No folder: no rules. */
function readEvidenceFiles(root: string): SourceFile[] {
  const dir = path.join(root, "evidence");
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) return [];
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => ({ path: `evidence/${name}`, text: readFileSync(path.join(dir, name), "utf8") }));
}

/** Validates `<dir>/evidence/*.yaml` against `content` (undefined: the question bank is invalid). */
export function loadEvidenceRulesDir(dir: string, content: Content | undefined): EvidenceParseResult {
  return parseEvidenceRules(readEvidenceFiles(path.resolve(dir)), content);
}

const KEY = Symbol.for("finishline.evidence-rules");
type Holder = { [KEY]?: EvidenceRuleSet };

/** The validated rules of CONTENT_DIR; throws EvidenceRulesError when they are invalid. */
export function getEvidenceRules(): EvidenceRuleSet {
  const holder = globalThis as Holder;
  const hit = holder[KEY];
  if (hit) return hit;
  const result = loadEvidenceRulesDir(contentDir(), getContent());
  if (!result.ok) throw new EvidenceRulesError(result.problems);
  holder[KEY] = result.ruleSet;
  return result.ruleSet;
}
