import { and, desc, eq, sql } from "drizzle-orm";

import { db, prepared, writeTransaction } from "../../db/connection.server";
import { activity, milestones, proposals, users } from "../../db/schema";
import type { ProposalSnapshot } from "~/engine/plan-types";
import { newId, sha256 } from "~/utils/ids.server";

export type ProposalRecord = {
  id: string;
  number: number;
  snapshot: ProposalSnapshot;
  snapshotHash: string;
  publishedAt: number;
  acceptedAt: number | null;
  acceptedBy: { name: string; email: string } | null;
};

export async function getProposal({
  engagementId,
  number,
}: {
  engagementId: string;
  number: number;
}): Promise<ProposalRecord | undefined> {
  const row = db()
    .select({
      id: proposals.id,
      number: proposals.number,
      snapshot: proposals.snapshot,
      snapshotHash: proposals.snapshotHash,
      publishedAt: proposals.publishedAt,
      acceptedAt: proposals.acceptedAt,
      acceptedByName: users.name,
      acceptedByEmail: users.email,
    })
    .from(proposals)
    .leftJoin(users, eq(users.id, proposals.acceptedBy))
    .where(and(eq(proposals.engagementId, engagementId), eq(proposals.number, number)))
    .get();
  if (!row) return undefined;
  const { acceptedByName, acceptedByEmail, ...rest } = row;
  return {
    ...rest,
    snapshot: row.snapshot as ProposalSnapshot,
    acceptedBy: acceptedByEmail ? { name: acceptedByName || acceptedByEmail, email: acceptedByEmail } : null,
  };
}

export async function listProposals({ engagementId }: { engagementId: string }) {
  // The plan page asks on every view (is the plan being tracked?): prepared once.
  return prepared("proposals-of-engagement", (conn) =>
    conn
      .select({
        number: proposals.number,
        publishedAt: proposals.publishedAt,
        acceptedAt: proposals.acceptedAt,
      })
      .from(proposals)
      .where(eq(proposals.engagementId, sql.placeholder("engagementId")))
      .orderBy(desc(proposals.number))
      .prepare(),
  ).all({ engagementId });
}

/**
 * Stores a new immutable proposal numbered after the last one. Two partners publishing at once get
 * consecutive numbers (BEGIN IMMEDIATE + the unique (engagement, number) index), never the same one.
 */
export async function publishProposal({
  engagementId,
  userId,
  build,
}: {
  engagementId: string;
  userId: string;
  /** builds the snapshot for the number it will get */
  build: (number: number, publishedAt: number) => ProposalSnapshot;
}): Promise<number> {
  return writeTransaction((tx) => {
    const last = tx
      .select({ number: proposals.number })
      .from(proposals)
      .where(eq(proposals.engagementId, engagementId))
      .orderBy(desc(proposals.number))
      .get();
    const number = (last?.number ?? 0) + 1;
    const publishedAt = Date.now();
    const snapshot = build(number, publishedAt);
    const json = JSON.stringify(snapshot);
    tx.insert(proposals)
      .values({
        id: newId(),
        engagementId,
        number,
        snapshot,
        snapshotHash: sha256(json),
        publishedBy: userId,
        publishedAt,
      })
      .run();
    tx.insert(activity)
      .values({ engagementId, userId, kind: "proposal.published", detail: { number } })
      .run();
    tx.insert(milestones)
      .values({
        engagementId,
        kind: "proposal-published",
        overallScore: snapshot.readiness.overall.score,
        areaScores: Object.fromEntries(snapshot.readiness.areas.map((a) => [a.id, a.score])),
        hoursP50: snapshot.totals.hours.p50,
        hoursP90: snapshot.totals.hours.p90,
      })
      .run();
    return number;
  });
}

/**
 * Records the founder's acceptance of exactly the version they saw (the snapshot hash they were
 * shown must match). Accepting is once per version.
 */
export async function acceptProposal({
  engagementId,
  number,
  userId,
  snapshotHash,
}: {
  engagementId: string;
  number: number;
  userId: string;
  snapshotHash: string;
}): Promise<"accepted" | "already-accepted" | "changed" | "not-found"> {
  return writeTransaction((tx) => {
    const row = tx
      .select({ id: proposals.id, snapshotHash: proposals.snapshotHash, acceptedAt: proposals.acceptedAt })
      .from(proposals)
      .where(and(eq(proposals.engagementId, engagementId), eq(proposals.number, number)))
      .get();
    if (!row) return "not-found";
    if (row.snapshotHash !== snapshotHash) return "changed";
    if (row.acceptedAt !== null) return "already-accepted";
    tx.update(proposals)
      .set({ acceptedBy: userId, acceptedAt: Date.now() })
      .where(eq(proposals.id, row.id))
      .run();
    tx.insert(activity).values({ engagementId, userId, kind: "proposal.accepted", detail: { number } }).run();
    return "accepted";
  });
}
