// Whether a new scan's suggestion rests on the same proof as one a person already decided, so
// that the decision stands for it (docs/decisions/012-evidence-from-code.md, "Scanning again").
// Pure: the action uses it to carry decisions over, the pages to mark what is new.

import type { Finding } from "~/engine/evidence/types";

type Proofs = { evidence: readonly Finding[]; evidenceCount: number };

/**
 * A finding's identity from one scan to the next: the rule, the file and what the line says. Not
 * the line number, which an edit above it moves without changing the proof; spacing neither, which
 * a formatter changes. Repository-level findings ("no tests anywhere") have no file and no excerpt.
 */
function proofKey(f: Finding): string {
  const said = f.excerpt === null ? `#${f.line ?? ""}` : f.excerpt.replace(/\s+/g, " ").trim();
  return `${f.ruleId}\u0000${f.file ?? ""}\u0000${said}`;
}

function counted(evidence: readonly Finding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of evidence) counts.set(proofKey(f), (counts.get(proofKey(f)) ?? 0) + 1);
  return counts;
}

/**
 * What `next` shows that `before` did not (by position in `next.evidence`), and how many of
 * `before`'s places `next` no longer shows. Only the kept evidence is compared (at most 8 places a
 * suggestion); a change beyond it shows in the total alone.
 */
export function proofChanges(before: Proofs, next: Proofs): { added: boolean[]; gone: number } {
  const left = counted(before.evidence);
  const added = next.evidence.map((f) => {
    const key = proofKey(f);
    const n = left.get(key) ?? 0;
    if (n === 0) return true;
    left.set(key, n - 1);
    return false;
  });
  let gone = 0;
  for (const n of left.values()) gone += n;
  return { added, gone };
}

/** The same places, as many of them: a decision on `before` stands for `next`. */
export function sameProofs(before: Proofs, next: Proofs): boolean {
  if (before.evidenceCount !== next.evidenceCount) return false;
  const { added, gone } = proofChanges(before, next);
  return gone === 0 && !added.includes(true);
}

type Decision = { questionId: string; optionId: string; status: string; decidedAt: number | null };

/** Per question and option ("select all that apply" has several), the newest decision on it. */
export function latestDecisions<T extends Decision>(suggestions: readonly T[]): Map<string, T> {
  const latest = new Map<string, T>();
  for (const s of suggestions) {
    if (s.status !== "accepted" && s.status !== "rejected") continue;
    const key = answerKey(s.questionId, s.optionId);
    const seen = latest.get(key);
    if (!seen || (s.decidedAt ?? 0) > (seen.decidedAt ?? 0)) latest.set(key, s);
  }
  return latest;
}

export const answerKey = (questionId: string, optionId: string) => `${questionId}\u0000${optionId}`;

/** The answers a scan's findings support (answerKey of question and option), notes left out. */
export function supportedAnswers(
  findings: ReadonlyArray<Pick<Finding, "question" | "option">>,
): ReadonlySet<string> {
  const keys = new Set<string>();
  for (const f of findings) if (f.option !== null) keys.add(answerKey(f.question, f.option));
  return keys;
}

/** The latest scan, as far as "does it still find this?" needs it. */
export type LatestScan = { id: string; label: string; supports: ReadonlySet<string> };

/**
 * Whether the latest scan no longer finds anything for the answer an accepted suggestion backs: it
 * came from an earlier scan (a decision on the same proof is carried to the latest one) and the
 * latest scan's findings support that answer nowhere, on any proof. The key was removed, say, or
 * that scan left the code out. Either way a person should look, and the evidence shown is old.
 */
export function notFoundByLatest(
  s: { scanId: string; questionId: string; optionId: string },
  latest: LatestScan | undefined,
): boolean {
  return (
    latest !== undefined &&
    s.scanId !== latest.id &&
    !latest.supports.has(answerKey(s.questionId, s.optionId))
  );
}
