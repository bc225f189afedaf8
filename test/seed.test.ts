import { describe, expect, it } from "vitest";

import { answerProblem } from "../app/engine/answers";
import { db } from "../db/connection.server";
import { DEMO_ANSWERS } from "../db/demo-answers";
import { DEMO, seedDemo } from "../db/seed.server";
import { answers, engagements, memberships, users } from "../db/schema";

import { realContent } from "./support/content";

describe("demo seed", () => {
  it("fits the current question bank: every demo answer is a valid answer", () => {
    const content = realContent();
    const problems = Object.entries(DEMO_ANSWERS).flatMap(([id, value]) => {
      const q = content.questionsById.get(id);
      if (!q) return [`${id}: unknown question`];
      const problem = answerProblem(q, value);
      return problem ? [`${id}: ${problem}`] : [];
    });
    expect(problems).toEqual([]);
  });

  it("creates the founder, the partner and their shared engagement once, and is idempotent", async () => {
    const first = await seedDemo({ password: DEMO.password });
    expect(first?.founder.email).toBe(DEMO.founder.email);
    const second = await seedDemo({ password: DEMO.password });
    expect(second).toBeUndefined();

    const conn = db();
    expect(
      conn
        .select()
        .from(users)
        .all()
        .map((u) => u.email)
        .sort(),
    ).toEqual([DEMO.founder.email, DEMO.partner.email].sort());
    const all = conn.select().from(engagements).all();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ name: "CartPilot", currency: "EUR" });
    expect(
      conn
        .select()
        .from(memberships)
        .all()
        .map((m) => m.role)
        .sort(),
    ).toEqual(["founder", "partner"]);
    expect(conn.select().from(answers).all()).toHaveLength(Object.keys(DEMO_ANSWERS).length);
  });
});
