import { and, desc, eq, gte, inArray, type SQL } from "drizzle-orm";

import { db, type Db } from "../../db/connection.server";
import { activity, users } from "../../db/schema";

/** One row of an engagement's activity, with who did it (null once their account is gone). */
export type ActivityRecord = {
  kind: string;
  detail: Record<string, unknown>;
  userId: string | null;
  byName: string | null;
  byEmail: string | null;
  at: number;
};

/**
 * An engagement's activity of `kinds`, newest first: at `since` or later, about what `about`
 * matches in the JSON detail, at most `limit` rows. The activity log is the only place that still
 * knows who did what once a row is overwritten (a review cleared, a setting saved again, an item
 * changed), so a refusal can name who changed the thing and when, not only "someone".
 */
export function activityOf(
  {
    engagementId,
    kinds,
    since = 0,
    about,
    limit,
  }: { engagementId: string; kinds: readonly string[]; since?: number; about?: SQL; limit?: number },
  /** a transaction's, to read with what it reads */
  conn: Db = db(),
): ActivityRecord[] {
  const query = conn
    .select({
      kind: activity.kind,
      detail: activity.detail,
      userId: activity.userId,
      byName: users.name,
      byEmail: users.email,
      at: activity.createdAt,
    })
    .from(activity)
    .leftJoin(users, eq(users.id, activity.userId))
    .where(
      and(
        eq(activity.engagementId, engagementId),
        inArray(activity.kind, [...kinds]),
        since > 0 ? gte(activity.createdAt, since) : undefined,
        about,
      ),
    )
    .orderBy(desc(activity.id));
  return limit === undefined ? query.all() : query.limit(limit).all();
}
