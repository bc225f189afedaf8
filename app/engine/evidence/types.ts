// Types of the evidence scanner: detection rules (content/evidence/*.yaml), the files a scan reads,
// and what it finds. Pure data: rules travel to the scan worker as JSON and findings are stored as
// JSON, so nothing here holds a RegExp or a function.

export const CONFIDENCES = ["high", "medium", "low"] as const;
export type Confidence = (typeof CONFIDENCES)[number];

export const CONFIDENCE_LABELS: Record<Confidence, string> = {
  high: "High confidence",
  medium: "Medium confidence",
  low: "Low confidence",
};

/**
 * - `match`: one finding per place the pattern occurs (capped per rule);
 * - `present`: one finding, at the first place, when any covered file matches;
 * - `absent`: one repository-level finding when no covered file matches.
 */
type RuleKind = "match" | "present" | "absent";

export interface FileSet {
  /** globs over repository-relative paths (picomatch, dot files included) */
  files: string[];
  exclude: string[];
  /** regex (source) that the file's text must contain, for present/absent without a pattern */
  pattern?: string;
}

export interface EvidenceRule {
  id: string;
  title: string;
  kind: RuleKind;
  files: string[];
  exclude: string[];
  /** regex source, run over each covered file's whole text (flags g, m; i unless caseSensitive) */
  pattern?: string;
  caseSensitive: boolean;
  /** only files whose text matches this regex are covered */
  fileHas?: string;
  /** files whose text matches this regex are not covered (a webhook file that checks signatures) */
  fileLacks?: string;
  /**
   * A match is dropped when this regex, with `{name}` replaced by the match's named group `name`
   * (escaped), matches any covered file: "a table created here is switched to RLS somewhere".
   */
  unlessAnywhere?: string;
  /** the rule applies only to repositories where this file set matches (the app uses Supabase) */
  onlyIf?: FileSet;
  /** the match must be a JWT whose payload has this `role` claim (Supabase service_role keys) */
  jwtRole?: string;
  /** the matched text is a secret: always masked in excerpts, and the explanation advises rotation */
  secret: boolean;
  /**
   * The question the finding is about, and the option it proves. No option: a note. The finding is
   * shown on the question as evidence but suggests no answer, because it does not decide between
   * the options ("no CI workflow" does not say how a change goes live).
   */
  suggests: { question: string; option?: string };
  confidence: Confidence;
  /** founder-facing: what was found and why it matters */
  explanation: string;
  /** content file the rule came from, e.g. "evidence/payments.yaml" */
  source: string;
}

export interface EvidenceRuleSet {
  /** 12 hex chars of sha256 over the evidence files, stored with every scan */
  version: string;
  rules: EvidenceRule[];
}

/** One file of the repository. `text` is absent when the file was not read (binary, too large, ignored). */
export interface ScanFile {
  path: string;
  size: number;
  text?: string;
}

export interface Finding {
  ruleId: string;
  title: string;
  /** null for repository-level findings ("no tests anywhere") */
  file: string | null;
  line: number | null;
  /** the line around the match, secrets redacted; null for repository-level findings */
  excerpt: string | null;
  question: string;
  /** the option the finding suggests; null: a note, evidence on the question that suggests no answer */
  option: string | null;
  confidence: Confidence;
  explanation: string;
}

interface ScanStats {
  /** files in the repository (including ones not read) */
  files: number;
  /** files whose text was scanned */
  scanned: number;
  rules: number;
  findings: number;
  /** rules whose findings were capped, with how many were left out */
  truncated: Record<string, number>;
}

export interface ScanResult {
  rulesVersion: string;
  findings: Finding[];
  stats: ScanStats;
}

/** An answer that rests on accepted evidence, as results, the review page and the PDFs mark it. */
export interface EvidenceNote {
  questionId: string;
  prompt: string;
  /** the answer in words */
  answer: string;
  /** the strongest piece of evidence: its rule title and place ("src/lib/ai.ts:4") */
  title: string;
  place: string | null;
  confidence: Confidence;
  /** how many places support it */
  count: number;
  /**
   * The latest scan's name, when that scan no longer finds anything for this answer (the key was
   * removed, or the scan left that code out): the evidence shown is from an earlier scan.
   */
  notFoundBy?: string;
}
