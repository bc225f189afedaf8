// Online backup and restore (scripts/db-backup.ts, scripts/db-restore.ts), run as the operator
// would run them, against the real server while it serves and writes.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { isQuestionVisible } from "../app/engine/conditions";

import { realContent } from "./support/content";
import { login } from "./support/demo-server";
import { Client, createEngagement, signup, startServer, type TestServer } from "./support/server";

const content = realContent();
const PASSWORD = "correct horse battery";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "finishline-backup-"));

let server: TestServer;
let founder: Client;
let partner: Client;
let founderEmail: string;
let answering: string;
let planning: string;
let itemIds: string[];

type Run = { code: number | null; stdout: string; stderr: string };

function runScript(script: string, args: string[], databaseUrl: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

// ---------------------------------------------------------------------------------------------
// Reading a database file table by table, in a stable order.

type Row = Record<string, unknown>;

function withDb<T>(file: string, fn: (conn: Database.Database) => T): T {
  const conn = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return fn(conn);
  } finally {
    conn.close();
  }
}

function keyColumns(conn: Database.Database, table: string): string[] {
  const pk = (conn.pragma(`table_info("${table}")`) as Array<{ name: string; pk: number }>)
    .filter((c) => c.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((c) => c.name);
  return pk.length > 0 ? pk : ["rowid"];
}

/** Every table (app tables, the migrations table, sqlite_sequence) with its rows keyed by primary key. */
function dump(file: string): Record<string, Map<string, Row>> {
  return withDb(file, (conn) => {
    const tables = (
      conn.prepare("select name from sqlite_master where type = 'table' order by name").all() as Array<{
        name: string;
      }>
    ).map((t) => t.name);
    return Object.fromEntries(
      tables.map((table) => {
        const key = keyColumns(conn, table);
        const rows = conn
          .prepare(
            `select ${key.includes("rowid") ? "rowid, " : ""}* from "${table}" order by ${key.join(", ")}`,
          )
          .all() as Row[];
        return [table, new Map(rows.map((r) => [JSON.stringify(key.map((k) => r[k])), r]))];
      }),
    );
  });
}

function schemaOf(file: string): string[] {
  return withDb(file, (conn) =>
    (conn.prepare("select type, name, sql from sqlite_master order by type, name").all() as Row[]).map((r) =>
      JSON.stringify(r),
    ),
  );
}

// ---------------------------------------------------------------------------------------------

const questions = content.areas
  .flatMap((a) => a.questions)
  .filter(
    (q) => !q.showIf && isQuestionVisible(q, {}, content) && ["single", "scale", "yes-no"].includes(q.kind),
  );

/** Keeps writing through HTTP (answers and plan edits, each based on the version it last saw) until stopped. */
function startWriters() {
  let stopped = false;
  let acknowledged = 0;
  const answerVersions = new Map<string, number>();
  const itemVersions = new Map<string, number>();
  const answers = async (lane: number) => {
    for (let n = 0; !stopped; n++) {
      const q = questions[(lane + n * 3) % questions.length];
      const version = answerVersions.get(q.id) ?? 0;
      const res = await founder.post(`/engagements/${answering}/assess/${q.area}.data`, {
        intent: "autosave",
        q: q.id,
        [`a:${q.id}`]: q.options[n % q.options.length].id,
        [`note:${q.id}`]: `lane ${lane} write ${n}`,
        [`v:${q.id}`]: String(version),
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`autosave ${q.id}@${version}: ${res.status}`);
      answerVersions.set(q.id, version + 1);
      acknowledged++;
    }
  };
  const plan = async () => {
    for (let n = 0; !stopped; n++) {
      const itemId = itemIds[n % itemIds.length];
      const version = itemVersions.get(itemId) ?? 1;
      const res = await partner.post(`/engagements/${planning}/plan`, {
        intent: "scope",
        itemId,
        version: String(version),
        // Every write changes the scope (items start in scope): a save that changes nothing keeps
        // the item's version, and this writer counts on each write raising it.
        scope: ["excluded", "deferred", "included"][(version - 1) % 3],
      });
      await res.arrayBuffer();
      if (res.status !== 302) throw new Error(`plan edit ${itemId}@${version}: ${res.status}`);
      itemVersions.set(itemId, version + 1);
      acknowledged++;
    }
  };
  const done = Promise.all([answers(0), answers(1), answers(2), plan()]);
  return {
    acknowledged: () => acknowledged,
    stop: async () => {
      stopped = true;
      await done;
    },
  };
}

/**
 * Invariants that hold in every committed state, and only there: each answer save bumps one
 * version and logs one activity row in the same transaction (likewise each plan item edit), so a
 * copy that caught half a transaction, or two different moments, would not add up.
 */
function assertTransactionallyConsistent(file: string) {
  withDb(file, (conn) => {
    for (const { id } of conn.prepare("select id from engagements").all() as Array<{ id: string }>) {
      const versions = (
        conn
          .prepare("select coalesce(sum(version), 0) as n from answers where engagement_id = ?")
          .get(id) as {
          n: number;
        }
      ).n;
      const logged = (
        conn
          .prepare(
            "select coalesce(sum(json_array_length(detail, '$.questions')), 0) as n from activity where engagement_id = ? and kind = 'answers.saved'",
          )
          .get(id) as { n: number }
      ).n;
      expect(logged, `answer saves in engagement ${id}`).toBe(versions);
      const edits = (
        conn
          .prepare("select coalesce(sum(version - 1), 0) as n from plan_items where engagement_id = ?")
          .get(id) as { n: number }
      ).n;
      const editLog = (
        conn
          .prepare(
            "select count(*) as n from activity where engagement_id = ? and kind like 'plan.%' and kind not in ('plan.custom', 'plan.regenerated')",
          )
          .get(id) as { n: number }
      ).n;
      expect(editLog, `plan edits in engagement ${id}`).toBe(edits);
    }
  });
}

beforeAll(async () => {
  server = await startServer({ SIGNUP_RATE_LIMIT: "1000" });
  founder = new Client(server.url);
  founderEmail = `backup-founder-${Date.now()}@example.com`;
  await signup(founder, founderEmail, PASSWORD);
  answering = (await createEngagement(founder, "Backup answers")).id;
  planning = (await createEngagement(founder, "Backup plan")).id;

  const invite = await founder.post(`/engagements/${planning}/members`, {
    intent: "invite",
    role: "partner",
  });
  const token = /\/invite\/([A-Za-z0-9_-]{22})/.exec(await invite.text())?.[1];
  if (!token) throw new Error("no invitation link");
  partner = new Client(server.url);
  await signup(partner, `backup-partner-${Date.now()}@example.com`, PASSWORD);
  if ((await partner.post(`/invite/${token}`, {})).status !== 302) throw new Error("partner could not join");
  for (const title of ["Nightly backups", "Restore drill", "Point-in-time recovery"]) {
    const res = await partner.post(`/engagements/${planning}/plan`, {
      intent: "custom",
      title,
      description: "",
      area: content.areas[0].id,
      phase: "hardening",
      "estimate.optimistic": "1",
      "estimate.likely": "3",
      "estimate.pessimistic": "8",
    });
    if (res.status !== 302) throw new Error(`custom item: ${res.status}`);
  }
  itemIds = withDb(server.dbFile, (conn) =>
    (
      conn
        .prepare("select id from plan_items where engagement_id = ? order by position")
        .all(planning) as Array<{
        id: string;
      }>
    ).map((r) => r.id),
  );
  const comment = await partner.post(`/engagements/${planning}/plan`, {
    intent: "comment",
    itemId: itemIds[0],
    body: "Let's test the restore, not just the backup.",
  });
  if (comment.status !== 302) throw new Error(`comment: ${comment.status}`);
}, 60_000);

afterAll(async () => {
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("online backup and restore", () => {
  const backupFile = path.join(dir, "backups", "during-writes.db");
  const restored = path.join(dir, "restored", "finishline.db");

  it("backs up a consistent snapshot while the server is writing, and restores it exactly", async () => {
    const writers = startWriters();
    try {
      while (writers.acknowledged() < 20) await new Promise((r) => setTimeout(r, 20));
      // Everything committed before the backup starts must be in it.
      const before = dump(server.dbFile);
      const ackedBefore = writers.acknowledged();
      const backup = await runScript("scripts/db-backup.ts", [backupFile], server.dbFile);
      const ackedDuring = writers.acknowledged() - ackedBefore;
      expect(backup.stderr).toBe("");
      expect(backup.code).toBe(0);
      expect(backup.stdout).toContain(backupFile);
      expect(backup.stdout).toMatch(new RegExp(`size ${fs.statSync(backupFile).size} bytes`));
      // The server kept writing while the script ran (the writers throw on any non-success).
      expect(ackedDuring).toBeGreaterThan(0);

      const copy = dump(backupFile);
      for (const [table, rows] of Object.entries(before)) {
        for (const [key, row] of rows) {
          const backedUp = copy[table]?.get(key);
          expect(backedUp, `${table} ${key} committed before the backup`).toBeDefined();
          if ("version" in row)
            expect(backedUp!.version as number).toBeGreaterThanOrEqual(row.version as number);
          else if (["users", "memberships", "activity", "comments", "__drizzle_migrations"].includes(table)) {
            expect(backedUp).toEqual(row);
          }
        }
      }
    } finally {
      await writers.stop();
    }

    expect(withDb(backupFile, (c) => c.pragma("integrity_check", { simple: true }))).toBe("ok");
    expect(withDb(backupFile, (c) => c.pragma("journal_mode", { simple: true }))).toBe("delete");
    assertTransactionallyConsistent(backupFile);
    // Nothing in the backup is newer than the database it came from.
    const live = dump(server.dbFile);
    const copy = dump(backupFile);
    for (const [table, rows] of Object.entries(copy)) {
      for (const [key, row] of rows) {
        const now = live[table]?.get(key);
        if (table === "sessions") continue; // expired sessions may be swept
        expect(now, `${table} ${key} from the backup is in the database`).toBeDefined();
        if ("version" in row) expect(now!.version as number).toBeGreaterThanOrEqual(row.version as number);
      }
    }

    const restore = await runScript("scripts/db-restore.ts", [backupFile], restored);
    expect(restore.stderr).toBe("");
    expect(restore.code).toBe(0);
    expect(restore.stdout).toContain(`to ${restored}`);
    expect(fs.existsSync(`${restored}-wal`)).toBe(false);
    expect(fs.readdirSync(path.dirname(restored)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    expect(schemaOf(restored)).toEqual(schemaOf(backupFile));
    const back = dump(restored);
    expect(Object.keys(back)).toEqual(Object.keys(copy));
    for (const table of Object.keys(copy)) {
      expect([...back[table].values()], table).toEqual([...copy[table].values()]);
    }
    expect(Object.keys(back)).toEqual(
      expect.arrayContaining([
        "answers",
        "plan_items",
        "users",
        "engagements",
        "memberships",
        "comments",
        "activity",
      ]),
    );
    expect(back.answers.size).toBeGreaterThan(0);
    expect(back.comments.size).toBe(1);
  }, 90_000);

  it("gives a restored database to a server that starts on it and serves the same data", async () => {
    const restoredServer = await startServer({ DATABASE_URL: restored });
    try {
      const again = await login(restoredServer, founderEmail, PASSWORD);
      const list = await (await again.get("/engagements")).text();
      expect(list).toContain("Backup answers");
      expect(list).toContain("Backup plan");
      const [{ n }] = withDb(
        restored,
        (c) => c.prepare("select count(*) as n from answers").all() as Array<{ n: number }>,
      );
      expect(n).toBeGreaterThan(0);
    } finally {
      await restoredServer.stop();
    }
  }, 60_000);

  it("refuses files that are not a healthy Finishline database, and a database in use, with a clear message", async () => {
    const text = path.join(dir, "notes.txt");
    fs.writeFileSync(text, "these are not the tables you are looking for\n".repeat(100));

    const corrupt = path.join(dir, "corrupt.db");
    fs.copyFileSync(backupFile, corrupt);
    const pageSize = withDb(corrupt, (c) => c.pragma("page_size", { simple: true }) as number);
    const pages = fs.statSync(corrupt).size / pageSize;
    const fd = fs.openSync(corrupt, "r+");
    // Scribble over the middle of every page but the first (the header stays valid).
    for (let p = 1; p < pages; p++) fs.writeSync(fd, Buffer.alloc(64, 0xa5), 0, 64, p * pageSize + 40);
    fs.closeSync(fd);

    const foreign = path.join(dir, "foreign.db");
    const other = new Database(foreign);
    other.exec(
      "create table notes (id integer primary key, body text); insert into notes (body) values ('hi');",
    );
    other.close();

    const target = path.join(dir, "target", "finishline.db");
    fs.mkdirSync(path.dirname(target));
    fs.copyFileSync(backupFile, target);
    const targetBytes = fs.readFileSync(target);
    const liveCount = () =>
      withDb(
        server.dbFile,
        (c) => (c.prepare("select count(*) as n from activity").get() as { n: number }).n,
      );
    const liveBefore = liveCount();

    const [notSqlite, broken, notOurs, inUse, noSource, unwritable] = await Promise.all([
      runScript("scripts/db-restore.ts", [text], target),
      runScript("scripts/db-restore.ts", [corrupt], target),
      runScript("scripts/db-restore.ts", [foreign], target),
      runScript("scripts/db-restore.ts", [backupFile], server.dbFile),
      runScript("scripts/db-backup.ts", [path.join(dir, "x.db")], path.join(dir, "missing.db")),
      runScript("scripts/db-backup.ts", [path.join(text, "x.db")], server.dbFile),
    ]);
    expect(notSqlite.code).toBe(1);
    expect(notSqlite.stderr).toMatch(/db:restore failed: .*notes\.txt is not a SQLite database/);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/db:restore failed: .*corrupt\.db (is corrupt|cannot be)/);
    expect(notOurs.code).toBe(1);
    expect(notOurs.stderr).toMatch(/not a Finishline database: missing tables .*answers/);
    expect(inUse.code).toBe(1);
    expect(inUse.stderr).toMatch(/is in use \(is the Finishline server running\?\)/);
    expect(noSource.code).toBe(1);
    expect(noSource.stderr).toMatch(/db:backup failed: no database at .*missing\.db/);
    expect(unwritable.code).toBe(1);
    expect(unwritable.stderr).toMatch(/db:backup failed: cannot write the backup to/);

    // Refusals change nothing: the target is byte for byte the same, no temporary files are left,
    // and the running server's database is untouched and still served.
    expect(fs.readFileSync(target).equals(targetBytes)).toBe(true);
    expect(fs.readdirSync(path.dirname(target))).toEqual(["finishline.db"]);
    expect(fs.readdirSync(path.dirname(server.dbFile)).filter((f) => /restore|\.tmp$/.test(f))).toEqual([]);
    expect(liveCount()).toBe(liveBefore);
    expect((await founder.get(`/engagements/${answering}`)).status).toBe(200);
  }, 60_000);
});
