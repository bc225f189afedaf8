// Scans a repository on this machine: `npm run scan -- DIR|ARCHIVE [--json]`.
// The same reader limits and rules as an upload. Nothing is executed, installed or imported from
// the scanned code, and nothing is written anywhere: the report goes to stdout. `--json` prints a
// scan file that an engagement can import (Assessment → Evidence from code → Import a scan file).
// Exit 0 after a scan (findings or not), 1 when the code could not be read, 2 on wrong usage.

import { statSync, readFileSync } from "node:fs";
import path from "node:path";

import { formatProblems } from "../app/engine/content/parse";
import type { Content } from "../app/engine/content/types";
import { toScanFile } from "../app/engine/evidence/scan-file";
import { ScanTimeoutError } from "../app/engine/evidence/scan";
import { notesFrom, suggestAnswers, type Suggestion } from "../app/engine/evidence/suggest";
import { CONFIDENCE_LABELS } from "../app/engine/evidence/types";
import { ArchiveError, DEFAULT_LIMITS, megabytes } from "../app/evidence/limits";
import { loadEvidenceRulesDir } from "../app/evidence/rules.server";
import {
  scanArchiveBytes,
  scanDirectory,
  scanStats,
  type ScanJobResult,
} from "../app/evidence/scan-job.server";
import { loadContentDir } from "../app/models/content.server";

const USAGE = "Usage: npm run scan -- DIR|ARCHIVE [--json]   (ARCHIVE: .zip or .tar.gz)";
const BUDGET_MS = 120_000;

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const json = args.includes("--json");
  const targets = args.filter((a) => a !== "--json");
  if (targets.length !== 1 || targets[0].startsWith("-")) {
    console.error(USAGE);
    return 2;
  }
  const target = targets[0];

  const contentDir = process.env.CONTENT_DIR ?? "content";
  const loaded = loadContentDir(contentDir);
  if (!loaded.ok) {
    console.error(`Content in ${contentDir} is invalid:\n${formatProblems(loaded.problems)}`);
    return 1;
  }
  const rules = loadEvidenceRulesDir(contentDir, loaded.content);
  if (!rules.ok) {
    console.error(`Evidence rules in ${contentDir} are invalid:\n${formatProblems(rules.problems)}`);
    return 1;
  }

  let stat;
  try {
    stat = statSync(target);
  } catch {
    console.error(`Not found: ${target}\n${USAGE}`);
    return 2;
  }
  let job: ScanJobResult;
  try {
    if (stat.isDirectory()) {
      job = scanDirectory(target, rules.ruleSet, { budgetMs: BUDGET_MS });
    } else {
      if (stat.size > DEFAULT_LIMITS.maxArchiveBytes) {
        throw new ArchiveError(
          "too-large",
          `The archive is larger than ${megabytes(DEFAULT_LIMITS.maxArchiveBytes)}.`,
        );
      }
      job = await scanArchiveBytes(readFileSync(target), rules.ruleSet, { budgetMs: BUDGET_MS });
    }
  } catch (error) {
    if (error instanceof ArchiveError || error instanceof ScanTimeoutError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }

  // Nothing read means every "absent" rule would fire ("no tests", "no CI"): suggestions about code
  // that was never seen. The server refuses such a scan file on import; say so here, before.
  if (job.result.stats.scanned === 0) {
    const { files, binary, tooLarge, ignored } = job.read;
    const total = files + ignored;
    console.error(
      `No source files to read in ${target} (${total} ${total === 1 ? "file" : "files"}: ${binary} binary, ${tooLarge} too large, ${ignored} in dependency or build folders). Scan the folder or archive that holds the app's source code.`,
    );
    return 1;
  }
  const suggestions = suggestAnswers(job.result.findings, loaded.content);
  if (json) {
    const file = toScanFile({
      result: job.result,
      suggestions,
      source: path.basename(path.resolve(target)),
      stats: scanStats(job),
      scannedAt: new Date(),
    });
    process.stdout.write(`${JSON.stringify(file, null, 2)}\n`);
  } else {
    process.stdout.write(report(target, job, suggestions, loaded.content));
  }
  return 0;
}

function report(target: string, job: ScanJobResult, suggestions: Suggestion[], content: Content): string {
  const { read, result } = job;
  const lines = [
    `Scanned ${path.basename(path.resolve(target))}: ${read.files} files (${result.stats.scanned} read; ${read.tooLarge} too large, ${read.binary} binary, ${read.ignored} in dependency or build folders) in ${Math.round(job.ms)} ms.`,
    `${result.findings.length} finding${result.findings.length === 1 ? "" : "s"}, ${suggestions.length} suggested answer${suggestions.length === 1 ? "" : "s"}. Secrets are always shown redacted.`,
    "",
  ];
  for (const s of suggestions) {
    const question = content.questionsById.get(s.question)!;
    const option = question.options.find((o) => o.id === s.option)!;
    lines.push(`${s.question}: ${question.prompt.replace(/\s+/g, " ")}`);
    lines.push(
      `  Suggested from your code: ${option.label.replace(/\s+/g, " ")}  (${CONFIDENCE_LABELS[s.confidence].toLowerCase()})`,
    );
    for (const f of s.evidence) {
      lines.push(`    - ${f.title}${f.file ? ` — ${f.file}${f.line ? `:${f.line}` : ""}` : ""}`);
      if (f.excerpt) lines.push(`        ${f.excerpt}`);
    }
    if (s.evidenceCount > s.evidence.length)
      lines.push(`    … and ${s.evidenceCount - s.evidence.length} more`);
    lines.push("");
  }
  // Findings that do not decide an answer ("no CI workflow"): shown, but nothing is suggested.
  for (const n of notesFrom(result.findings, content)) {
    const question = content.questionsById.get(n.question)!;
    lines.push(`${n.question}: ${question.prompt.replace(/\s+/g, " ")}`);
    lines.push("  Found in your code (no answer suggested):");
    for (const f of n.evidence) {
      lines.push(`    - ${f.title}${f.file ? ` — ${f.file}${f.line ? `:${f.line}` : ""}` : ""}`);
      if (f.excerpt) lines.push(`        ${f.excerpt}`);
    }
    if (n.evidenceCount > n.evidence.length)
      lines.push(`    … and ${n.evidenceCount - n.evidence.length} more`);
    lines.push("");
  }
  const truncated = Object.entries(result.stats.truncated);
  if (truncated.length > 0) {
    lines.push(`Not listed (limit per rule): ${truncated.map(([id, n]) => `${id} ${n}`).join(", ")}`, "");
  }
  lines.push(
    "To use these in an assessment: run again with --json > scan.json and import the file under Assessment → Evidence from code.",
  );
  return `${lines.join("\n")}\n`;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  },
);
