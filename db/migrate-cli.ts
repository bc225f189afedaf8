// npm run db:migrate — apply pending migrations to DATABASE_URL (default data/finishline.db).
import { getEnv } from "../app/env.server";
import { closeDb, initDb, runMigrations } from "./connection.server";

try {
  const env = getEnv();
  runMigrations(initDb(env.DATABASE_URL));
  console.log(`Migrations applied to ${env.DATABASE_URL}`);
  closeDb();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
