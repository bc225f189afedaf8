// A child process for the crash-durability test and bench: it writes through the app's own data
// access code (the models and their BEGIN IMMEDIATE transactions) as fast as it can, and after each
// write *returns* it prints one ACK line. The parent SIGKILLs it at random moments, restarts it on
// the same file, and finally checks that every ACKed write is in the database.
//
//   DATABASE_URL=/tmp/x.db node --import tsx test/support/crash-writer.ts
//
// Output, one line per event, written with fs.writeSync so a line is never printed before the
// commit returned and never sits in a buffer that dies with the process:
//   READY <engagementId> <answers> <items>
//   ACK answer <questionId> <value> <version> <note>
//   ACK item <itemId> <field> <value> <version>
import fs from "node:fs";

import { eq } from "drizzle-orm";

import { db, initDb, runMigrations } from "../../db/connection.server";
import { engagements, users } from "../../db/schema";
import { listAnswers, saveAnswers } from "../../app/models/answer.server";
import { createEngagement } from "../../app/models/engagement.server";
import { addCustomItem, changePlanItem, listPlan } from "../../app/models/plan.server";
import { createUser } from "../../app/models/user.server";

import { CRASH_ITEM_COUNT, CRASH_USER_EMAIL, crashQuestions } from "./crash-keys";

const file = process.env.DATABASE_URL;
if (!file) {
  process.stderr.write("crash-writer: set DATABASE_URL to the SQLite file to write\n");
  process.exit(2);
}

/** Writes the whole line to stdout synchronously (a pipe may be non-blocking: retry on EAGAIN). */
function emit(line: string): void {
  const buf = Buffer.from(line + "\n");
  let off = 0;
  while (off < buf.length) {
    try {
      off += fs.writeSync(1, buf, off);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
    }
  }
}

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)];

async function setUp(): Promise<{ userId: string; engagementId: string; contentVersion: string }> {
  runMigrations(initDb(file!));
  const contentVersion = "crash-test";
  // Every step is idempotent, so a kill anywhere in here is resumed by the next run.
  const user =
    db().select({ id: users.id }).from(users).where(eq(users.email, CRASH_USER_EMAIL)).get() ??
    (await createUser({ email: CRASH_USER_EMAIL, password: "crash-writer-password", name: "Crash" }));
  const engagement =
    db().select({ id: engagements.id }).from(engagements).where(eq(engagements.createdBy, user.id)).get() ??
    (await createEngagement({
      userId: user.id,
      name: "Crash durability",
      description: "Written by test/support/crash-writer.ts",
      contentVersion,
    }));
  for (let n = (await listPlan({ engagementId: engagement.id })).length; n < CRASH_ITEM_COUNT; n++) {
    await addCustomItem({
      engagementId: engagement.id,
      userId: user.id,
      title: `Crash item ${n + 1}`,
      description: "",
      area: "data",
      phase: "hardening",
      estimate: { optimistic: 1, likely: 2, pessimistic: 4 },
    });
  }
  return { userId: user.id, engagementId: engagement.id, contentVersion };
}

async function main() {
  const { userId, engagementId, contentVersion } = await setUp();
  const questions = await crashQuestions();
  // Versions continue from what the database holds, not from what the previous run printed.
  const answerVersions = new Map((await listAnswers({ engagementId })).map((a) => [a.questionId, a.version]));
  const items = await listPlan({ engagementId });
  const itemVersions = new Map(items.map((i) => [i.id, i.version]));
  emit(`READY ${engagementId} ${answerVersions.size} ${items.length}`);

  const tag = `${process.pid.toString(36)}-${Date.now().toString(36)}`;
  for (let seq = 1; ; seq++) {
    if (Math.random() < 0.6) {
      const q = pick(questions);
      const value = pick(q.options);
      // A unique note makes every save a real change (an identical save is not a new version).
      const note = `${tag}-${seq}`;
      const result = await saveAnswers({
        engagementId,
        userId,
        contentVersion,
        inputs: [
          {
            questionId: q.id,
            value,
            note,
            notApplicableReason: null,
            baseVersion: answerVersions.get(q.id) ?? 0,
          },
        ],
      });
      const saved = result.saved.find((s) => s.questionId === q.id);
      if (!saved) throw new Error(`answer ${q.id} conflicted: only this process writes`);
      answerVersions.set(q.id, saved.version);
      emit(`ACK answer ${q.id} ${value} ${saved.version} ${note}`);
    } else {
      const itemId = pick([...itemVersions.keys()]);
      const version = itemVersions.get(itemId)!;
      const field = pick(["phase", "likely", "scope"] as const);
      const value =
        field === "phase"
          ? pick(["launch-blocker", "hardening", "scale"] as const)
          : field === "likely"
            ? String(2 + Math.floor(Math.random() * 90))
            : pick(["included", "excluded", "deferred"] as const);
      const result = await changePlanItem({
        engagementId,
        itemId,
        userId,
        version,
        change:
          field === "phase"
            ? { kind: "phase", phase: value as "launch-blocker" | "hardening" | "scale" }
            : field === "likely"
              ? {
                  kind: "estimate",
                  estimate: { optimistic: 1, likely: Number(value), pessimistic: 100 },
                  reason: "crash test",
                }
              : { kind: "scope", scope: value as "included" | "excluded" | "deferred" },
      });
      if (!result.ok) throw new Error(`item ${itemId} change failed: ${result.reason}`);
      // The value it already had: nothing was written, so there is nothing to acknowledge.
      if (result.version === version) continue;
      itemVersions.set(itemId, result.version);
      emit(`ACK item ${itemId} ${field} ${value} ${result.version}`);
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `crash-writer: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
