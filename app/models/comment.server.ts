import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";

import { prepared, writeTransaction } from "../../db/connection.server";
import { activity, comments, planItems, proposals, users } from "../../db/schema";
import { COMMENT_MAX_LENGTH } from "~/utils/comment-length";
import { newId } from "~/utils/ids.server";
import { severalLines, withoutControls } from "~/utils/plain-text";

/** A comment is on a plan item (id), a question (id) or a proposal version (its number). */
export type CommentTarget = "plan-item" | "question" | "proposal";

/** What a comment form posts, wherever the comment goes. */
export const CommentBody = z
  .string({ required_error: "Write a comment first." })
  // A form posted without JavaScript sends each line break as CRLF, which the comment box's
  // maxLength counted as one character: counted the same way here, a comment the box allowed is
  // never refused for its line breaks.
  .transform((body) => body.replace(/\r\n?/g, "\n").trim())
  .pipe(
    // As names and notes: a NUL or an ESC went raw into the comment emails and the server's output,
    // and a right-to-left override turned the thread's text around (QA pass 5, finding 6).
    severalLines(
      z
        .string()
        .min(1, "Write a comment first.")
        .max(
          COMMENT_MAX_LENGTH,
          `Keep comments to ${COMMENT_MAX_LENGTH.toLocaleString("en-US")} characters or fewer.`,
        ),
      "the comment",
    ),
  );

export type CommentView = {
  id: string;
  targetType: CommentTarget;
  targetId: string;
  body: string;
  authorName: string;
  createdAt: number;
};

export async function listComments({ engagementId }: { engagementId: string }): Promise<CommentView[]> {
  return prepared("comments-of-engagement", (conn) =>
    conn
      .select({
        id: comments.id,
        targetType: comments.targetType,
        targetId: comments.targetId,
        body: comments.body,
        authorName: users.name,
        authorEmail: users.email,
        createdAt: comments.createdAt,
      })
      .from(comments)
      .innerJoin(users, eq(users.id, comments.userId))
      .where(eq(comments.engagementId, sql.placeholder("engagementId")))
      .orderBy(asc(comments.createdAt))
      .prepare(),
  )
    .all({ engagementId })
    .map(({ authorEmail, ...c }) => ({
      ...c,
      // Older comments, or imported ones, may still hold what the form now refuses.
      body: withoutControls(c.body),
      authorName: c.authorName || authorEmail,
    }));
}

/**
 * Adds a comment. A plan item or proposal version must belong to this engagement (checked here, not
 * trusted from the form); question ids are checked against the content by the caller. Returns null
 * when the target is not there, else the plan item's title (for a comment on one), for the email.
 */
export async function addComment({
  engagementId,
  userId,
  targetType,
  targetId,
  body,
}: {
  engagementId: string;
  userId: string;
  targetType: CommentTarget;
  targetId: string;
  body: string;
}): Promise<{ item: string | undefined } | null> {
  return writeTransaction((tx) => {
    // The activity log names the item by title: it reads in words even after the item is gone.
    let item: string | undefined;
    if (targetType === "plan-item") {
      const row = tx
        .select({ title: planItems.title })
        .from(planItems)
        .where(and(eq(planItems.id, targetId), eq(planItems.engagementId, engagementId)))
        .get();
      if (!row) return null;
      item = row.title;
    }
    if (targetType === "proposal") {
      const row = tx
        .select({ id: proposals.id })
        .from(proposals)
        .where(and(eq(proposals.engagementId, engagementId), eq(proposals.number, Number(targetId))))
        .get();
      if (!row) return null;
    }
    tx.insert(comments).values({ id: newId(), engagementId, userId, targetType, targetId, body }).run();
    tx.insert(activity)
      .values({
        engagementId,
        userId,
        kind: "comment.added",
        detail: { targetType, targetId, ...(item ? { item } : {}) },
      })
      .run();
    return { item };
  });
}
