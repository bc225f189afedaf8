import { and, asc, eq, sql } from "drizzle-orm";

import { prepared, writeTransaction } from "../../db/connection.server";
import { activity, comments, planItems, users } from "../../db/schema";
import { newId } from "~/utils/ids.server";

type CommentTarget = "plan-item" | "question";

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
    .map(({ authorEmail, ...c }) => ({ ...c, authorName: c.authorName || authorEmail }));
}

/**
 * Adds a comment. A plan-item target must belong to this engagement (checked here, not trusted from
 * the form); question ids are checked against the content by the caller.
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
}): Promise<boolean> {
  return writeTransaction((tx) => {
    if (targetType === "plan-item") {
      const item = tx
        .select({ title: planItems.title })
        .from(planItems)
        .where(and(eq(planItems.id, targetId), eq(planItems.engagementId, engagementId)))
        .get();
      if (!item) return false;
    }
    tx.insert(comments).values({ id: newId(), engagementId, userId, targetType, targetId, body }).run();
    tx.insert(activity)
      .values({ engagementId, userId, kind: "comment.added", detail: { targetType, targetId } })
      .run();
    return true;
  });
}
