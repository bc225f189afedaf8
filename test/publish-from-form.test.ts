// publishFromForm against a real SQLite file (decision 053): a version freezes the plan and the
// settings as they are when it is written, never an engagement read before a change landed; the form's
// basis refuses a publish after a change and says what moved; a copy of the newest version needs
// "Publish anyway"; and a plan with nothing in scope publishes nothing.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";

import {
  getEngagementForMember,
  updateEngagementSettings,
  type Engagement,
} from "../app/models/engagement.server";
import { getPlanState } from "../app/models/plan-state.server";
import { setScopeOfMany } from "../app/models/plan.server";
import { getProposal, listProposals, publishProposal } from "../app/models/proposal.server";
import { publishBasis, publishFromForm } from "../app/models/proposal-publish.server";
import { buildSnapshot } from "../app/models/snapshot.server";
import { db } from "../db/connection.server";
import { users } from "../db/schema";
import { DEMO } from "../db/seed.server";

import { loadDemo } from "./support/demo";

let engagementId: string;
let publisher: { id: string; name: string; email: string };

const TEXT = {
  assumptions: "Access to the repository in week 1.",
  exclusions: "New features.",
  terms: "",
  validUntil: null,
  price: { model: "range" as const },
  payment: { plan: "none" as const },
};

beforeAll(async () => {
  engagementId = (await loadDemo()).engagement.id;
  publisher = db()
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(eq(users.email, DEMO.partner.email))
    .get()!;
}, 60_000);

async function engagementNow(): Promise<Engagement> {
  return (await getEngagementForMember({ engagementId, userId: publisher.id }))!.engagement;
}

async function newest(): Promise<number> {
  return (await listProposals({ engagementId }))[0]?.number ?? 0;
}

async function setRate(hourlyRate: number) {
  const e = await engagementNow();
  const saved = await updateEngagementSettings({
    engagementId,
    userId: publisher.id,
    version: e.version,
    settings: {
      name: e.name,
      description: e.description,
      currency: e.currency,
      hourlyRate,
      teamSize: e.teamSize,
      weeklyCapacity: e.weeklyCapacity,
    },
  });
  expect(saved.ok).toBe(true);
}

describe("publishing from the form", () => {
  it("writes nothing when the plan or settings moved after they were read (the write's own check)", async () => {
    const read = await engagementNow();
    const state = await getPlanState({ engagement: read });
    await setRate(read.hourlyRate + 45);
    const before = await newest();
    const build = (number: number, publishedAt: number) =>
      buildSnapshot({
        state,
        engagement: read,
        number,
        publishedAt,
        preparedBy: publisher,
        assumptions: "",
        exclusions: "",
      });

    const stale = { updatedAt: read.updatedAt, version: read.version };
    expect(await publishProposal({ engagementId, userId: publisher.id, basedOn: stale, build })).toBe(
      "moved",
    );
    expect(await newest()).toBe(before);

    // What publishFromForm does next: read again and publish what is there now.
    const outcome = await publishFromForm({
      engagementId,
      publisher,
      text: TEXT,
      expectedNumber: before + 1,
      shown: undefined,
      publishIdentical: undefined,
    });
    expect(outcome).toMatchObject({ kind: "published", number: before + 1 });
    const version = (await getProposal({ engagementId, number: before + 1 }))!;
    expect(version.snapshot.settings.hourlyRate).toBe(read.hourlyRate + 45);
  });

  it("refuses a form drawn before the rate changed, says what moved, and publishes nothing", async () => {
    const read = await engagementNow();
    const shown = publishBasis(await getPlanState({ engagement: read }), read);
    await setRate(read.hourlyRate + 10);
    const before = await newest();

    const outcome = await publishFromForm({
      engagementId,
      publisher,
      text: TEXT,
      expectedNumber: before + 1,
      shown,
      publishIdentical: undefined,
    });
    expect(outcome.kind).toBe("refused");
    expect(outcome.kind === "refused" && outcome.message).toMatch(
      new RegExp(`hourly rate changed from \\D*${read.hourlyRate}\\D* to \\D*${read.hourlyRate + 10}\\b`),
    );
    expect(await newest()).toBe(before);
  });

  it("asks before publishing a copy of the newest version, and publishes it when told to", async () => {
    const publish = async (publishIdentical?: number) => {
      const engagement = await engagementNow();
      const shown = publishBasis(await getPlanState({ engagement }), engagement);
      return publishFromForm({
        engagementId,
        publisher,
        text: TEXT,
        expectedNumber: (await newest()) + 1,
        shown,
        publishIdentical,
      });
    };
    const first = await publish();
    expect(first.kind).toBe("published");
    const n = await newest();

    const again = await publish();
    expect(again).toMatchObject({ kind: "refused", identical: n });
    expect(again.kind === "refused" && again.message).toContain(`Version ${n} is identical`);
    expect(await newest()).toBe(n);

    expect(await publish(n)).toMatchObject({ kind: "published", number: n + 1 });
  });

  it("publishes nothing, and saves no draft, when no item is in scope", async () => {
    const engagement = await engagementNow();
    const state = await getPlanState({ engagement });
    const before = await newest();
    await setScopeOfMany({
      engagementId,
      userId: publisher.id,
      target: { items: state.inScope.map((i) => ({ id: i.id, version: i.version })) },
      scope: "excluded",
    });
    const outcome = await publishFromForm({
      engagementId,
      publisher,
      text: { ...TEXT, assumptions: "Not saved" },
      expectedNumber: before + 1,
      shown: undefined,
      publishIdentical: undefined,
    });
    expect(outcome).toEqual({ kind: "empty" });
    expect(await newest()).toBe(before);
    expect((await engagementNow()).assumptions).not.toBe("Not saved");
  });
});
