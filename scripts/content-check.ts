// Validates the question bank and the evidence rules: `npm run content:check [-- DIR]` (default:
// CONTENT_DIR or content/). Exit 0 with a summary, or 1 with every problem as `file: path: reason`
// on stderr.

import { loadContentDir } from "../app/models/content.server";
import { formatProblems } from "../app/engine/content/parse";
import { loadEvidenceRulesDir } from "../app/evidence/rules.server";

const dir = process.argv[2] ?? process.env.CONTENT_DIR ?? "content";
const result = loadContentDir(dir);
// Rules are checked even when the question bank is not: their own problems are reported too, and
// their question references once the bank is valid again.
const evidence = loadEvidenceRulesDir(dir, result.ok ? result.content : undefined);

const problems = [...(result.ok ? [] : result.problems), ...(evidence.ok ? [] : evidence.problems)];
if (problems.length === 0 && result.ok && evidence.ok) {
  const { areas, intake, tasks, conflicts, version } = result.content;
  const questions = intake.questions.length + areas.reduce((n, a) => n + a.questions.length, 0);
  console.log(
    `Content OK: ${areas.length} areas, ${questions} questions, ${tasks.length} tasks, ${conflicts.length} conflicts (version ${version})`,
  );
  const { rules, version: rulesVersion } = evidence.ruleSet;
  console.log(`Evidence rules OK: ${rules.length} rules (version ${rulesVersion})`);
} else {
  console.error(formatProblems(problems));
  console.error(`\n${problems.length} problem${problems.length === 1 ? "" : "s"} in ${dir}`);
  process.exitCode = 1;
}
