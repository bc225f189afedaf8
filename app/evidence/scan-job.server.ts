// One scan, start to end: read the archive (or folder) within the limits, then run the rules with
// a deadline. Used by the scan worker (uploads) and by `npm run scan` (the CLI), so both give the
// same findings for the same code.

import { performance } from "node:perf_hooks";

import { scanFiles } from "~/engine/evidence/scan";
import type { EvidenceRuleSet, ScanResult } from "~/engine/evidence/types";

import { readArchive, type ReadStats } from "./archive.server";
import { DEFAULT_LIMITS, type ReadLimits } from "./limits";
import { readDirectory } from "./read-dir.server";

export interface ScanJobResult {
  result: ScanResult;
  read: ReadStats;
  /** wall time of reading and scanning */
  ms: number;
}

/** What a scan read and how long it took, as a scan file and a stored scan record them. */
export function scanStats(job: ScanJobResult) {
  return {
    files: job.read.files,
    scanned: job.result.stats.scanned,
    tooLarge: job.read.tooLarge,
    binary: job.read.binary,
    ignored: job.read.ignored,
    ms: Math.round(job.ms),
  };
}

export async function scanArchiveBytes(
  bytes: Uint8Array,
  ruleSet: EvidenceRuleSet,
  { limits = DEFAULT_LIMITS, budgetMs }: { limits?: ReadLimits; budgetMs?: number } = {},
): Promise<ScanJobResult> {
  const start = performance.now();
  const { files, stats } = await readArchive(bytes, limits);
  const deadline = budgetMs === undefined ? undefined : start + budgetMs;
  const result = scanFiles(files, ruleSet, { deadline, now: () => performance.now() });
  return { result, read: stats, ms: performance.now() - start };
}

export function scanDirectory(
  dir: string,
  ruleSet: EvidenceRuleSet,
  { limits = DEFAULT_LIMITS, budgetMs }: { limits?: ReadLimits; budgetMs?: number } = {},
): ScanJobResult {
  const start = performance.now();
  const { files, stats } = readDirectory(dir, limits);
  const deadline = budgetMs === undefined ? undefined : start + budgetMs;
  const result = scanFiles(files, ruleSet, { deadline, now: () => performance.now() });
  return { result, read: stats, ms: performance.now() - start };
}
