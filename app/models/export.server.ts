import { eq, sql, type InferInsertModel } from "drizzle-orm";
import { alias, type SQLiteTable } from "drizzle-orm/sqlite-core";

import { db, writeTransaction, type Db } from "../../db/connection.server";
import {
  activity,
  answers,
  comments,
  engagements,
  memberships,
  planItemDependencies,
  planItems,
  proposals,
  users,
} from "../../db/schema";
import { EXPORT_FORMAT, EXPORT_VERSION, type EngagementExport } from "~/utils/export-schema";
import type { ProposalSnapshot } from "~/engine/plan-types";
import { newId, sha256 } from "~/utils/ids.server";

import { listAnswers } from "./answer.server";
import { listComments } from "./comment.server";
import type { Engagement } from "./engagement.server";
import { listPlan } from "./plan.server";
import { BUILDER_QUESTION, STAGE_QUESTION } from "~/engine/intake-ids";

export async function exportEngagement({
  engagement,
}: {
  engagement: Engagement;
}): Promise<EngagementExport> {
  const conn = db();
  const members = conn
    .select({ name: users.name, email: users.email, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.engagementId, engagement.id))
    .all();
  const publisher = alias(users, "publisher");
  const acceptor = alias(users, "acceptor");
  const proposalRows = conn
    .select({
      number: proposals.number,
      snapshot: proposals.snapshot,
      publishedAt: proposals.publishedAt,
      publishedBy: publisher.email,
      acceptedAt: proposals.acceptedAt,
      acceptedBy: acceptor.email,
      imported: proposals.imported,
    })
    .from(proposals)
    .innerJoin(publisher, eq(publisher.id, proposals.publishedBy))
    .leftJoin(acceptor, eq(acceptor.id, proposals.acceptedBy))
    .where(eq(proposals.engagementId, engagement.id))
    .orderBy(proposals.number)
    .all();
  const [stored, plan, notes] = await Promise.all([
    listAnswers({ engagementId: engagement.id }),
    listPlan({ engagementId: engagement.id }),
    listComments({ engagementId: engagement.id }),
  ]);
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: new Date().toISOString(),
    contentVersion: engagement.contentVersion,
    engagement: {
      name: engagement.name,
      description: engagement.description,
      currency: engagement.currency,
      hourlyRate: engagement.hourlyRate,
      teamSize: engagement.teamSize,
      weeklyCapacity: engagement.weeklyCapacity,
      assumptions: engagement.assumptions,
      exclusions: engagement.exclusions,
    },
    members,
    answers: stored.map((a) => ({
      questionId: a.questionId,
      value: a.value,
      note: a.note,
      notApplicableReason: a.notApplicableReason,
      contentVersion: a.contentVersion,
      answeredAt: a.answeredAt,
      review: a.review,
      correctedValue: a.correctedValue,
      reviewNote: a.reviewNote,
    })),
    plan: plan.map((i) => ({
      ref: i.id,
      taskId: i.taskId,
      title: i.title,
      description: i.description,
      area: i.area,
      phase: i.phase,
      estimate: { optimistic: i.optimistic, likely: i.likely, pessimistic: i.pessimistic },
      estimateReason: i.estimateReason,
      estimateEdited: i.estimateEdited,
      phaseEdited: i.phaseEdited,
      scope: i.scope,
      scopeReason: i.scopeReason,
      stale: i.stale,
      owner: i.owner,
      status: i.status,
      actualHours: i.actualHours,
      position: i.position,
      dependsOn: i.dependsOn,
    })),
    comments: notes.map((c) => ({
      targetType: c.targetType,
      target: c.targetId,
      author: c.authorName,
      body: c.body,
      createdAt: c.createdAt,
    })),
    // An imported proposal goes out as its file stated it: the importer neither published nor accepted it.
    proposals: proposalRows.map(({ imported, ...p }) => ({
      ...p,
      snapshot: p.snapshot as ProposalSnapshot,
      publishedBy: imported ? imported.publishedBy : p.publishedBy,
      acceptedBy: imported && !p.acceptedBy ? imported.acceptedBy : p.acceptedBy,
    })),
  };
}

/**
 * Inserts many rows through one prepared statement per shape of row (the keys a row defines), run
 * once per row. Drizzle builds a multi-row INSERT value by value (about 50 µs a row): an import at
 * the budgets (200 items, 600 links, 2,000 comments) held the event loop for 150 ms in its
 * transaction. Prepared once, a row costs a few µs. Undefined keys are left out, so column
 * defaults apply as they would in `.values()`.
 */
function insertRows<T extends SQLiteTable>(tx: Db, table: T, rows: ReadonlyArray<InferInsertModel<T>>): void {
  const statements = new Map<string, { run: (row: Record<string, unknown>) => unknown }>();
  for (const row of rows) {
    const keys = Object.keys(row).filter((k) => (row as Record<string, unknown>)[k] !== undefined);
    const shape = keys.join(",");
    let statement = statements.get(shape);
    if (!statement) {
      const values = Object.fromEntries(keys.map((k) => [k, sql.placeholder(k)]));
      statement = tx
        .insert(table)
        .values(values as InferInsertModel<T>)
        .prepare() as unknown as { run: (row: Record<string, unknown>) => unknown };
      statements.set(shape, statement);
    }
    statement.run(row as Record<string, unknown>);
  }
}

/**
 * Creates a new engagement from an export, owned by the importing user. Everything is written in one
 * transaction; authorship of answers and comments goes to the importer (the original people may not
 * have accounts here), with the original names kept in the export's members list. Proposals are
 * marked as imported: who published and accepted them is kept as the file states it, never recorded
 * as the importer's doing.
 *
 * `rawSnapshots` are the snapshots as they were in the file (validated, same content): stored as
 * they came, so their hashes match the original's.
 */
export async function importEngagement({
  userId,
  data,
  rawSnapshots,
}: {
  userId: string;
  data: EngagementExport;
  rawSnapshots: readonly unknown[];
}): Promise<string> {
  const engagementId = newId();
  const now = Date.now();
  const { builtWith, stage, ...engagement } = data.engagement;
  const answered = new Set(data.answers.map((a) => a.questionId));
  const legacy = [
    { questionId: BUILDER_QUESTION, value: builtWith },
    { questionId: STAGE_QUESTION, value: stage },
  ].flatMap((f) =>
    f.value && !answered.has(f.questionId) ? [{ questionId: f.questionId, value: f.value }] : [],
  );
  writeTransaction((tx) => {
    tx.insert(engagements)
      .values({
        id: engagementId,
        ...engagement,
        contentVersion: data.contentVersion,
        createdBy: userId,
        createdAt: now,
        updatedAt: now,
      })
      .run();
    tx.insert(memberships).values({ engagementId, userId, role: "founder" }).run();
    const answerRows = [
      ...legacy.map((a) => ({
        engagementId,
        ...a,
        contentVersion: data.contentVersion,
        answeredBy: userId,
        answeredAt: now,
      })),
      ...data.answers.map((a) => ({
        engagementId,
        ...a,
        answeredBy: userId,
        reviewedBy: a.review ? userId : null,
        reviewedAt: a.review ? now : null,
      })),
    ];
    insertRows(tx, answers, answerRows);
    const ids = new Map(data.plan.map((i) => [i.ref, newId()]));
    const itemRows = data.plan.map(({ ref, estimate, dependsOn: _deps, scopeReason, ...item }) => ({
      id: ids.get(ref)!,
      engagementId,
      ...item,
      // Only items out or later have a reason, as when it is set here (plan.server.ts).
      scopeReason: item.scope === "excluded" || item.scope === "deferred" ? (scopeReason ?? null) : null,
      ...estimate,
      updatedAt: now,
    }));
    insertRows(tx, planItems, itemRows);
    const links = data.plan.flatMap((item) =>
      item.dependsOn.map((d) => ({ itemId: ids.get(item.ref)!, dependsOnId: ids.get(d)! })),
    );
    insertRows(tx, planItemDependencies, links);
    const commentRows = data.comments.map((c) => ({
      id: newId(),
      engagementId,
      userId,
      targetType: c.targetType,
      targetId: c.targetType === "plan-item" ? ids.get(c.target)! : c.target,
      body: c.body,
      createdAt: c.createdAt,
    }));
    insertRows(tx, comments, commentRows);
    for (const [i, p] of data.proposals.entries()) {
      const snapshot = rawSnapshots[i] ?? p.snapshot;
      tx.insert(proposals)
        .values({
          id: newId(),
          engagementId,
          number: p.number,
          snapshot,
          snapshotHash: sha256(JSON.stringify(snapshot)),
          publishedBy: userId,
          publishedAt: p.publishedAt,
          acceptedBy: null,
          acceptedAt: p.acceptedAt,
          imported: { at: now, by: userId, publishedBy: p.publishedBy, acceptedBy: p.acceptedBy },
        })
        .run();
    }
    tx.insert(activity)
      .values({
        engagementId,
        userId,
        kind: "engagement.imported",
        detail: { name: data.engagement.name, from: data.exportedAt },
      })
      .run();
  });
  return engagementId;
}
