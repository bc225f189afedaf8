import crypto from "node:crypto";

import { verify } from "@node-rs/argon2";
import { eq, inArray } from "drizzle-orm";

import { getContent } from "../app/models/content.server";
import { hashPassword } from "../app/models/user.server";
import { newId } from "../app/utils/ids.server";

import { db, writeTransaction } from "./connection.server";
import { answerProblem } from "../app/engine/answers";

import { DEMO_ANSWERS, DEMO_NOTES } from "./demo-answers";
import { activity, answers, engagements, memberships, users } from "./schema";

export const DEMO = {
  founder: { email: "founder@demo.finishline.test", name: "Maya Okafor" },
  partner: { email: "partner@demo.finishline.test", name: "Jonas Brandt" },
  /**
   * The password earlier versions gave every demo database, published in the README. Never used
   * unless DEMO_PASSWORD asks for it (the tests do); a demo account found with it at start gets a
   * random one instead (docs/decisions/009-demo-passwords.md).
   */
  password: "finishline-demo",
} as const;

/** A password nobody knows until the log shows it: 16 random URL-safe characters. */
export function randomDemoPassword(): string {
  return crypto.randomBytes(12).toString("base64url");
}

/**
 * Creates the demo founder, partner and their shared engagement — once, with `password` for both.
 * Returns undefined when the demo data already exists, so it is safe to call on every start.
 */
export async function seedDemo({ password }: { password: string }) {
  const exists = db().select({ id: users.id }).from(users).where(eq(users.email, DEMO.founder.email)).get();
  if (exists) return undefined;

  const content = getContent();
  const passwordHash = await hashPassword(password);
  const founderId = newId();
  const partnerId = newId();
  const engagementId = newId();
  const now = Date.now();

  writeTransaction((tx) => {
    tx.insert(users)
      .values([
        // Ours, on a reserved domain (.test) that receives no mail: confirmed, so the demo's
        // notifications are sent (to the log without SMTP) as they would be for real members.
        { id: founderId, ...DEMO.founder, passwordHash, emailConfirmedAt: now },
        { id: partnerId, ...DEMO.partner, passwordHash, emailConfirmedAt: now },
      ])
      .run();
    tx.insert(engagements)
      .values({
        id: engagementId,
        name: "CartPilot",
        description:
          "Online store for independent coffee roasters, built on Bolt.new with Supabase and Stripe. Product pages and cart work; checkout fails when several customers pay at the same time, and nobody is alerted when it does.",
        currency: "EUR",
        hourlyRate: 95,
        teamSize: 2,
        weeklyCapacity: 30,
        contentVersion: content.version,
        createdBy: founderId,
        createdAt: now,
        updatedAt: now,
      })
      .run();
    tx.insert(memberships)
      .values([
        { engagementId, userId: founderId, role: "founder" },
        { engagementId, userId: partnerId, role: "partner" },
      ])
      .run();
    // Only answers that fit the current content: the demo must never break start-up.
    const rows = Object.entries(DEMO_ANSWERS)
      .filter(([questionId, value]) => {
        const q = content.questionsById.get(questionId);
        return q !== undefined && answerProblem(q, value) === null;
      })
      .map(([questionId, value]) => ({
        engagementId,
        questionId,
        value,
        note: DEMO_NOTES[questionId] ?? "",
        contentVersion: content.version,
        answeredBy: founderId,
        answeredAt: now,
      }));
    if (rows.length > 0) tx.insert(answers).values(rows).run();
    tx.insert(activity)
      .values({ engagementId, userId: founderId, kind: "engagement.created", detail: { name: "CartPilot" } })
      .run();
  });

  return { founder: DEMO.founder, partner: DEMO.partner, password, engagementId };
}

/**
 * Demo accounts still protected by the published password (created by an earlier version) get
 * `password` instead, unless that is what was asked for. Returns the emails changed.
 */
export async function replacePublishedDemoPassword({ password }: { password: string }): Promise<string[]> {
  if (password === DEMO.password) return [];
  const rows = db()
    .select({ id: users.id, email: users.email, passwordHash: users.passwordHash })
    .from(users)
    .where(inArray(users.email, [DEMO.founder.email, DEMO.partner.email]))
    .all();
  const published: typeof rows = [];
  for (const row of rows) if (await verify(row.passwordHash, DEMO.password)) published.push(row);
  if (published.length === 0) return [];
  const passwordHash = await hashPassword(password);
  db()
    .update(users)
    .set({ passwordHash, passwordChangedAt: Date.now() })
    .where(
      inArray(
        users.id,
        published.map((r) => r.id),
      ),
    )
    .run();
  return published.map((r) => r.email);
}
