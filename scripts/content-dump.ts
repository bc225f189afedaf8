// Prints the resolved content as JSON: `npm run --silent content:dump [-- DIR]`.
// Handy for reviewing what the engine will see (defaults applied, discovery tasks generated).

import { loadContentDir } from "../app/models/content.server";
import { formatProblems } from "../app/engine/content/parse";
import type { Content } from "../app/engine/content/types";

/** Content without the lookup Maps, which JSON cannot represent. */
function contentToJson(content: Content) {
  return {
    version: content.version,
    areas: content.areas,
    intake: content.intake.questions,
    tasks: content.tasks,
    coverage: content.coverage,
    conflicts: content.conflicts,
  };
}

const dir = process.argv[2] ?? process.env.CONTENT_DIR ?? "content";
const result = loadContentDir(dir);

if (result.ok) {
  process.stdout.write(`${JSON.stringify(contentToJson(result.content), null, 2)}\n`);
} else {
  console.error(formatProblems(result.problems));
  process.exitCode = 1;
}
