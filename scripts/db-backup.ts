// npm run db:backup [-- FILE] — an online, consistent copy of DATABASE_URL (default
// data/finishline.db) to FILE (default backups/finishline-<UTC timestamp>.db).
//
// Safe while the server runs and writes: it uses SQLite's backup API (better-sqlite3 db.backup())
// from its own connection, which reads one committed snapshot under WAL, so writers are never
// blocked and the copy never contains half a transaction. The copy is written to a temporary
// file, checked with PRAGMA integrity_check, switched to a self-contained rollback-journal file
// and only then renamed to FILE: a FILE that exists is a complete backup.
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
  removeQuietly,
  rowCounts,
  runScript,
  ScriptError,
  tempNextTo,
} from "./db-files";

function defaultTarget(): string {
  // Colons are not allowed in Windows file names, so the ISO timestamp uses dashes.
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  return path.join("backups", `finishline-${stamp}.db`);
}

async function main() {
  const args = process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h") || args.length > 1) {
    console.log("usage: npm run db:backup [-- FILE]   (copies DATABASE_URL, default data/finishline.db)");
    process.exit(args.length > 1 ? 2 : 0);
  }
  const source = path.resolve(databaseFile());
  const target = path.resolve(args[0] ?? defaultTarget());

  if (!fs.existsSync(source)) {
    throw new ScriptError(`no database at ${source}. Set DATABASE_URL to the database file to back up.`);
  }
  if (!fs.statSync(source).isFile() || !hasSqliteHeader(source)) {
    throw new ScriptError(`${source} is not a SQLite database.`);
  }
  if (target === source) throw new ScriptError("the backup file must not be the database itself.");
  if (fs.existsSync(target)) {
    throw new ScriptError(
      `${target} already exists; choose a new file name (backups are never overwritten).`,
    );
  }
  const dir = path.dirname(target);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (error) {
    throw new ScriptError(`cannot write the backup to ${dir}: ${(error as Error).message}`);
  }

  const started = Date.now();
  const temp = tempNextTo(target, "backup");
  // Not readonly: a read-only connection cannot recover a WAL left by a crashed server. Nothing is
  // written through this connection.
  const src = new Database(source, { fileMustExist: true, timeout: 10_000 });
  let counts: Record<string, number>;
  try {
    // Copy every page in one step, inside one read transaction. The default (100 pages per step)
    // restarts the copy whenever the server commits between two steps, so a busy server could keep
    // a large backup from ever finishing.
    await src.backup(temp, { progress: () => 0x7fffffff });
  } catch (error) {
    removeQuietly(temp);
    const code = (error as { code?: string }).code;
    if (code === "SQLITE_NOTADB" || code === "SQLITE_CORRUPT") {
      throw new ScriptError(`${source} is not a readable SQLite database (${(error as Error).message}).`);
    }
    throw new ScriptError(`could not write ${temp}: ${(error as Error).message}`);
  } finally {
    src.close();
  }

  try {
    const copy = new Database(temp, { fileMustExist: true });
    try {
      const integrity = (copy.pragma("integrity_check") as Array<{ integrity_check: string }>)
        .map((r) => r.integrity_check)
        .join("; ");
      if (integrity !== "ok") throw new ScriptError(`the copy failed PRAGMA integrity_check: ${integrity}`);
      // One self-contained file: opens read-only anywhere, no -wal/-shm to carry along. The server
      // switches a restored file back to WAL when it opens it.
      copy.pragma("journal_mode = DELETE");
      counts = rowCounts(copy, appTables());
    } finally {
      copy.close();
    }
    fsyncPath(temp);
    fs.renameSync(temp, target);
    fsyncPath(dir);
  } catch (error) {
    removeQuietly(temp);
    throw error;
  }

  const size = fs.statSync(target).size;
  console.log(`Backed up ${source}`);
  console.log(`       to ${target}`);
  console.log(`     size ${size} bytes (${formatBytes(size)}) in ${Date.now() - started} ms`);
  console.log(`     rows ${formatCounts(counts)}`);
}

runScript("db:backup", main);
