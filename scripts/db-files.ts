// Shared by scripts/db-backup.ts and scripts/db-restore.ts: where the database lives, what a
// Finishline database must contain, and the fsync/rename steps that make a file replacement atomic.
import fs from "node:fs";
import path from "node:path";

import type Database from "better-sqlite3";
import { is } from "drizzle-orm";
import { getTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";

import * as schema from "../db/schema";

export const MIGRATIONS_TABLE = "__drizzle_migrations";

/** Thrown for problems the user can fix; the scripts print the message alone, without a stack. */
export class ScriptError extends Error {}

/** DATABASE_URL as the app reads it (app/env.server.ts), without loading the rest of the env. */
export function databaseFile(): string {
  return (process.env.DATABASE_URL || "data/finishline.db").replace(/^file:/, "");
}

/** The app's tables, from db/schema.ts, so a new table is checked without editing the scripts. */
export function appTables(): string[] {
  return (Object.values(schema) as unknown[])
    .filter((value): value is SQLiteTable => is(value, SQLiteTable))
    .map((table) => getTableConfig(table).name)
    .sort();
}

/** The newest migration this code knows (db/migrations/meta/_journal.json). */
export function latestMigration(): { count: number; when: number } {
  const journal = JSON.parse(fs.readFileSync(path.resolve("db/migrations/meta/_journal.json"), "utf8")) as {
    entries: Array<{ when: number }>;
  };
  return { count: journal.entries.length, when: Math.max(0, ...journal.entries.map((e) => e.when)) };
}

const SQLITE_HEADER = Buffer.from("SQLite format 3\0", "latin1");

export function hasSqliteHeader(file: string): boolean {
  const fd = fs.openSync(file, "r");
  try {
    const buf = Buffer.alloc(SQLITE_HEADER.length);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    return n === buf.length && buf.equals(SQLITE_HEADER);
  } finally {
    fs.closeSync(fd);
  }
}

export function rowCounts(conn: Database.Database, tables: readonly string[]): Record<string, number> {
  const present = new Set(
    (
      conn.prepare("select name from sqlite_master where type = 'table'").all() as Array<{ name: string }>
    ).map((r) => r.name),
  );
  return Object.fromEntries(
    tables
      .filter((t) => present.has(t))
      .map((t) => [t, (conn.prepare(`select count(*) as n from "${t}"`).get() as { n: number }).n]),
  );
}

export function formatCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([t, n]) => `${t} ${n}`)
    .join(", ");
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Flushes a file (or a directory entry list, after a rename) to disk. */
export function fsyncPath(p: string): void {
  const fd = fs.openSync(p, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** A temporary name in the same directory as `file`, so renaming it over `file` is atomic. */
export function tempNextTo(file: string, purpose: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${purpose}-${process.pid}.tmp`);
}

export function removeQuietly(file: string): void {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(file + suffix, { force: true });
}

/** Runs a script body: ScriptErrors become one clear line on stderr and exit code 1. */
export function runScript(name: string, body: () => Promise<void>): void {
  body().catch((error: unknown) => {
    const message =
      error instanceof ScriptError
        ? error.message
        : error instanceof Error
          ? (error.stack ?? error.message)
          : String(error);
    console.error(`${name} failed: ${message}`);
    process.exit(1);
  });
}
