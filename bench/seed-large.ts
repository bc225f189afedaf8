// Builds a database of realistic size for `npm run bench`: one founder and one partner sharing 100
// engagements, each with every visible question answered and a plan of at least 60 items, plus a
// published proposal. Uses the app's own data-access code, so the data is what the app would write.
import { answerProblem } from "../app/engine/answers";
import { visibleQuestions } from "../app/engine/conditions";
import type { Answers, Question } from "../app/engine/content/types";
import { mulberry32 } from "../app/engine/rng";
import { saveAnswers } from "../app/models/answer.server";
import { getContent } from "../app/models/content.server";
import { createEngagement } from "../app/models/engagement.server";
import { getPlanState } from "../app/models/plan-state.server";
import { addCustomItem, applyPlanMerge } from "../app/models/plan.server";
import { publishProposal } from "../app/models/proposal.server";
import { buildSnapshot } from "../app/models/snapshot.server";
import { createUser } from "../app/models/user.server";
import { visibilityOf } from "../app/questionnaire/questionnaire";
import { db } from "../db/connection.server";
import { engagements, memberships } from "../db/schema";

export const BENCH_PASSWORD = "bench-password-123";

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)];
}

function randomAnswer(q: Question, rand: () => number): string | string[] | number {
  if (q.kind === "number")
    return Math.round((q.min ?? 0) + rand() * Math.min((q.max ?? 100) - (q.min ?? 0), 50));
  if (q.kind === "text") return "Answered by the benchmark seed";
  if (q.kind === "multi") {
    const choices = q.options.filter((o) => !o.exclusive && rand() < 0.4).map((o) => o.id);
    return choices.length > 0 ? choices : [q.options[0].id];
  }
  return rand() < 0.08 ? "unsure" : pick(rand, q.options).id;
}

export async function seedLarge({ engagementsCount = 100, minItems = 60 } = {}) {
  const content = getContent();
  const visibility = visibilityOf(content);
  const rand = mulberry32(20261125);
  const founder = await createUser({
    email: "bench-founder@example.com",
    password: BENCH_PASSWORD,
    name: "Bench Founder",
  });
  const partner = await createUser({
    email: "bench-partner@example.com",
    password: BENCH_PASSWORD,
    name: "Bench Partner",
  });
  const ids: string[] = [];
  for (let e = 0; e < engagementsCount; e++) {
    const engagement = await createEngagement({
      userId: founder.id,
      name: `Product ${e + 1}`,
      description: "Seeded for the benchmark",
      contentVersion: content.version,
    });
    db()
      .insert(memberships)
      .values({ engagementId: engagement.id, userId: partner.id, role: "partner" })
      .run();
    // Answer section by section until nothing new becomes visible (conditions depend on answers).
    const answers: Answers = {};
    for (let round = 0; round < 3; round++) {
      const sections = [{ questions: content.intake.questions }, ...content.areas];
      for (const section of sections) {
        for (const q of visibleQuestions(section, answers, visibility)) {
          if (answers[q.id] !== undefined) continue;
          const value = randomAnswer(q, rand);
          if (answerProblem(q, value) === null) answers[q.id] = value;
        }
      }
    }
    await saveAnswers({
      engagementId: engagement.id,
      userId: founder.id,
      contentVersion: content.version,
      inputs: Object.entries(answers).map(([questionId, value]) => ({
        questionId,
        value,
        note: "",
        notApplicableReason: null,
        baseVersion: 0,
      })),
    });
    const fresh = () =>
      db()
        .select()
        .from(engagements)
        .all()
        .find((x) => x.id === engagement.id)!;
    const state = await getPlanState({ engagement: fresh() });
    await applyPlanMerge({ engagementId: engagement.id, userId: partner.id, merge: state.pending });
    const count = (await getPlanState({ engagement: fresh() })).items.length;
    for (let i = count; i < minItems; i++) {
      await addCustomItem({
        engagementId: engagement.id,
        userId: partner.id,
        title: `Custom item ${i + 1}: extra hardening the assessment does not cover`,
        description: "",
        area: pick(rand, content.areas).id,
        phase: pick(rand, ["launch-blocker", "hardening", "scale"] as const),
        estimate: { optimistic: 2, likely: 4, pessimistic: 9 },
      });
    }
    const planned = await getPlanState({ engagement: fresh() });
    await publishProposal({
      engagementId: engagement.id,
      userId: partner.id,
      build: (number, publishedAt) =>
        buildSnapshot({
          state: planned,
          engagement: fresh(),
          number,
          publishedAt,
          preparedBy: { name: partner.name, email: partner.email },
          assumptions: "Access in week one.",
          exclusions: "Redesign.",
        }),
    });
    ids.push(engagement.id);
  }
  return { founder, partner, engagementIds: ids };
}
