// npm run db:restore -- FILE — replaces DATABASE_URL (default data/finishline.db) with the backup
// FILE. Stop the server first: the script refuses while any process has the database open.
//
// 1. Copies FILE next to the database (SQLite backup API, so a FILE in WAL mode comes whole) and
//    checks the copy: PRAGMA integrity_check, foreign_key_check, every table of db/schema.ts and
//    the drizzle migrations table, and no migration newer than this code knows.
// 2. Makes sure nothing else has the database open (an exclusive lock; a running server holds a
//    shared lock for as long as its connection is open).
// 3. Keeps the current database as <name>.before-restore-<timestamp>.db, removes its -wal/-shm (a stale
//    WAL applied to another file corrupts it), and renames the checked copy over the database: the
//    swap is atomic, the database is either the old one or the restored one, never a mix.
import fs from "node:fs";
import path from "node:path";

import Database from "better-sqlite3";

import {
  appTables,
  databaseFile,
  formatBytes,
  formatCounts,
  fsyncPath,
  hasSqliteHeader,
  latestMigration,
  MIGRATIONS_TABLE,
  removeQuietly,
  rowCounts,
  runScript,
  ScriptError,
  tempNextTo,
} from "./db-files";

const USAGE = "usage: npm run db:restore -- FILE   (replaces DATABASE_URL, default data/finishline.db)";

/** Checks a candidate database; returns warnings (refusals throw). */
function validate(conn: Database.Database, label: string): string[] {
  const warnings: string[] = [];
  let problems: string[];
  try {
    problems = (conn.pragma("integrity_check(20)") as Array<{ integrity_check: string }>)
      .flatMap((r) => r.integrity_check.split("\n"))
      .filter((line) => line !== "ok" && !line.startsWith("***"));
  } catch (error) {
    throw new ScriptError(`${label} is corrupt: ${(error as Error).message}`);
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 3).join("; ");
    const more = problems.length > 3 ? ` and more` : "";
    throw new ScriptError(`${label} is corrupt (PRAGMA integrity_check: ${shown}${more})`);
  }
  const tables = new Set(
    (
      conn.prepare("select name from sqlite_master where type = 'table'").all() as Array<{ name: string }>
    ).map((r) => r.name),
  );
  const missing = [...appTables(), MIGRATIONS_TABLE].filter((t) => !tables.has(t));
  if (missing.length > 0) {
    throw new ScriptError(`${label} is not a Finishline database: missing tables ${missing.join(", ")}`);
  }
  const fkProblems = (conn.pragma("foreign_key_check") as unknown[]).length;
  if (fkProblems > 0) {
    throw new ScriptError(
      `${label} has ${fkProblems} rows that point at missing rows (PRAGMA foreign_key_check)`,
    );
  }
  const applied = conn
    .prepare(`select count(*) as n, max(created_at) as last from "${MIGRATIONS_TABLE}"`)
    .get() as {
    n: number;
    last: number | null;
  };
  const known = latestMigration();
  if ((applied.last ?? 0) > known.when) {
    throw new ScriptError(
      `${label} comes from a newer Finishline (it has migrations this code does not know); restore it with that version.`,
    );
  }
  if (applied.n < known.count) {
    warnings.push(
      `${label} has ${applied.n} of ${known.count} migrations; the server applies the rest when it starts.`,
    );
  }
  return warnings;
}

/** Throws when another connection has the database open (a running server always does). */
function assertNotInUse(target: string): void {
  let conn: Database.Database | undefined;
  try {
    conn = new Database(target, { fileMustExist: true, timeout: 0 });
    // An exclusive lock is refused while any other connection is open on a WAL database: each
    // one holds a shared lock from open to close, idle or not.
    conn.pragma("locking_mode = EXCLUSIVE");
    conn.exec("BEGIN EXCLUSIVE");
    conn.exec("ROLLBACK");
  } catch (error) {
    const code = (error as { code?: string }).code ?? "";
    if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) {
      throw new ScriptError(
        `${target} is in use (is the Finishline server running?). Stop the server, then run the restore again.`,
      );
    }
    // A damaged current database is no reason not to restore over it.
    if (code !== "SQLITE_NOTADB" && code !== "SQLITE_CORRUPT") throw error;
  } finally {
    // Closing the last connection also checkpoints the WAL into the file, so the kept copy is whole.
    conn?.close();
  }
}

async function main() {
  const args = process.argv.slice(2);
  if (args.length !== 1 || args[0] === "--help" || args[0] === "-h") {
    console.log(USAGE);
    process.exit(args.length === 1 ? 0 : 2);
  }
  const backup = path.resolve(args[0]);
  const target = path.resolve(databaseFile());
  if (!fs.existsSync(backup) || !fs.statSync(backup).isFile()) throw new ScriptError(`no file at ${backup}.`);
  if (backup === target) throw new ScriptError("the backup is the database itself; nothing to restore.");
  if (!hasSqliteHeader(backup)) {
    throw new ScriptError(`${backup} is not a SQLite database (its header is not "SQLite format 3").`);
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });

  // Copy first, validate the copy: what gets checked is exactly what gets installed.
  const temp = tempNextTo(target, "restore");
  removeQuietly(temp);
  let warnings: string[] = [];
  let counts: Record<string, number> = {};
  try {
    let src: Database.Database;
    try {
      src = new Database(backup, { readonly: true, fileMustExist: true });
      src.prepare("select count(*) from sqlite_master").get();
    } catch (error) {
      throw new ScriptError(`${backup} cannot be read as a SQLite database: ${(error as Error).message}`);
    }
    try {
      await src.backup(temp, { progress: () => 0x7fffffff });
    } catch (error) {
      throw new ScriptError(`${backup} cannot be copied (corrupt?): ${(error as Error).message}`);
    } finally {
      src.close();
    }
    const copy = new Database(temp, { fileMustExist: true });
    try {
      warnings = validate(copy, backup);
      copy.pragma("journal_mode = DELETE");
      counts = rowCounts(copy, appTables());
    } finally {
      copy.close();
    }
    fsyncPath(temp);

    let kept: string | null = null;
    if (fs.existsSync(target)) {
      assertNotInUse(target);
      const ext = path.extname(target);
      const stamp = new Date().toISOString().replace(/[:.]/g, "-");
      kept = path.join(
        path.dirname(target),
        `${path.basename(target, ext)}.before-restore-${stamp}${ext || ".db"}`,
      );
      fs.copyFileSync(target, kept);
      if (fs.existsSync(`${target}-wal`)) fs.copyFileSync(`${target}-wal`, `${kept}-wal`);
      fsyncPath(kept);
    }
    fs.rmSync(`${target}-wal`, { force: true });
    fs.rmSync(`${target}-shm`, { force: true });
    fs.rmSync(`${target}-journal`, { force: true });
    fs.renameSync(temp, target);
    fsyncPath(path.dirname(target));

    const size = fs.statSync(target).size;
    console.log(`Restored ${backup}`);
    console.log(`      to ${target} (${size} bytes, ${formatBytes(size)})`);
    console.log(`    rows ${formatCounts(counts)}`);
    if (kept) console.log(`The previous database is kept at ${kept}`);
    for (const w of warnings) console.log(`Note: ${w}`);
    console.log("Start the server to use it (npm start).");
  } catch (error) {
    removeQuietly(temp);
    throw error;
  }
}

runScript("db:restore", main);
