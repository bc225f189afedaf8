// From the review of 5 December: migration 0021 credits hours logged before dated entries to whoever
// last set them with the hours (the partner), not to whoever last changed the status (the founder).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { describe, expect, it } from "vitest";

describe("migration 0021 attribution", () => {
  it("credits the hours to the partner who logged them, not the founder who changed the status after", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "finishline-review-0021-"));
    try {
      const before = path.join(dir, "migrations");
      fs.cpSync(path.resolve("db/migrations"), before, { recursive: true });
      const journalFile = path.join(before, "meta/_journal.json");
      const journal = JSON.parse(fs.readFileSync(journalFile, "utf8")) as { entries: { tag: string }[] };
      journal.entries = journal.entries.filter((e) => e.tag < "0021");
      fs.writeFileSync(journalFile, JSON.stringify(journal));

      const client = new Database(path.join(dir, "old.db"));
      const db = drizzle(client);
      migrate(db, { migrationsFolder: before });
      const insertUser = client.prepare(
        "insert into users (id, email, password_hash, created_at) values (?, ?, 'x', 0)",
      );
      insertUser.run("founder", "f@example.com");
      insertUser.run("partner", "p@example.com");
      client
        .prepare(
          "insert into engagements (id, name, content_version, created_by, updated_at) values ('e1', 'Old', 'v1', 'founder', 0)",
        )
        .run();
      client
        .prepare(
          `insert into plan_items (id, engagement_id, title, description, area, phase, optimistic, likely, pessimistic, scope, position, updated_at, actual_hours)
           values ('i1', 'e1', 'Logged by the partner', '', 'auth', 'launch-blocker', 1, 2, 3, 'included', 1, ?, 12.5)`,
        )
        .run(Date.UTC(2026, 11, 3, 15));
      const act = client.prepare(
        "insert into activity (engagement_id, user_id, kind, detail) values ('e1', ?, 'plan.status', ?)",
      );
      // The partner logs the hours (the old status form, with its hours field) ...
      act.run(
        "partner",
        JSON.stringify({ itemId: "i1", item: "Logged by the partner", to: "in-progress", actualHours: 12.5 }),
      );
      // ... then the founder, whose status form had no hours field, marks it done.
      act.run("founder", JSON.stringify({ itemId: "i1", item: "Logged by the partner", to: "done" }));
      migrate(db, { migrationsFolder: path.resolve("db/migrations") });
      expect(client.prepare("select item_id, user_id, hours from time_entries").all()).toEqual([
        { item_id: "i1", user_id: "partner", hours: 12.5 },
      ]);
      client.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
