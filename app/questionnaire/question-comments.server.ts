import { data, redirect } from "@remix-run/node";
import { z } from "zod";

import { consumeComment } from "~/auth/rate-limit.server";
import { requireMember } from "~/auth/membership.server";
import type { Question } from "~/engine/content/types";
import { notifyComment } from "~/mail/notifications.server";
import { getAnswerState } from "~/models/answer-state.server";
import { CommentBody, addComment, type CommentView } from "~/models/comment.server";
import { visibleSections, sectionPath } from "~/questionnaire/questionnaire";
import { formatDateTime } from "~/utils/format";
import type { RequestArgs } from "~/utils/request-memo.server";

// A thread per question (partner audit #11): the partner may not answer for the founder (decision
// 005), so on an open or "I'm not sure" question they ask in its thread, and the founder reads and
// answers it under the question itself.

const QuestionCommentSchema = z.object({
  questionId: z.string({ required_error: "Choose a question." }).min(1).max(120),
  body: CommentBody,
});

/** A refused question comment, for the page to show beside that question's box. */
export type QuestionCommentError = { comment: { questionId: string; error: string; typed: string } };

/** Where a question is answered: its section's page, at the question. */
export function questionHref(engagementId: string, question: Pick<Question, "id" | "area">): string {
  const path = sectionPath(question.area);
  return `/engagements/${engagementId}/assess${path ? `/${path}` : ""}#q-${question.id}`;
}

/** The comments on each question, oldest first, as the threads show them. */
export function questionThreads(comments: CommentView[]) {
  const threads: Record<
    string,
    Array<{ id: string; body: string; authorName: string; createdAt: string }>
  > = {};
  for (const c of comments) {
    if (c.targetType !== "question") continue;
    (threads[c.targetId] ??= []).push({
      id: c.id,
      body: c.body,
      authorName: c.authorName,
      createdAt: formatDateTime(c.createdAt),
    });
  }
  return threads;
}

/**
 * Adds a comment to a question's thread, from the review page or a questionnaire page (`back`: the
 * page to come back to, at the question). Any member who may comment (plan items' rule); the
 * question must be one this engagement's questionnaire shows, else 404.
 */
export async function commentOnQuestion({
  request,
  context,
  engagementId,
  formData,
  back,
}: RequestArgs & {
  engagementId: string | undefined;
  formData: FormData;
  back: (questionId: string) => string;
}) {
  const { engagement, user } = await requireMember({ request, context }, engagementId, "comment");
  const typed = String(formData.get("body") ?? "").slice(0, 20_000);
  const questionId = String(formData.get("questionId") ?? "").slice(0, 120);
  const parsed = QuestionCommentSchema.safeParse({
    questionId: formData.get("questionId") ?? undefined,
    body: formData.get("body") ?? undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    if (issue.path[0] === "questionId")
      throw new Response("That question is not in this assessment.", { status: 400 });
    return data<QuestionCommentError>(
      { comment: { questionId, error: issue.message, typed } },
      { status: 400 },
    );
  }
  const { content, answers } = await getAnswerState({ engagement });
  const shown = visibleSections(content, answers).some((s) => s.questions.some((q) => q.id === questionId));
  const question = content.questionsById.get(questionId);
  // A made-up id, or a question this engagement's answers hide: there is no thread to add to.
  if (!question || !shown) throw new Response("That question is not in this assessment.", { status: 404 });
  // Past the author's comment limit: refused beside the box, with the text kept, and 429.
  const limited = await consumeComment(user.id);
  if (limited) {
    return data<QuestionCommentError>(
      { comment: { questionId, error: limited.message, typed } },
      { status: 429, headers: { "Retry-After": String(limited.retryAfter) } },
    );
  }
  await addComment({
    engagementId: engagement.id,
    userId: user.id,
    targetType: "question",
    targetId: questionId,
    body: parsed.data.body,
  });
  notifyComment({
    request,
    engagement,
    author: user,
    target: {
      type: "question",
      id: questionId,
      prompt: question.prompt,
      path: questionHref(engagement.id, question),
    },
    body: parsed.data.body,
  });
  return redirect(back(questionId));
}
