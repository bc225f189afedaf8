import { and, desc, eq, gt, isNotNull, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { LRUCache } from "lru-cache";

import { db, prepared, writeTransaction } from "../../db/connection.server";
import {
  activity,
  engagements,
  milestones,
  proposals,
  users,
  type ImportedProvenance,
} from "../../db/schema";
import type { ProposalSnapshot } from "~/engine/plan-types";
import type { PlanItem } from "~/models/plan.server";
import type { Engagement } from "~/models/engagement.server";
import { isPast } from "~/utils/calendar-day";
import { newId, sha256 } from "~/utils/ids.server";

export type ProposalRecord = {
  id: string;
  number: number;
  snapshot: ProposalSnapshot;
  snapshotHash: string;
  publishedAt: number;
  acceptedAt: number | null;
  /** who accepted it here; null for an acceptance that came with an imported file (see `imported`) */
  acceptedBy: { name: string; email: string } | null;
  /** their user id, so a page can tell the member who signed from everyone else ("which you accepted") */
  acceptedById: string | null;
  /** set when the proposal came from an imported file: never a publication or signature made here */
  imported: { at: number; by: string; publishedBy: string; acceptedBy: string | null } | null;
  /** the partner took this version back (decision 039): who, when, and their reason ("" for none) */
  withdrawn: { at: number; by: string; reason: string } | null;
};

/** Who withdrew a version: a second join on users, beside the one for who accepted it. */
const withdrawer = alias(users, "withdrawer");

/** The importer's name for display; the rest is as the file stated it. */
function importedView(imported: ImportedProvenance | null): ProposalRecord["imported"] {
  if (!imported) return null;
  const importer = db()
    .select({ name: users.name, email: users.email })
    .from(users)
    .where(eq(users.id, imported.by))
    .get();
  return {
    at: imported.at,
    by: importer ? importer.name || importer.email : "",
    publishedBy: imported.publishedBy,
    acceptedBy: imported.acceptedBy,
  };
}

// Parsed snapshots by proposal id, hash and stored length, sized by that length. A snapshot never changes
// once published (its hash is part of the key all the same), and parsing one, 100–300 KB of JSON,
// was the largest cost of the overview page, which reads the newest version on every view. Shared
// between requests: read-only.
const snapshots = new LRUCache<string, ProposalSnapshot>({ maxSize: 64 * 1024 * 1024 });

export async function getProposal({
  engagementId,
  number,
}: {
  engagementId: string;
  number: number;
}): Promise<ProposalRecord | undefined> {
  const row = prepared("proposal-by-number", (conn) =>
    conn
      .select({
        id: proposals.id,
        number: proposals.number,
        snapshotHash: proposals.snapshotHash,
        snapshotLength: sql<number>`length(${proposals.snapshot})`,
        publishedAt: proposals.publishedAt,
        acceptedAt: proposals.acceptedAt,
        acceptedById: proposals.acceptedBy,
        acceptedByName: users.name,
        acceptedByEmail: users.email,
        imported: proposals.imported,
        withdrawnAt: proposals.withdrawnAt,
        withdrawReason: proposals.withdrawReason,
        withdrawnByName: withdrawer.name,
        withdrawnByEmail: withdrawer.email,
      })
      .from(proposals)
      .leftJoin(users, eq(users.id, proposals.acceptedBy))
      .leftJoin(withdrawer, eq(withdrawer.id, proposals.withdrawnBy))
      .where(
        and(
          eq(proposals.engagementId, sql.placeholder("engagementId")),
          eq(proposals.number, sql.placeholder("number")),
        ),
      )
      .prepare(),
  ).get({ engagementId, number });
  if (!row) return undefined;
  const {
    acceptedByName,
    acceptedByEmail,
    imported,
    snapshotLength,
    withdrawnAt,
    withdrawReason,
    withdrawnByName,
    withdrawnByEmail,
    ...rest
  } = row;
  // The stored length too: a row rewritten in place (a restore, a repair by hand) is read afresh.
  const key = `${row.id}:${row.snapshotHash}:${snapshotLength}`;
  let snapshot = snapshots.get(key);
  if (!snapshot) {
    const stored = db()
      .select({ snapshot: proposals.snapshot })
      .from(proposals)
      .where(eq(proposals.id, row.id))
      .get()!;
    snapshot = repairSnapshot(stored.snapshot as ProposalSnapshot);
    // Parsed objects take several times their JSON's length.
    snapshots.set(key, snapshot, { size: Math.max(1, snapshotLength * 4) });
  }
  return {
    ...rest,
    snapshot,
    acceptedBy: acceptedByEmail ? { name: acceptedByName || acceptedByEmail, email: acceptedByEmail } : null,
    imported: importedView(imported),
    withdrawn:
      withdrawnAt === null
        ? null
        : {
            at: withdrawnAt,
            // An imported version names whoever the file says (no account of this engagement).
            by: withdrawnByName || withdrawnByEmail || imported?.withdrawnBy || "a former member",
            reason: withdrawReason ?? "",
          },
  };
}

/**
 * Snapshots published before custom items' areas were validated may name an area such as
 * "__proto__", whose title was then looked up on a plain object and stored as an object (`{}`):
 * the page and the PDF could not render it. Shown with the area id instead; the stored snapshot
 * (and its hash) stay as they are.
 */
function repairSnapshot(snapshot: ProposalSnapshot): ProposalSnapshot {
  if (!Array.isArray(snapshot.items) || snapshot.items.every((i) => typeof i.areaTitle === "string")) {
    return snapshot;
  }
  return {
    ...snapshot,
    items: snapshot.items.map((i) =>
      typeof i.areaTitle === "string" ? i : { ...i, areaTitle: String(i.area) },
    ),
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
        withdrawnAt: proposals.withdrawnAt,
        imported: sql<boolean>`${proposals.imported} is not null`.mapWith(Boolean),
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
  expectedNumber,
  basedOn,
}: {
  engagementId: string;
  userId: string;
  /** builds the snapshot for the number it will get */
  build: (number: number, publishedAt: number) => ProposalSnapshot;
  /**
   * The version number the publisher saw on the form. If another version was published since (a
   * second tab, or the other partner), nothing is published and the result is null: two clicks
   * on the same form must not make two versions of the same plan.
   */
  expectedNumber?: number;
  /**
   * The engagement's updated_at and settings version the snapshot's plan state was read at. Every
   * plan and settings change bumps one of them, so if either moved before this transaction, `build`
   * would freeze a plan that is no longer the plan: nothing is published and the result is
   * "moved", for the caller to read the plan again (decision 053).
   */
  basedOn?: { updatedAt: number; version: number };
}): Promise<number | null | "moved"> {
  return writeTransaction((tx) => {
    const last = tx
      .select({ number: proposals.number })
      .from(proposals)
      .where(eq(proposals.engagementId, engagementId))
      .orderBy(desc(proposals.number))
      .get();
    const number = (last?.number ?? 0) + 1;
    if (expectedNumber !== undefined && expectedNumber !== number) return null;
    if (basedOn) {
      const now = tx
        .select({ updatedAt: engagements.updatedAt, version: engagements.version })
        .from(engagements)
        .where(eq(engagements.id, engagementId))
        .get();
      if (now?.updatedAt !== basedOn.updatedAt || now.version !== basedOn.version) return "moved";
    }
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
 * shown must match). Accepting is once per version, and only the newest version can be accepted:
 * a newer one replaces the offer (the partner may have corrected a rate or a scope), so signing
 * the older one would hold the partner to an offer they withdrew by publishing again. Once a newer
 * version is accepted that is the agreement, and an older one says so ("newer-accepted"). A
 * version past its "valid until" day can no longer be accepted either ("expired"), nor one the
 * partner withdrew ("withdrawn", decision 039).
 */
export async function acceptProposal({
  engagementId,
  number,
  userId,
  snapshotHash,
  validUntil,
  now = Date.now(),
}: {
  engagementId: string;
  number: number;
  userId: string;
  snapshotHash: string;
  /** the version's last day on offer (its snapshot's, covered by the hash checked here) */
  validUntil?: string;
  now?: number;
}): Promise<
  | "accepted"
  | "already-accepted"
  | "withdrawn"
  | "newer-accepted"
  | "superseded"
  | "expired"
  | "changed"
  | "not-found"
> {
  return writeTransaction((tx) => {
    const row = tx
      .select({
        id: proposals.id,
        snapshotHash: proposals.snapshotHash,
        acceptedAt: proposals.acceptedAt,
        withdrawnAt: proposals.withdrawnAt,
      })
      .from(proposals)
      .where(and(eq(proposals.engagementId, engagementId), eq(proposals.number, number)))
      .get();
    if (!row) return "not-found";
    if (row.snapshotHash !== snapshotHash) return "changed";
    if (row.acceptedAt !== null) return "already-accepted";
    // Read in the same transaction as the write below: a withdrawal committed a moment before wins,
    // and one that comes after finds the version accepted (withdrawProposal).
    if (row.withdrawnAt !== null) return "withdrawn";
    const newer = tx
      .select({ number: proposals.number })
      .from(proposals)
      .where(
        and(
          eq(proposals.engagementId, engagementId),
          gt(proposals.number, number),
          isNotNull(proposals.acceptedAt),
        ),
      )
      .get();
    if (newer) return "newer-accepted";
    const superseded = tx
      .select({ number: proposals.number })
      .from(proposals)
      .where(and(eq(proposals.engagementId, engagementId), gt(proposals.number, number)))
      .get();
    if (superseded) return "superseded";
    if (isPast(validUntil, now)) return "expired";
    tx.update(proposals)
      .set({ acceptedBy: userId, acceptedAt: Date.now() })
      .where(eq(proposals.id, row.id))
      .run();
    tx.insert(activity).values({ engagementId, userId, kind: "proposal.accepted", detail: { number } }).run();
    return "accepted";
  });
}

/**
 * The partner takes back a version they published (decision 039): it stays to read, says who
 * withdrew it, when and why, and can no longer be accepted. An accepted version is the agreement and
 * cannot be withdrawn; a version is withdrawn once. Withdrawing the newest version does not put the
 * one before it back on offer: that one stays superseded, and the partner publishes a new version.
 * In one write transaction with the check, so an acceptance racing it is either refused here
 * ("accepted") or refused there ("withdrawn"), never both recorded.
 */
export async function withdrawProposal({
  engagementId,
  number,
  userId,
  reason,
  now = Date.now(),
}: {
  engagementId: string;
  number: number;
  userId: string;
  /** one line, "" for none (checked by the route's schema) */
  reason: string;
  now?: number;
}): Promise<"withdrawn" | "accepted" | "already-withdrawn" | "not-found"> {
  return writeTransaction((tx) => {
    const row = tx
      .select({ id: proposals.id, acceptedAt: proposals.acceptedAt, withdrawnAt: proposals.withdrawnAt })
      .from(proposals)
      .where(and(eq(proposals.engagementId, engagementId), eq(proposals.number, number)))
      .get();
    if (!row) return "not-found";
    if (row.acceptedAt !== null) return "accepted";
    if (row.withdrawnAt !== null) return "already-withdrawn";
    tx.update(proposals)
      .set({ withdrawnAt: now, withdrawnBy: userId, withdrawReason: reason })
      .where(eq(proposals.id, row.id))
      .run();
    tx.insert(activity)
      .values({
        engagementId,
        userId,
        kind: "proposal.withdrawn",
        detail: reason ? { number, reason } : { number },
      })
      .run();
    return "withdrawn";
  });
}

/**
 * Whether the plan's scope or items (title, phase, owner, description, what each waits for,
 * estimates), or the rate, currency and team it is priced with, moved away from what a published
 * version froze: any of them makes a new version say something new.
 */
export function planDiffers(
  plan: readonly PlanItem[],
  engagement: Pick<Engagement, "currency" | "hourlyRate" | "teamSize" | "weeklyCapacity">,
  s: ProposalSnapshot,
): boolean {
  const frozen = new Map(s.items.map((i) => [i.id, i]));
  const inScope = plan.filter((i) => i.scope === "included");
  const inScopeIds = new Set(inScope.map((i) => i.id));
  // As a snapshot keeps them (snapshot.server.ts): what an item waits for within the scope, and the
  // content's description unless the partner wrote one.
  const waitsFor = (ids: readonly string[]) => JSON.stringify(ids.filter((d) => inScopeIds.has(d)).sort());
  return (
    s.settings.currency !== engagement.currency ||
    s.settings.hourlyRate !== engagement.hourlyRate ||
    s.settings.teamSize !== engagement.teamSize ||
    s.settings.weeklyCapacity !== engagement.weeklyCapacity ||
    inScope.length !== frozen.size ||
    inScope.some((i) => {
      const f = frozen.get(i.id);
      return (
        !f ||
        f.title !== i.title ||
        f.phase !== i.phase ||
        f.estimate.optimistic !== i.optimistic ||
        f.estimate.likely !== i.likely ||
        f.estimate.pessimistic !== i.pessimistic ||
        f.owner !== i.owner ||
        (i.description !== "" && f.description !== i.description) ||
        waitsFor(f.dependsOn) !== waitsFor(i.dependsOn)
      );
    })
  );
}

/**
 * Whether two snapshots offer the same thing: everything the founder reads and accepts (plan,
 * figures, readiness, price, schedule, texts, valid-until date, the partner's company) alike, only
 * the number, the time and who clicked Publish apart. A new version that is the same offer sends
 * the founder a copy (QA 6, finding 7).
 */
export function sameOffer(a: ProposalSnapshot, b: ProposalSnapshot): boolean {
  const offer = ({ number: _n, publishedAt: _at, preparedBy: _by, ...rest }: ProposalSnapshot) =>
    JSON.stringify(rest);
  return offer(a) === offer(b);
}
