// Each vitest worker gets its own real SQLite file, migrated, so model tests never share state.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll } from "vitest";

import { closeDb, initDb, runMigrations } from "../../db/connection.server";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "finishline-unit-"));
const file = path.join(dir, `worker-${process.env.VITEST_POOL_ID ?? "0"}.db`);
process.env.DATABASE_URL = file;
runMigrations(initDb(file));

afterAll(() => {
  closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
});
