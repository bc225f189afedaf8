import { createHash } from "node:crypto";

import { and, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";

import { prepared, writeTogether, writeTransaction } from "../../db/connection.server";
import { activity, answers, users } from "../../db/schema";
import type { Answers, AnswerValue } from "~/engine/content/types";

import {
  CLEARED,
  effectiveValue,
  isCleared,
  liveAnswer,
  type ReviewedValue,
  type StoredValue,
} from "./effective-value";
import { bumpEngagement } from "./engagement.server";

export type StoredAnswer = {
  questionId: string;
  value: StoredValue;
  notApplicableReason: string | null;
  note: string;
  contentVersion: string;
  answeredBy: string;
  answeredByName: string;
  answeredAt: number;
  review: "verified" | "corrected" | null;
  correctedValue: StoredValue | null;
  reviewNote: string | null;
  reviewedAt: number | null;
  /** who verified or corrected it, named like the one who answered; null without a review */
  reviewedByName: string | null;
  version: number;
};

export async function listAnswers({ engagementId }: { engagementId: string }): Promise<StoredAnswer[]> {
  const reviewer = alias(users, "reviewer");
  const rows = prepared("answers-of-engagement", (conn) =>
    conn
      .select({
        questionId: answers.questionId,
        value: answers.value,
        notApplicableReason: answers.notApplicableReason,
        note: answers.note,
        contentVersion: answers.contentVersion,
        answeredBy: answers.answeredBy,
        answeredByName: users.name,
        answeredByEmail: users.email,
        answeredAt: answers.answeredAt,
        review: answers.review,
        correctedValue: answers.correctedValue,
        reviewNote: answers.reviewNote,
        reviewedAt: answers.reviewedAt,
        reviewerName: reviewer.name,
        reviewerEmail: reviewer.email,
        version: answers.version,
      })
      .from(answers)
      .innerJoin(users, eq(users.id, answers.answeredBy))
      .leftJoin(reviewer, eq(reviewer.id, answers.reviewedBy))
      .where(and(eq(answers.engagementId, sql.placeholder("engagementId")), liveAnswer))
      .prepare(),
  ).all({ engagementId });
  return rows.map(({ answeredByEmail, reviewerName, reviewerEmail, ...row }) => ({
    ...row,
    answeredByName: row.answeredByName || answeredByEmail,
    // A review left by an account since deleted keeps no name: the pages then say "partner".
    reviewedByName: row.review ? reviewerName || reviewerEmail || null : null,
  }));
}

/** The answers the engine scores, corrections applied. */
export function effectiveAnswers(rows: ReadonlyArray<ReviewedValue & { questionId: string }>): Answers {
  // Keyed by question ids, which an imported file may set to anything ("__proto__"): no prototype.
  const result: Answers = Object.create(null);
  for (const row of rows) result[row.questionId] = effectiveValue(row) as AnswerValue;
  return result;
}

/**
 * The answers that count (corrections applied) to the given questions only, without who or when:
 * what a save checks the visibility of its questions against (the questions conditions read), at a
 * fraction of listAnswers' work.
 */
export async function effectiveAnswerValues({
  engagementId,
  questionIds,
}: {
  engagementId: string;
  questionIds: readonly string[];
}): Promise<Answers> {
  const rows = prepared("answer-values-of-questions", (conn) =>
    conn
      .select({
        questionId: answers.questionId,
        value: answers.value,
        review: answers.review,
        correctedValue: answers.correctedValue,
      })
      .from(answers)
      .where(
        and(
          eq(answers.engagementId, sql.placeholder("engagementId")),
          sql`${answers.questionId} in (select value from json_each(${sql.placeholder("questionIds")}))`,
          liveAnswer,
        ),
      )
      .prepare(),
  ).all({ engagementId, questionIds: JSON.stringify(questionIds) });
  return effectiveAnswers(rows);
}

export type AnswerInput = {
  questionId: string;
  /** null clears the answer */
  value: StoredValue | null;
  note: string;
  notApplicableReason: string | null;
  /** the version the editor saw; 0 when there was no answer */
  baseVersion: number;
  /**
   * What the page showed for this question (answerToken), when the whole page was posted (without
   * JavaScript every question is sent, changed or not): see saveAnswers. Absent for an autosave,
   * which sends a question only when it was changed.
   */
  shown?: string;
};

type AnswerContent = { value: StoredValue | null; note: string; notApplicableReason: string | null };

/**
 * A short token of what an answer says (value, note, reason), for the page to send back with it: a
 * question sent back exactly as it was shown was not changed by whoever sent it. No answer shown
 * is the token of none.
 */
export function answerToken(a: AnswerContent | undefined): string {
  const content = a ? [a.value, a.note, a.notApplicableReason ?? null] : [null, "", null];
  return createHash("sha256").update(JSON.stringify(content)).digest("base64url").slice(0, 22);
}

export type SaveResult = {
  saved: Array<{
    questionId: string;
    version: number;
    /** false when the input asked for what was already stored */
    changed: boolean;
    /** what was stored before: nothing, a plain answer, or an answer a partner had reviewed */
    before: "none" | "answered" | "reviewed";
  }>;
  conflicts: Array<{ questionId: string; current: StoredAnswer | null }>;
};

function sameAnswer(
  row: { value: StoredValue; note: string; notApplicableReason: string | null } | undefined,
  input: AnswerInput,
): boolean {
  if (!row) return input.value === null && input.note === "";
  return (
    input.value !== null &&
    JSON.stringify(row.value) === JSON.stringify(input.value) &&
    row.note === input.note &&
    (row.notApplicableReason ?? null) === (input.notApplicableReason ?? null)
  );
}

// The statements of an autosave, prepared once per connection: building a query with drizzle and
// preparing it cost more than running it (~0.3 ms each, four per save).
const answerWhere = and(
  eq(answers.engagementId, sql.placeholder("engagementId")),
  eq(answers.questionId, sql.placeholder("questionId")),
);
const currentAnswer = () =>
  prepared("answer-current", (conn) =>
    conn
      .select({
        value: answers.value,
        note: answers.note,
        notApplicableReason: answers.notApplicableReason,
        review: answers.review,
        version: answers.version,
      })
      .from(answers)
      .where(answerWhere)
      .prepare(),
  );
// A new founder answer supersedes an earlier review of the old one: the review columns are reset.
const upsertAnswer = () =>
  prepared("answer-upsert", (conn) =>
    conn
      .insert(answers)
      .values({
        engagementId: sql.placeholder("engagementId"),
        questionId: sql.placeholder("questionId"),
        value: sql.placeholder("value"),
        note: sql.placeholder("note"),
        notApplicableReason: sql.placeholder("notApplicableReason"),
        contentVersion: sql.placeholder("contentVersion"),
        answeredBy: sql.placeholder("answeredBy"),
        answeredAt: sql.placeholder("answeredAt"),
        ...NO_REVIEW,
        version: sql.placeholder("version"),
      })
      .onConflictDoUpdate({
        target: [answers.engagementId, answers.questionId],
        // Keyed by the table's field names, as drizzle's `set` wants: it drops keys it does not know
        // without a word, and keyed by column names every change after the first kept the old note,
        // reason, author and review.
        set: Object.fromEntries(
          (
            [
              "value",
              "note",
              "notApplicableReason",
              "contentVersion",
              "answeredBy",
              "answeredAt",
              "review",
              "correctedValue",
              "reviewNote",
              "reviewedBy",
              "reviewedAt",
              "version",
            ] as const
          ).map((field) => [field, sql.raw(`excluded.${answers[field].name}`)]),
        ),
      })
      .prepare(),
  );
const insertActivity = () =>
  prepared("activity-insert", (conn) =>
    conn
      .insert(activity)
      .values({
        engagementId: sql.placeholder("engagementId"),
        userId: sql.placeholder("userId"),
        kind: sql.placeholder("kind"),
        detail: sql.placeholder("detail"),
      })
      .prepare(),
  );

/**
 * A founder's new answer supersedes any review of the old one: what the partner verified or
 * corrected was a different answer. Every write of a founder answer sets these.
 */
export const NO_REVIEW = {
  review: null,
  correctedValue: null,
  reviewNote: null,
  reviewedBy: null,
  reviewedAt: null,
} as const;

/**
 * Saves answers in one transaction, committed together with the other saves of the same moment
 * (writeTogether: one fsync for many autosaves). Each answer is versioned: an input whose
 * baseVersion is not the stored version is a conflict (someone else saved in between) and is not
 * written, unless it asks for exactly what is already stored. Other answers in the batch still save.
 */
export async function saveAnswers({
  engagementId,
  userId,
  contentVersion,
  inputs,
}: {
  engagementId: string;
  userId: string;
  contentVersion: string;
  inputs: readonly AnswerInput[];
}): Promise<SaveResult> {
  const now = Date.now();
  const result: SaveResult = { saved: [], conflicts: [] };
  const conflictIds: string[] = [];
  await writeTogether((tx) => {
    const written: string[] = [];
    for (const input of inputs) {
      const key = { engagementId, questionId: input.questionId };
      const row = currentAnswer().get(key);
      // A cleared answer reads as none, but its version goes on (CLEARED, in effective-value.ts).
      const current = row && !isCleared(row) ? row : undefined;
      const currentVersion = row?.version ?? 0;
      const before = !current ? "none" : current.review ? "reviewed" : "answered";
      if (sameAnswer(current, input)) {
        result.saved.push({
          questionId: input.questionId,
          version: current?.version ?? 0,
          changed: false,
          before,
        });
        continue;
      }
      // A page shows a cleared answer as none, and saves against it as version 0.
      const expected = current ? [currentVersion] : [0, currentVersion];
      if (!expected.includes(input.baseVersion)) {
        // Sent back exactly as a page showed it at an older version: whoever sent it changed nothing
        // here (QA 6, finding 1: a whole section posted without JavaScript carries every question).
        // Someone else's newer answer stands; neither saved nor a conflict. Without this, the refusal
        // said "your change was not saved" of an untouched question, and the page after it, showing
        // the old answer with the new version, wrote the old answer over theirs on the next save.
        if (input.shown !== undefined && input.shown === answerToken(input)) continue;
        conflictIds.push(input.questionId);
        continue;
      }
      const clearing = input.value === null && input.note === "";
      upsertAnswer().run({
        ...key,
        value: clearing ? CLEARED.value : (input.value ?? ""),
        note: input.note,
        notApplicableReason: input.notApplicableReason,
        contentVersion,
        answeredBy: userId,
        answeredAt: now,
        version: currentVersion + 1,
      });
      written.push(input.questionId);
      result.saved.push({
        questionId: input.questionId,
        // The page now shows no answer, which it saves against as version 0.
        version: clearing ? 0 : currentVersion + 1,
        changed: true,
        before,
      });
    }
    if (written.length > 0) {
      insertActivity().run({ engagementId, userId, kind: "answers.saved", detail: { questions: written } });
      bumpEngagement(tx, engagementId);
    }
  });
  if (conflictIds.length > 0) {
    const all = await listAnswers({ engagementId });
    for (const questionId of conflictIds) {
      result.conflicts.push({ questionId, current: all.find((a) => a.questionId === questionId) ?? null });
    }
  }
  return result;
}

/**
 * A partner's review of one answer: "verified" (it is right) or "corrected" (with the value that is
 * actually true). The founder's own answer is kept; scoring uses the correction. Versioned like any
 * other answer edit.
 */
export async function reviewAnswer({
  engagementId,
  questionId,
  userId,
  version,
  review,
  correctedValue,
  note,
}: {
  engagementId: string;
  questionId: string;
  userId: string;
  version: number;
  review: "verified" | "corrected" | null;
  correctedValue: StoredValue | null;
  note: string;
}): Promise<{ ok: true; version: number } | { ok: false; reason: "conflict" | "unanswered" }> {
  return writeTransaction((tx) => {
    const where = and(eq(answers.engagementId, engagementId), eq(answers.questionId, questionId));
    const current = tx
      .select({ version: answers.version, value: answers.value, note: answers.note })
      .from(answers)
      .where(where)
      .get();
    if (!current || isCleared(current)) return { ok: false as const, reason: "unanswered" as const };
    if (current.version !== version) return { ok: false as const, reason: "conflict" as const };
    // The note is part of the review: clearing the review clears it too, whatever the form still
    // held, or it would stay on the row and be shown as the note of a later verification.
    const kept = review ? note : "";
    tx.update(answers)
      .set({
        review,
        correctedValue: review === "corrected" ? correctedValue : null,
        reviewNote: kept || null,
        reviewedBy: review ? userId : null,
        reviewedAt: review ? Date.now() : null,
        version: version + 1,
      })
      .where(where)
      .run();
    tx.insert(activity)
      .values({
        engagementId,
        userId,
        kind: `answer.${review ?? "review-cleared"}`,
        detail: { questionId, note: kept },
      })
      .run();
    bumpEngagement(tx, engagementId);
    return { ok: true as const, version: version + 1 };
  });
}

/**
 * Marks several answers verified in one transaction. Each comes with the version the partner saw: an
 * answer changed since (by the founder, or reviewed by someone else) is skipped and reported, never
 * verified unseen. Answers already verified are left as they are. One activity entry for the batch.
 */
export async function verifyAnswers({
  engagementId,
  userId,
  seen,
}: {
  engagementId: string;
  userId: string;
  seen: ReadonlyArray<{ questionId: string; version: number }>;
}): Promise<{ verified: string[]; changed: string[] }> {
  return writeTransaction((tx) => {
    const verified: string[] = [];
    const changed: string[] = [];
    const now = Date.now();
    for (const { questionId, version } of seen) {
      const where = and(eq(answers.engagementId, engagementId), eq(answers.questionId, questionId));
      const current = tx
        .select({
          version: answers.version,
          review: answers.review,
          value: answers.value,
          note: answers.note,
        })
        .from(answers)
        .where(where)
        .get();
      if (!current || isCleared(current) || current.version !== version) {
        changed.push(questionId);
        continue;
      }
      if (current.review === "verified") continue;
      tx.update(answers)
        .set({
          review: "verified",
          correctedValue: null,
          // A verification in bulk has no note of its own: none left over (by a correction, or by a
          // review cleared before clearing dropped its note) may pass for one.
          reviewNote: null,
          reviewedBy: userId,
          reviewedAt: now,
          version: version + 1,
        })
        .where(where)
        .run();
      verified.push(questionId);
    }
    if (verified.length > 0) {
      tx.insert(activity)
        .values({
          engagementId,
          userId,
          kind: "answers.verified",
          detail: { questionIds: verified, count: verified.length },
        })
        .run();
      bumpEngagement(tx, engagementId);
    }
    return { verified, changed };
  });
}
