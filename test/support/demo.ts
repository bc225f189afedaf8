// The seeded demo engagement (CartPilot) loaded the way the routes load it: seedDemo() into the
// current database, the initial work plan generated and published as a proposal with the real
// snapshot builder, and the report data built from getEngagementAssessment. The PDF tests and the
// bench render exactly what the routes would.
import { eq } from "drizzle-orm";

import { getEngagementAssessment } from "../../app/models/assessment.server";
import { getEngagementForMember, type Engagement } from "../../app/models/engagement.server";
import { applyPlanMerge } from "../../app/models/plan.server";
import { getPlanState } from "../../app/models/plan-state.server";
import { getProposal, publishProposal } from "../../app/models/proposal.server";
import { buildSnapshot } from "../../app/models/snapshot.server";
import { buildReportData } from "../../app/pdf/documents/report-data.server";
import { productFacts } from "../../app/utils/engagement-options";
import { db } from "../../db/connection.server";
import { memberships, users } from "../../db/schema";
import { DEMO, seedDemo } from "../../db/seed.server";

import { largeSnapshot } from "./proposal-snapshot";

const DEMO_ASSUMPTIONS =
  "- Access to the Supabase project, the Stripe account and the hosting dashboard from week 1.\n- The founder's team answers product questions within two working days.\n\nPrices exclude VAT.";
const DEMO_EXCLUSIONS =
  "- New features beyond the items listed.\n- Native mobile apps.\n- Content, copywriting and design work.";

function userId(email: string): string {
  const row = db().select({ id: users.id }).from(users).where(eq(users.email, email)).get();
  if (!row) throw new Error(`no user ${email}`);
  return row.id;
}

async function engagementOf(engagementId: string, memberId: string): Promise<Engagement> {
  const found = await getEngagementForMember({ engagementId, userId: memberId });
  if (!found) throw new Error("demo engagement missing");
  return found.engagement;
}

export async function loadDemo() {
  await seedDemo({ password: DEMO.password });
  const founderId = userId(DEMO.founder.email);
  const partnerId = userId(DEMO.partner.email);
  const { engagementId } = db()
    .select({ engagementId: memberships.engagementId })
    .from(memberships)
    .where(eq(memberships.userId, founderId))
    .get()!;

  let engagement = await engagementOf(engagementId, founderId);
  const initial = await getPlanState({ engagement });
  if (initial.items.length === 0) {
    await applyPlanMerge({ engagementId, userId: partnerId, merge: initial.pending });
    engagement = await engagementOf(engagementId, founderId);
  }
  let proposal = await getProposal({ engagementId, number: 1 });
  if (!proposal) {
    const state = await getPlanState({ engagement });
    await publishProposal({
      engagementId,
      userId: partnerId,
      build: (number, publishedAt) =>
        buildSnapshot({
          state,
          engagement,
          number,
          publishedAt,
          preparedBy: { ...DEMO.partner },
          assumptions: DEMO_ASSUMPTIONS,
          exclusions: DEMO_EXCLUSIONS,
        }),
    });
    proposal = (await getProposal({ engagementId, number: 1 }))!;
  }

  const { content, stored, answers, assessment } = await getEngagementAssessment({ engagement });
  const report = buildReportData({
    engagement: {
      id: engagement.id,
      name: engagement.name,
      description: engagement.description,
      ...productFacts(answers),
    },
    content,
    stored,
    assessment,
    preparedFor: [{ ...DEMO.founder }],
    generatedAt: Date.UTC(2026, 10, 25, 10, 0),
  });
  return {
    engagement,
    content,
    stored,
    assessment,
    proposal,
    snapshot: proposal.snapshot,
    report,
    large: largeSnapshot(proposal.snapshot, 150),
  };
}
