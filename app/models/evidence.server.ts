// Scans of an engagement's code and the answers they suggest. Only findings are stored (excerpts
// redacted by the scanner); the code itself never reaches this module.

import { and, desc, eq, inArray, ne, sql } from "drizzle-orm";

import { prepared, writeTransaction, type Db } from "../../db/connection.server";
import { activity, answers, codeScans, evidenceSuggestions, users } from "../../db/schema";
import type { Answers, Content, Question } from "~/engine/content/types";
import { includesOption, sameValue, withOption } from "~/engine/evidence/answer-value";
import type { Suggestion } from "~/engine/evidence/suggest";
import type { Confidence, Finding } from "~/engine/evidence/types";
import { newId } from "~/utils/ids.server";
import type { Role } from "~/auth/permissions";

import { answerKey, type LatestScan } from "~/evidence/same-evidence";

import { NO_REVIEW } from "./answer.server";
import { effectiveValue, isCleared } from "./effective-value";
import { bumpEngagement } from "./engagement.server";

type ScanSource = "upload" | "import";

type ScanSummary = {
  id: string;
  source: ScanSource;
  label: string;
  createdAt: number;
  createdByName: string;
  rulesVersion: string;
  stats: Record<string, number>;
  findings: Finding[];
};

export type StoredSuggestion = {
  id: string;
  scanId: string;
  questionId: string;
  optionId: string;
  confidence: Confidence;
  evidence: Finding[];
  evidenceCount: number;
  status: "pending" | "accepted" | "rejected" | "superseded";
  decidedByName: string | null;
  decidedAt: number | null;
  createdAt: number;
  scanLabel: string;
};

/**
 * A suggestion of the new scan, and the decided suggestion whose decision stands for it (the same
 * answer on the same proof): the decision moves to the new one, so what is shown is the newest
 * scan's evidence and nobody is asked again about unchanged code.
 */
export type NewSuggestion = Suggestion & { carries?: string };

/**
 * Stores a scan and its suggestions; undecided suggestions of earlier scans are superseded, and so
 * are decided ones whose decision a new suggestion carries.
 */
export async function createScan({
  engagementId,
  userId,
  source,
  label,
  rulesVersion,
  stats,
  findings,
  suggestions,
}: {
  engagementId: string;
  userId: string;
  source: ScanSource;
  label: string;
  rulesVersion: string;
  stats: Record<string, number>;
  findings: Finding[];
  suggestions: NewSuggestion[];
}): Promise<{ scanId: string }> {
  const scanId = newId();
  writeTransaction((tx) => {
    tx.insert(codeScans)
      .values({ id: scanId, engagementId, createdBy: userId, source, label, rulesVersion, stats, findings })
      .run();
    tx.update(evidenceSuggestions)
      .set({ status: "superseded" })
      .where(
        and(eq(evidenceSuggestions.engagementId, engagementId), eq(evidenceSuggestions.status, "pending")),
      )
      .run();
    for (const s of suggestions) {
      // Read again in the transaction: a decision changed since the action looked is not carried.
      const carried = s.carries
        ? tx
            .select()
            .from(evidenceSuggestions)
            .where(
              and(
                eq(evidenceSuggestions.id, s.carries),
                eq(evidenceSuggestions.engagementId, engagementId),
                eq(evidenceSuggestions.questionId, s.question),
                eq(evidenceSuggestions.optionId, s.option),
                inArray(evidenceSuggestions.status, ["accepted", "rejected"]),
              ),
            )
            .get()
        : undefined;
      if (carried)
        tx.update(evidenceSuggestions)
          .set({ status: "superseded" })
          .where(eq(evidenceSuggestions.id, carried.id))
          .run();
      tx.insert(evidenceSuggestions)
        .values({
          id: newId(),
          engagementId,
          scanId,
          questionId: s.question,
          optionId: s.option,
          confidence: s.confidence,
          evidence: s.evidence,
          evidenceCount: s.evidenceCount,
          // The decision keeps who made it and when.
          ...(carried
            ? { status: carried.status, decidedBy: carried.decidedBy, decidedAt: carried.decidedAt }
            : {}),
        })
        .run();
    }
    tx.insert(activity)
      .values({
        engagementId,
        userId,
        kind: "evidence.scanned",
        detail: {
          label,
          source,
          findings: findings.length,
          suggestions: suggestions.filter((s) => !s.carries).length,
        },
      })
      .run();
  });
  return { scanId };
}

export async function listScans({ engagementId, limit = 10 }: { engagementId: string; limit?: number }) {
  const rows = prepared("scans-of-engagement", (conn) =>
    conn
      .select({
        id: codeScans.id,
        source: codeScans.source,
        label: codeScans.label,
        createdAt: codeScans.createdAt,
        createdByName: users.name,
        createdByEmail: users.email,
        rulesVersion: codeScans.rulesVersion,
        stats: codeScans.stats,
        findings: codeScans.findings,
      })
      .from(codeScans)
      .innerJoin(users, eq(users.id, codeScans.createdBy))
      .where(eq(codeScans.engagementId, sql.placeholder("engagementId")))
      .orderBy(desc(codeScans.createdAt))
      .limit(sql.placeholder("limit"))
      .prepare(),
  ).all({ engagementId, limit });
  return rows.map(({ createdByEmail, ...r }): ScanSummary => ({
    ...r,
    createdByName: r.createdByName || createdByEmail,
    findings: r.findings as Finding[],
  }));
}

/**
 * The latest scan and the answers its findings support, for pages that ask only whether it still
 * finds what accepted answers rest on (results, review, PDFs): the findings are read in SQLite,
 * not parsed here. Undefined before the first scan.
 */
export async function latestScan({
  engagementId,
}: {
  engagementId: string;
}): Promise<LatestScan | undefined> {
  const row = prepared("latest-scan-supports", (conn) =>
    conn
      .select({
        id: codeScans.id,
        label: codeScans.label,
        // "question<US>option" per answer a finding supports (notes, with no option, left out).
        supports: sql<string>`(select json_group_array(distinct json_extract(f.value, '$.question') || char(31) || json_extract(f.value, '$.option')) from json_each(${codeScans.findings}) as f where json_extract(f.value, '$.option') is not null)`,
      })
      .from(codeScans)
      .where(eq(codeScans.engagementId, sql.placeholder("engagementId")))
      .orderBy(desc(codeScans.createdAt))
      .limit(1)
      .prepare(),
  ).get({ engagementId });
  if (!row) return undefined;
  const supports = new Set<string>();
  for (const pair of JSON.parse(row.supports) as string[]) {
    const [question = "", option = ""] = pair.split("\u001f");
    supports.add(answerKey(question, option));
  }
  return { id: row.id, label: row.label, supports };
}

/**
 * Whether any code has been scanned (or a scan imported) for this engagement: the review and
 * results pages offer the code step until one has.
 */
export async function hasScan({ engagementId }: { engagementId: string }): Promise<boolean> {
  const row = prepared("scan-exists", (conn) =>
    conn
      .select({ id: codeScans.id })
      .from(codeScans)
      .where(eq(codeScans.engagementId, sql.placeholder("engagementId")))
      .limit(1)
      .prepare(),
  ).get({ engagementId });
  return row !== undefined;
}

function selectSuggestions(conn: Db) {
  return conn
    .select({
      id: evidenceSuggestions.id,
      scanId: evidenceSuggestions.scanId,
      questionId: evidenceSuggestions.questionId,
      optionId: evidenceSuggestions.optionId,
      confidence: evidenceSuggestions.confidence,
      evidence: evidenceSuggestions.evidence,
      evidenceCount: evidenceSuggestions.evidenceCount,
      status: evidenceSuggestions.status,
      decidedByName: users.name,
      decidedByEmail: users.email,
      decidedAt: evidenceSuggestions.decidedAt,
      createdAt: evidenceSuggestions.createdAt,
      scanLabel: codeScans.label,
    })
    .from(evidenceSuggestions)
    .innerJoin(codeScans, eq(codeScans.id, evidenceSuggestions.scanId))
    .leftJoin(users, eq(users.id, evidenceSuggestions.decidedBy));
}

type SuggestionRow = Awaited<ReturnType<ReturnType<typeof selectSuggestions>["all"]>>[number];

function toStored({ decidedByEmail, ...row }: SuggestionRow): StoredSuggestion {
  return {
    ...row,
    evidence: row.evidence as Finding[],
    decidedByName: row.decidedByName || decidedByEmail || null,
  };
}

/** Whether a question has suggestions the questionnaire shows (pending, or accepted as evidence). */
export async function hasShownSuggestions({
  engagementId,
  questionId,
}: {
  engagementId: string;
  questionId: string;
}): Promise<boolean> {
  const row = prepared("suggestion-shown", (conn) =>
    conn
      .select({ id: evidenceSuggestions.id })
      .from(evidenceSuggestions)
      .where(
        and(
          eq(evidenceSuggestions.engagementId, sql.placeholder("engagementId")),
          eq(evidenceSuggestions.questionId, sql.placeholder("questionId")),
          inArray(evidenceSuggestions.status, ["pending", "accepted"]),
        ),
      )
      .limit(1)
      .prepare(),
  ).get({ engagementId, questionId });
  return row !== undefined;
}

/** Undecided and decided suggestions (not superseded ones), newest first. */
export async function listSuggestions({
  engagementId,
  statuses = ["pending", "accepted", "rejected"],
}: {
  engagementId: string;
  /** which to read; pages that only show the evidence behind answers need the accepted ones */
  statuses?: Array<"pending" | "accepted" | "rejected">;
}): Promise<StoredSuggestion[]> {
  // Prepared once per set of statuses: results and review read this on every view, and building
  // the joined query each time cost more than running it.
  const key = [...statuses].sort().join(",");
  return prepared(`suggestions:${key}`, (conn) =>
    selectSuggestions(conn)
      .where(
        and(
          eq(evidenceSuggestions.engagementId, sql.placeholder("engagementId")),
          inArray(evidenceSuggestions.status, [...statuses]),
        ),
      )
      .orderBy(desc(evidenceSuggestions.createdAt))
      .prepare(),
  )
    .all({ engagementId })
    .map(toStored);
}

/**
 * The evidence behind answers: per question, the latest accepted suggestion whose option the
 * answer that counts now still says (a partner's correction included; for a "select all that apply"
 * question, still among the selected). An answer changed away from the evidence is no longer
 * evidence-backed.
 */
export function evidenceBehind(
  suggestions: readonly StoredSuggestion[],
  effective: Answers,
  content: Pick<Content, "questionsById">,
): Record<string, StoredSuggestion> {
  const result: Record<string, StoredSuggestion> = Object.create(null);
  const accepted = suggestions
    .filter((s) => s.status === "accepted")
    .sort((a, b) => (b.decidedAt ?? 0) - (a.decidedAt ?? 0));
  for (const s of accepted) {
    const question = content.questionsById.get(s.questionId);
    if (!question || s.questionId in result) continue;
    if (includesOption(question, effective[s.questionId], s.optionId)) result[s.questionId] = s;
  }
  return result;
}

type DecideResult =
  | { ok: true; questionId: string; changed: boolean }
  | { ok: false; reason: "not-found" | "decided" | "outdated" };

/**
 * A person's decision on a suggestion. Accepting puts the suggested option into the answers in the
 * way the person's role allows (docs/decisions/012-evidence-from-code.md): a founder's accept is their answer; a
 * partner's accept is a correction of the founder's answer (or a verification, when the founder
 * already said the same), and stands as the answer where the founder has not answered yet.
 */
export async function decideSuggestion({
  engagementId,
  suggestionId,
  userId,
  role,
  decision,
  content,
}: {
  engagementId: string;
  suggestionId: string;
  userId: string;
  role: Role;
  decision: "accept" | "reject";
  content: Pick<Content, "version" | "questionsById">;
}): Promise<DecideResult> {
  const contentVersion = content.version;
  return writeTransaction((tx): DecideResult => {
    const suggestion = tx
      .select()
      .from(evidenceSuggestions)
      .where(
        and(eq(evidenceSuggestions.id, suggestionId), eq(evidenceSuggestions.engagementId, engagementId)),
      )
      .get();
    if (!suggestion) return { ok: false, reason: "not-found" };
    if (suggestion.status !== "pending") return { ok: false, reason: "decided" };
    const { questionId, optionId } = suggestion;
    const question = content.questionsById.get(questionId);
    // Made for an older question bank whose question or option is gone: accepting it would store
    // an answer the questions no longer offer (and the engagement's export could not be imported).
    if (decision === "accept" && !question?.options.some((o) => o.id === optionId))
      return { ok: false, reason: "outdated" };
    const now = Date.now();
    tx.update(evidenceSuggestions)
      .set({ status: decision === "accept" ? "accepted" : "rejected", decidedBy: userId, decidedAt: now })
      .where(eq(evidenceSuggestions.id, suggestionId))
      .run();
    // An answer asked again for new evidence, accepted: the new evidence replaces the old behind it
    // (one acceptance per answer), so the page does not list the same acceptance twice.
    if (decision === "accept")
      tx.update(evidenceSuggestions)
        .set({ status: "superseded" })
        .where(
          and(
            eq(evidenceSuggestions.engagementId, engagementId),
            eq(evidenceSuggestions.questionId, questionId),
            eq(evidenceSuggestions.optionId, optionId),
            eq(evidenceSuggestions.status, "accepted"),
            ne(evidenceSuggestions.id, suggestionId),
          ),
        )
        .run();
    let changed = false;
    if (decision === "accept" && question)
      changed = applyAccepted(tx, { engagementId, userId, role, contentVersion, question, suggestion, now });
    tx.insert(activity)
      .values({
        engagementId,
        userId,
        kind: decision === "accept" ? "evidence.accepted" : "evidence.rejected",
        detail: { questionId, optionId },
      })
      .run();
    // Accepting may change the answers; either way the questionnaire's evidence state changed.
    bumpEngagement(tx, engagementId);
    return { ok: true, questionId, changed };
  });
}

function applyAccepted(
  tx: Db,
  {
    engagementId,
    userId,
    role,
    contentVersion,
    question,
    suggestion,
    now,
  }: {
    engagementId: string;
    userId: string;
    role: Role;
    contentVersion: string;
    question: Question;
    suggestion: typeof evidenceSuggestions.$inferSelect;
    now: number;
  },
): boolean {
  const { questionId, optionId } = suggestion;
  const where = and(eq(answers.engagementId, engagementId), eq(answers.questionId, questionId));
  const current = tx.select().from(answers).where(where).get();
  const first = (suggestion.evidence as Finding[])[0];
  const source = first
    ? `${first.title}${first.file ? ` (${first.file}${first.line ? `:${first.line}` : ""})` : ""}`
    : "";
  if (!current || isCleared(current)) {
    // No answer yet, or a cleared one, whose version goes on (effective-value.ts).
    const fresh = {
      value: withOption(question, undefined, optionId),
      note: "",
      notApplicableReason: null,
      contentVersion,
      answeredBy: userId,
      answeredAt: now,
      ...NO_REVIEW,
      version: (current?.version ?? 0) + 1,
    };
    if (current) tx.update(answers).set(fresh).where(where).run();
    else
      tx.insert(answers)
        .values({ engagementId, questionId, ...fresh })
        .run();
    return true;
  }
  const effective = effectiveValue(current);
  if (role === "founder") {
    const next = withOption(question, current.value, optionId);
    if (sameValue(current.value, next) && current.review !== "corrected") return false;
    tx.update(answers)
      .set({
        value: next,
        notApplicableReason: null,
        contentVersion,
        answeredBy: userId,
        answeredAt: now,
        ...NO_REVIEW,
        version: current.version + 1,
      })
      .where(where)
      .run();
    return true;
  }
  const next = withOption(question, effective, optionId);
  if (sameValue(effective, next) && current.review !== null) return false;
  const confirms = sameValue(current.value, next);
  tx.update(answers)
    .set({
      review: confirms ? "verified" : "corrected",
      correctedValue: confirms ? null : next,
      reviewNote: `${confirms ? "Confirmed" : "Corrected"} by evidence from the code: ${source}`.slice(
        0,
        2000,
      ),
      reviewedBy: userId,
      reviewedAt: now,
      version: current.version + 1,
    })
    .where(where)
    .run();
  return !confirms;
}
