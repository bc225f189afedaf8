import { eq } from "drizzle-orm";

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
  password: "finishline-demo",
} as const;

/**
 * Creates the demo founder, partner and their shared engagement — once. Returns undefined when the
 * demo data already exists, so it is safe to call on every start.
 */
export async function seedDemo() {
  const exists = db().select({ id: users.id }).from(users).where(eq(users.email, DEMO.founder.email)).get();
  if (exists) return undefined;

  const content = getContent();
  const passwordHash = await hashPassword(DEMO.password);
  const founderId = newId();
  const partnerId = newId();
  const engagementId = newId();
  const now = Date.now();

  writeTransaction((tx) => {
    tx.insert(users)
      .values([
        { id: founderId, ...DEMO.founder, passwordHash },
        { id: partnerId, ...DEMO.partner, passwordHash },
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

  return { founder: DEMO.founder, partner: DEMO.partner, password: DEMO.password, engagementId };
}
