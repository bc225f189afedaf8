import { and, desc, eq } from "drizzle-orm";

import { db } from "../../db/connection.server";
import { proposals, users } from "../../db/schema";
import type { ProposalSnapshot } from "~/engine/plan-types";

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
  return db()
    .select({
      number: proposals.number,
      publishedAt: proposals.publishedAt,
      acceptedAt: proposals.acceptedAt,
    })
    .from(proposals)
    .where(eq(proposals.engagementId, engagementId))
    .orderBy(desc(proposals.number))
    .all();
}
