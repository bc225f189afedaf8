import { and, eq, exists, getTableName, inArray, notExists, sql } from "drizzle-orm";
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
  timeEntries,
  users,
} from "../../db/schema";
import { EXPORT_FORMAT, EXPORT_VERSION, type EngagementExport } from "~/utils/export-schema";
import type { ProposalSnapshot } from "~/engine/plan-types";
import { newId, sha256 } from "~/utils/ids.server";

import { listAnswers } from "./answer.server";
import { listComments } from "./comment.server";
import type { Engagement } from "./engagement.server";
import { listPlan } from "./plan.server";
import { listTimeEntries, type TimeEntry } from "./time-entries.server";
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
  const withdrawer = alias(users, "withdrawer");
  const proposalRows = conn
    .select({
      number: proposals.number,
      snapshot: proposals.snapshot,
      publishedAt: proposals.publishedAt,
      publishedBy: publisher.email,
      acceptedAt: proposals.acceptedAt,
      acceptedBy: acceptor.email,
      imported: proposals.imported,
      withdrawnAt: proposals.withdrawnAt,
      withdrawnBy: withdrawer.email,
      withdrawReason: proposals.withdrawReason,
    })
    .from(proposals)
    .innerJoin(publisher, eq(publisher.id, proposals.publishedBy))
    .leftJoin(acceptor, eq(acceptor.id, proposals.acceptedBy))
    .leftJoin(withdrawer, eq(withdrawer.id, proposals.withdrawnBy))
    .where(eq(proposals.engagementId, engagement.id))
    .orderBy(proposals.number)
    .all();
  const [stored, plan, notes, logged] = await Promise.all([
    listAnswers({ engagementId: engagement.id }),
    listPlan({ engagementId: engagement.id }),
    listComments({ engagementId: engagement.id }),
    listTimeEntries({ engagementId: engagement.id }),
  ]);
  type Logged = Pick<TimeEntry, "day" | "hours" | "note" | "rate" | "currency" | "billable"> & {
    by: string;
    corrected?: { by: string; at: number };
  };
  const timeOf = new Map<string, Logged[]>();
  for (const e of [...logged].reverse())
    timeOf.set(e.itemId, [
      ...(timeOf.get(e.itemId) ?? []),
      {
        day: e.day,
        hours: e.hours,
        note: e.note,
        by: e.byName,
        rate: e.rate,
        currency: e.currency,
        billable: e.billable,
        // Only on a corrected entry, so the others export as they did before.
        ...(e.corrected ? { corrected: { by: e.corrected.byName, at: e.corrected.at } } : {}),
      },
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
      terms: engagement.terms,
      priceModel: engagement.priceModel,
      priceAmount: engagement.priceAmount,
      requireTwoStep: engagement.requireTwoStep,
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
      // Oldest first; files exported before dated entries have none (decision 042).
      timeEntries: timeOf.get(i.id) ?? [],
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
    proposals: proposalRows.map(({ imported, withdrawnAt, withdrawnBy, withdrawReason, ...p }) => ({
      ...p,
      snapshot: p.snapshot as ProposalSnapshot,
      publishedBy: imported ? imported.publishedBy : p.publishedBy,
      acceptedBy: imported && !p.acceptedBy ? imported.acceptedBy : p.acceptedBy,
      // Only for a withdrawn version, so every other version exports as it did before.
      ...(withdrawnAt === null
        ? {}
        : {
            withdrawn: {
              at: withdrawnAt,
              by: withdrawnBy ?? imported?.withdrawnBy ?? "",
              reason: withdrawReason ?? "",
            },
          }),
    })),
  };
}

type Statement = { run: (row: Record<string, unknown>) => unknown };

/**
 * Inserts a row through one prepared statement per table and shape of row (the keys it defines).
 * Drizzle builds a multi-row INSERT value by value (about 50 µs a row); prepared once, a row costs a
 * few µs. Undefined keys are left out, so column defaults apply as they would in `.values()`.
 * `statements` lives for one import: prepared statements outlast a transaction.
 */
function insertRow(tx: Db, statements: Map<string, Statement>, table: SQLiteTable, row: Row): void {
  const keys = Object.keys(row).filter((k) => row[k] !== undefined);
  const shape = `${getTableName(table)}:${keys.join(",")}`;
  let statement = statements.get(shape);
  if (!statement) {
    const values = Object.fromEntries(keys.map((k) => [k, sql.placeholder(k)]));
    statement = tx.insert(table).values(values).prepare() as unknown as Statement;
    statements.set(shape, statement);
  }
  statement.run(row);
}

type Row = Record<string, unknown>;
type Pending = { table: SQLiteTable; row: Row; bytes: number };

/**
 * Row data one import transaction writes before the event loop gets a turn. Written in one
 * transaction, a file at the budgets (5 MB) held the loop for 120–200 ms: the inserts, and a COMMIT
 * that writes every page to the WAL and fsyncs it. A quarter megabyte is about 15 ms.
 */
export const IMPORT_CHUNK_BYTES = 256 * 1024;

/** Marks an engagement whose import has not finished; the last step renames it "engagement.imported". */
const IMPORTING = "engagement.importing";

/** Rough bytes a row puts in the database: its text, and a few bytes per other column. */
function rowBytes(row: Row): number {
  let bytes = 0;
  for (const value of Object.values(row)) bytes += typeof value === "string" ? value.length + 8 : 16;
  return bytes;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Creates a new engagement from an export, owned by the importing user. Authorship of answers and
 * comments goes to the importer (the original people may not have accounts here), with the original
 * names kept in the export's members list. Proposals are marked as imported: who published and
 * accepted them is kept as the file states it, never recorded as the importer's doing.
 *
 * Written in transactions of about IMPORT_CHUNK_BYTES each, with a turn of the event loop between
 * them, so other requests go on meanwhile. Nobody can see the engagement until the last transaction
 * makes the importer its founder (every page needs a membership). A step that fails removes what the
 * earlier ones wrote; an import cut short by a crash keeps its "importing" mark, and the server
 * removes it at the next start (removeUnfinishedImports).
 *
 * `rawSnapshots` are the snapshots as they were in the file (validated, same content): stored as
 * they came but for the plan items' ids, which become the copy's.
 */
type ImportedTime = {
  day: string;
  hours: number;
  note: string;
  rate?: number;
  currency?: string;
  billable?: boolean;
  corrected?: { by: string; at: number };
};

/**
 * An imported item's dated entries. A file from before dated entries has only the item's total: it
 * becomes one entry on the day the file was exported, as migration 0021 did with totals already here.
 */
function entriesOf(
  total: number | null,
  entries: ImportedTime[] | undefined,
  exportedAt: string,
): ImportedTime[] {
  if (entries !== undefined) return entries;
  if (total === null || total <= 0) return [];
  const day = /^\d{4}-\d{2}-\d{2}/.exec(exportedAt)?.[0] ?? new Date().toISOString().slice(0, 10);
  return [{ day, hours: total, note: "Logged before dated entries" }];
}

function loggedOn(total: number | null, entries: ImportedTime[] | undefined): number | null {
  if (entries === undefined) return total !== null && total > 0 ? total : null;
  return entries.length > 0 ? entries.reduce((n, e) => n + e.hours, 0) : null;
}

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
  // Every row, in an order the foreign keys accept (items before the links between them).
  const pending: Pending[] = [];
  const add = (table: SQLiteTable, rows: readonly Row[]) => {
    for (const row of rows) pending.push({ table, row, bytes: rowBytes(row) });
  };
  add(answers, [
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
  ]);
  const ids = new Map(data.plan.map((i) => [i.ref, newId()]));
  add(
    planItems,
    data.plan.map(({ ref, estimate, dependsOn: _deps, scopeReason, timeEntries: _time, ...item }) => ({
      id: ids.get(ref)!,
      engagementId,
      ...item,
      // The item's total is the sum of its entries (decision 042), whatever the file says beside them.
      actualHours: loggedOn(item.actualHours, _time),
      // Only items out or later have a reason, as when it is set here (plan.server.ts).
      scopeReason: item.scope === "excluded" || item.scope === "deferred" ? (scopeReason ?? null) : null,
      ...estimate,
      updatedAt: now,
    })),
  );
  add(
    timeEntries,
    data.plan.flatMap((item) =>
      entriesOf(item.actualHours, item.timeEntries, data.exportedAt).map((e) => ({
        id: newId(),
        engagementId,
        itemId: ids.get(item.ref)!,
        userId,
        day: e.day,
        hours: e.hours,
        note: e.note,
        rate: e.rate ?? data.engagement.hourlyRate,
        currency: e.currency ?? data.engagement.currency,
        billable: e.billable ?? item.owner !== "founder",
        // The importer becomes who corrected it, as its author, on the day the file says it was.
        ...(e.corrected ? { correctedBy: userId, correctedAt: e.corrected.at } : {}),
        createdAt: now,
      })),
    ),
  );
  add(
    planItemDependencies,
    data.plan.flatMap((item) =>
      item.dependsOn.map((d) => ({ itemId: ids.get(item.ref)!, dependsOnId: ids.get(d)! })),
    ),
  );
  add(
    comments,
    data.comments.map((c) => ({
      id: newId(),
      engagementId,
      userId,
      targetType: c.targetType,
      targetId: c.targetType === "plan-item" ? ids.get(c.target)! : c.target,
      body: c.body,
      createdAt: c.createdAt,
    })),
  );
  // A snapshot names plan items by their ids in the exporting engagement. The copy's items have new
  // ids, so its snapshots get them too (an item since removed gets a new id of its own, the same in
  // every version): compared by id with the plan or the next version, the copy's plan otherwise read
  // as all new, "what changed" listed every item as added, and publishing never saw an unchanged plan.
  const idOf = (old: string) => {
    let id = ids.get(old);
    if (id === undefined) ids.set(old, (id = newId()));
    return id;
  };
  for (const [i, p] of data.proposals.entries()) {
    const snapshot = withItemIds(rawSnapshots[i] ?? p.snapshot, idOf);
    const json = JSON.stringify(snapshot);
    pending.push({
      table: proposals,
      bytes: json.length,
      row: {
        id: newId(),
        engagementId,
        number: p.number,
        snapshot,
        snapshotHash: sha256(json),
        publishedBy: userId,
        publishedAt: p.publishedAt,
        acceptedBy: null,
        acceptedAt: p.acceptedAt,
        // A withdrawn version stays withdrawn; who withdrew it is only what the file says.
        ...(p.withdrawn
          ? { withdrawnAt: p.withdrawn.at, withdrawnBy: null, withdrawReason: p.withdrawn.reason }
          : {}),
        imported: {
          at: now,
          by: userId,
          publishedBy: p.publishedBy,
          acceptedBy: p.acceptedBy,
          ...(p.withdrawn ? { withdrawnBy: p.withdrawn.by } : {}),
        },
      },
    });
  }

  const statements = new Map<string, Statement>();
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
    tx.insert(activity).values({ engagementId, userId, kind: IMPORTING, detail: {} }).run();
  });
  const write = async (chunk: readonly Pending[]) => {
    await nextTurn();
    writeTransaction((tx) => {
      for (const { table, row } of chunk) insertRow(tx, statements, table, row);
    });
  };
  try {
    let chunk: Pending[] = [];
    let bytes = 0;
    for (const p of pending) {
      chunk.push(p);
      bytes += p.bytes;
      if (bytes < IMPORT_CHUNK_BYTES) continue;
      await write(chunk);
      chunk = [];
      bytes = 0;
    }
    if (chunk.length > 0) await write(chunk);
    await nextTurn();
    writeTransaction((tx) => {
      tx.insert(memberships).values({ engagementId, userId, role: "founder" }).run();
      tx.update(activity)
        .set({ kind: "engagement.imported", detail: { name: data.engagement.name, from: data.exportedAt } })
        .where(and(eq(activity.engagementId, engagementId), eq(activity.kind, IMPORTING)))
        .run();
    });
  } catch (error) {
    writeTransaction((tx) => tx.delete(engagements).where(eq(engagements.id, engagementId)).run());
    throw error;
  }
  return engagementId;
}

/** The places a validated snapshot names a plan item: items and what they wait for (in or out), items left out, the schedule. */
type ItemRefs = {
  items: Array<{ id: string; dependsOn: string[]; waitsOutside?: string[] }>;
  outOfScope?: Array<{ id: string }>;
  schedule: Array<{ itemId: string }>;
};

/** The snapshot with every plan item id passed through `idOf`; the rest as it came, key order included. */
function withItemIds(snapshot: unknown, idOf: (old: string) => string): unknown {
  const s = snapshot as ItemRefs;
  return {
    ...s,
    items: s.items.map((item) => ({
      ...item,
      id: idOf(item.id),
      dependsOn: item.dependsOn.map(idOf),
      ...(item.waitsOutside ? { waitsOutside: item.waitsOutside.map(idOf) } : {}),
    })),
    ...(s.outOfScope ? { outOfScope: s.outOfScope.map((item) => ({ ...item, id: idOf(item.id) })) } : {}),
    schedule: s.schedule.map((row) => ({ ...row, itemId: idOf(row.itemId) })),
  };
}

/**
 * Removes engagements whose import was cut short (the process stopped between its transactions).
 * Nobody was ever a member of them. Run at start, before the server takes requests.
 */
export function removeUnfinishedImports(): number {
  return writeTransaction((tx) => {
    // Runs at every start: it looks at engagements without a member (one lookup in the memberships
    // key each) and only at their activity, never through the whole activity log.
    const unfinished = tx
      .select({ id: engagements.id })
      .from(engagements)
      .where(
        and(
          notExists(
            tx
              .select({ one: sql`1` })
              .from(memberships)
              .where(eq(memberships.engagementId, engagements.id)),
          ),
          exists(
            tx
              .select({ one: sql`1` })
              .from(activity)
              .where(and(eq(activity.engagementId, engagements.id), eq(activity.kind, IMPORTING))),
          ),
        ),
      )
      .all()
      .map((r) => r.id);
    if (unfinished.length === 0) return 0;
    return tx.delete(engagements).where(inArray(engagements.id, unfinished)).run().changes;
  });
}
