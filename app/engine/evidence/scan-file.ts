// The scan file: what `npm run scan -- DIR --json` prints, and what an engagement imports. The
// importer trusts only places (file, line, excerpt) and rule ids from it: titles, explanations,
// suggested answers and confidence come from the server's own rules, and excerpts are redacted
// again, so a hand-edited file can neither invent evidence text nor carry an unredacted secret.

import { z } from "zod";

import { redact } from "./redact";
import type { Suggestion } from "./suggest";
import type { EvidenceRuleSet, Finding, ScanResult } from "./types";
import { boundedArray } from "~/utils/bounded-array";

const SCAN_FILE_FORMAT = "finishline-scan";
const SCAN_FILE_VERSION = 1;
/** More findings than a scan can produce (rules × the per-rule cap): anything beyond is not ours. */
const MAX_IMPORTED_FINDINGS = 2000;

interface ScanFileStats {
  files: number;
  scanned: number;
  tooLarge: number;
  binary: number;
  ignored: number;
  ms: number;
}

interface ScanFileJson {
  format: typeof SCAN_FILE_FORMAT;
  formatVersion: typeof SCAN_FILE_VERSION;
  scannedAt: string;
  source: string;
  rulesVersion: string;
  stats: ScanFileStats;
  findings: Finding[];
  suggestions: Array<Pick<Suggestion, "question" | "option" | "confidence" | "evidenceCount">>;
}

export function toScanFile({
  result,
  suggestions,
  source,
  stats,
  scannedAt,
}: {
  result: ScanResult;
  suggestions: Suggestion[];
  source: string;
  stats: ScanFileStats;
  scannedAt: Date;
}): ScanFileJson {
  return {
    format: SCAN_FILE_FORMAT,
    formatVersion: SCAN_FILE_VERSION,
    scannedAt: scannedAt.toISOString(),
    source,
    rulesVersion: result.rulesVersion,
    stats,
    findings: result.findings,
    suggestions: suggestions.map(({ question, option, confidence, evidenceCount }) => ({
      question,
      option,
      confidence,
      evidenceCount,
    })),
  };
}

const ImportedFindingSchema = z.object({
  ruleId: z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
    .max(80),
  file: z.string().min(1).max(500).nullable(),
  line: z.number().int().min(1).max(10_000_000).nullable(),
  excerpt: z.string().max(1000).nullable(),
});

const count = z.number().int().min(0).max(10_000_000);

const ScanFileSchema = z.object({
  format: z.literal(SCAN_FILE_FORMAT),
  formatVersion: z.literal(SCAN_FILE_VERSION),
  scannedAt: z.string().datetime(),
  source: z.string().max(200).default(""),
  rulesVersion: z.string().max(40),
  stats: z
    .object({
      files: count,
      scanned: count,
      tooLarge: count,
      binary: count,
      ignored: count,
      ms: z.number().min(0),
    })
    .partial()
    .default({}),
  findings: boundedArray(ImportedFindingSchema, MAX_IMPORTED_FINDINGS),
});

interface ImportedScan {
  scannedAt: Date;
  source: string;
  rulesVersion: string;
  stats: Partial<ScanFileStats>;
  findings: Finding[];
  /** findings whose rule this server does not have (a newer or older scanner) */
  unknownRules: number;
}

/** Parses a scan file; findings are rebuilt from the server's rules. */
export function importScanFile(
  json: unknown,
  ruleSet: EvidenceRuleSet,
): { ok: true; scan: ImportedScan } | { ok: false; error: string } {
  const parsed = ScanFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length > 0 ? ` at ${issue.path.join(".")}` : "";
    return { ok: false, error: `This is not a Finishline scan file (${issue.message}${where}).` };
  }
  const rules = new Map(ruleSet.rules.map((r) => [r.id, r]));
  let unknownRules = 0;
  const findings: Finding[] = [];
  for (const f of parsed.data.findings) {
    const rule = rules.get(f.ruleId);
    if (!rule) {
      unknownRules++;
      continue;
    }
    findings.push({
      ruleId: rule.id,
      title: rule.title,
      file: f.file,
      line: f.line,
      excerpt: f.excerpt === null ? null : redact(f.excerpt).slice(0, 200),
      question: rule.suggests.question,
      option: rule.suggests.option ?? null,
      confidence: rule.confidence,
      explanation: rule.explanation,
    });
  }
  const { data } = parsed;
  return {
    ok: true,
    scan: {
      scannedAt: new Date(data.scannedAt),
      source: data.source,
      rulesVersion: data.rulesVersion,
      stats: data.stats,
      findings,
      unknownRules,
    },
  };
}
