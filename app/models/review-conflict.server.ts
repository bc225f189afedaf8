import { sql } from "drizzle-orm";

import { activity } from "../../db/schema";
import { describeAnswer } from "~/engine/answer-words";
import type { Question } from "~/engine/content/types";
import { formatDateTime } from "~/utils/format";

import { activityOf } from "./activity-log.server";
import { listAnswers } from "./answer.server";

/**
 * Who cleared the review of an answer last, and when. A cleared review keeps no reviewer on the
 * answer's row, so only the activity log still knows.
 */
function lastReviewCleared(engagementId: string, questionId: string): { name: string; at: number } | null {
  const [row] = activityOf({
    engagementId,
    kinds: ["answer.review-cleared"],
    about: sql`json_extract(${activity.detail}, '$.questionId') = ${questionId}`,
    limit: 1,
  });
  return row ? { name: row.byName || row.byEmail || "Someone", at: row.at } : null;
}

/**
 * What a partner's refused review (the answer's version moved on since their form was drawn) says:
 * who changed what, and when, read as the questionnaire's conflict reads it (a review at or after
 * the answer is the last change; else the answer is) and in its words: a name, then the time. Not
 * "the founder" whoever it was: most often it is another partner's review, or the same partner's
 * in another tab.
 */
export async function reviewConflictMessage({
  engagementId,
  question,
}: {
  engagementId: string;
  question: Pick<Question, "id" | "unit" | "options">;
}): Promise<string> {
  const current = (await listAnswers({ engagementId })).find((a) => a.questionId === question.id);
  const tail =
    " while you were reviewing it, so your review was not saved. What you chose is still below: look at the answer again, then save.";
  if (!current) return `Someone else changed this answer${tail}`;
  const reviewer = current.reviewedByName || "Another engineering partner";
  if (current.review && current.reviewedAt !== null && current.reviewedAt >= current.answeredAt) {
    const when = formatDateTime(current.reviewedAt);
    return current.review === "verified"
      ? `${reviewer} verified this answer (${when})${tail}`
      : `${reviewer} corrected this answer to “${describeAnswer(question, current.correctedValue)}” (${when})${tail}`;
  }
  const cleared = current.review ? null : lastReviewCleared(engagementId, question.id);
  if (cleared && cleared.at >= current.answeredAt)
    return `${cleared.name} cleared the review of this answer (${formatDateTime(cleared.at)})${tail}`;
  return `${current.answeredByName} changed this answer to “${describeAnswer(question, current.value)}” (${formatDateTime(current.answeredAt)})${tail}`;
}
