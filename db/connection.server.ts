import fs from "node:fs";
import path from "node:path";

import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";

import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const MIGRATIONS_DIR = path.resolve(process.cwd(), "db/migrations");

/** Opens a connection with the pragmas every connection must have. */
function openDatabase(file: string): Db {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  // WAL lets readers continue while one writer commits; FULL syncs the WAL on every commit so an
  // acknowledged write survives power loss, not just a process crash.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  return drizzle(sqlite, { schema }) as Db;
}

export function runMigrations(db: Db): void {
  migrate(db, { migrationsFolder: MIGRATIONS_DIR });
}

// One connection per process. The server entry (build/server/index.js) and the Remix server bundle
// each have their own copy of this module, so the handle lives on globalThis to be truly shared.
const KEY = Symbol.for("finishline.db");
type Holder = { [KEY]?: { file: string; db: Db; counters?: Database.Database } };

export function initDb(file: string): Db {
  const holder = globalThis as Holder;
  const existing = holder[KEY];
  if (existing) {
    if (existing.file !== file) throw new Error(`Database already open at ${existing.file}`);
    return existing.db;
  }
  const db = openDatabase(file);
  holder[KEY] = { file, db };
  return db;
}

export function db(): Db {
  const existing = (globalThis as Holder)[KEY];
  if (existing) return existing.db;
  // Lazily open from the environment (scripts, tests); the server opens it explicitly at start.
  const file = (process.env.DATABASE_URL ?? "data/finishline.db").replace(/^file:/, "");
  return initDb(file);
}

/**
 * A second connection to the same file, for the rate limits' counters (app/auth/rate-limit.server.ts).
 * They change on every limited request, and losing the last few to a power cut costs nothing, so its
 * commits are not synced to disk (synchronous=NORMAL: in WAL mode still safe against a crash of the
 * process, and the next synced commit of the main connection carries them): about 80 µs a change
 * instead of 400 µs of a synced one, with the event loop waiting either way.
 */
export function countersDb(): Database.Database {
  db();
  const existing = (globalThis as Holder)[KEY]!;
  // An in-memory database cannot be opened twice.
  if (existing.file === ":memory:") return existing.db.$client;
  if (!existing.counters) {
    const counters = new Database(existing.file);
    counters.pragma("journal_mode = WAL");
    counters.pragma("synchronous = NORMAL");
    counters.pragma("busy_timeout = 5000");
    existing.counters = counters;
  }
  return existing.counters;
}

export function closeDb(): void {
  const holder = globalThis as Holder;
  const existing = holder[KEY];
  if (!existing) return;
  existing.counters?.close();
  existing.db.$client.close();
  delete holder[KEY];
}

/**
 * BEGIN IMMEDIATE: take the write lock before reading, so a read-then-write cannot interleave with
 * another writer and lose its update (a deferred transaction would fail with SQLITE_BUSY_SNAPSHOT).
 */
export function writeTransaction<T>(fn: (tx: Db) => T): T {
  const conn = db();
  return conn.$client.transaction(() => fn(conn)).immediate();
}

/**
 * Group commit for hot, small writes (autosaves): every write queued in the same turn of the event
 * loop runs in one BEGIN IMMEDIATE transaction, each in its own SAVEPOINT, and they share a single
 * COMMIT, so one fsync instead of one per write. Each promise settles only after that COMMIT
 * returned (durable, as with writeTransaction); a write that throws undoes only its own changes
 * and rejects only its own promise. Writes run one after the other in the order they were queued,
 * so each sees the ones before it, exactly as separate transactions would.
 *
 * Why: better-sqlite3 commits on the event loop. With synchronous=FULL each commit waits for an
 * fsync (0.3 ms on an idle disk, 4–6 ms and spikes past 100 ms on this shared one), during which
 * the server does nothing else; 50 writers then queue behind each other's fsyncs.
 */
export function writeTogether<T>(fn: (tx: Db) => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const first = queuedWrites.push({ fn, resolve: resolve as (value: unknown) => void, reject }) === 1;
    if (first) setImmediate(commitQueuedWrites);
  });
}

type QueuedWrite = {
  fn: (tx: Db) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
};
let queuedWrites: QueuedWrite[] = [];

function commitQueuedWrites() {
  const batch = queuedWrites;
  queuedWrites = [];
  const conn = db();
  const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
  try {
    conn.$client
      .transaction(() => {
        for (const write of batch) {
          try {
            // A better-sqlite3 transaction inside a transaction is a SAVEPOINT.
            outcomes.push({ ok: true, value: conn.$client.transaction(() => write.fn(conn))() });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      })
      .immediate();
  } catch (error) {
    // BEGIN or COMMIT failed: nothing of the batch was written.
    for (const write of batch) write.reject(error);
    return;
  }
  batch.forEach((write, i) => {
    const outcome = outcomes[i];
    if (outcome.ok) write.resolve(outcome.value);
    else write.reject(outcome.error);
  });
}

// Hot queries are prepared once per connection: building SQL and preparing a statement on every
// request costs more than running it.
const preparedByDb = new WeakMap<Db, Map<string, unknown>>();

export function prepared<T>(name: string, build: (conn: Db) => T): T {
  const conn = db();
  let cache = preparedByDb.get(conn);
  if (!cache) preparedByDb.set(conn, (cache = new Map()));
  let statement = cache.get(name) as T | undefined;
  if (statement === undefined) cache.set(name, (statement = build(conn)));
  return statement;
}
