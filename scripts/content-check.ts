// Validates the question bank: `npm run content:check [-- DIR]` (default: CONTENT_DIR or content/).
// Exit 0 with a one-line summary, or 1 with every problem as `file: path: reason` on stderr.

import { loadContentDir } from "../app/models/content.server";
import { formatProblems } from "../app/engine/content/parse";

const dir = process.argv[2] ?? process.env.CONTENT_DIR ?? "content";
const result = loadContentDir(dir);

if (result.ok) {
  const { areas, intake, tasks, version } = result.content;
  const questions = intake.questions.length + areas.reduce((n, a) => n + a.questions.length, 0);
  console.log(
    `Content OK: ${areas.length} areas, ${questions} questions, ${tasks.length} tasks (version ${version})`,
  );
} else {
  console.error(formatProblems(result.problems));
  console.error(`\n${result.problems.length} problem${result.problems.length === 1 ? "" : "s"} in ${dir}`);
  process.exitCode = 1;
}
