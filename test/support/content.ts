// Picks questions out of the real content for tests, so tests follow the question bank instead of
// hard-coding ids that content authors are free to change.
import { loadContentDir } from "../../app/models/content.server";
import type { Content, Question } from "../../app/engine/content/types";

export function realContent(): Content {
  const result = loadContentDir(process.env.CONTENT_DIR ?? "content");
  if (!result.ok) throw new Error("content is invalid: " + JSON.stringify(result.problems.slice(0, 3)));
  return result.content;
}

/** Area questions without showIf, of the given kinds, in content order. */
export function unconditional(content: Content, kinds: Question["kind"][]): Question[] {
  return content.areas
    .filter((a) => !a.applicability)
    .flatMap((a) => a.questions)
    .filter((q) => !q.showIf && kinds.includes(q.kind));
}
