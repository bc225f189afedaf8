// withdrawProposal and acceptProposal against a real SQLite file (decision 039): a withdrawn version
// says who withdrew it and why, cannot be accepted, and is withdrawn once; an accepted one cannot be
// withdrawn; withdrawing the newest version puts no older one back on offer.
import { describe, expect, it } from "vitest";

import type { ProposalSnapshot } from "../app/engine/plan-types";
import { createEngagement, listActivity } from "../app/models/engagement.server";
import {
  acceptProposal,
  getProposal,
  listProposals,
  publishProposal,
  withdrawProposal,
} from "../app/models/proposal.server";
import { createUser } from "../app/models/user.server";
import { proposalStatus } from "../app/utils/proposal-status";

let n = 0;
const user = (name: string) =>
  createUser({ email: `withdraw-${++n}-${Date.now()}@example.com`, password: "x".repeat(12), name });

/** The least of a snapshot publishProposal reads (readiness and totals for the milestone). */
const snapshot = (number: number, publishedAt: number) =>
  ({
    number,
    publishedAt,
    readiness: { overall: { score: 40 }, areas: [] },
    totals: { hours: { p50: 10, p90: 20 } },
  }) as unknown as ProposalSnapshot;

async function setUp() {
  const founder = await user("Maya Okafor");
  const partner = await user("Jonas Brandt");
  const engagement = await createEngagement({
    userId: founder.id,
    name: "CartPilot",
    description: "",
    contentVersion: "test",
  });
  const publish = async () =>
    (await publishProposal({ engagementId: engagement.id, userId: partner.id, build: snapshot }))!;
  const hash = async (number: number) =>
    (await getProposal({ engagementId: engagement.id, number }))!.snapshotHash;
  const accept = async (number: number) =>
    acceptProposal({
      engagementId: engagement.id,
      number,
      userId: founder.id,
      snapshotHash: await hash(number),
    });
  const withdraw = (number: number, reason = "") =>
    withdrawProposal({ engagementId: engagement.id, number, userId: partner.id, reason });
  return { engagementId: engagement.id, publish, accept, withdraw };
}

describe("withdrawing a proposal version", () => {
  it("records who, when and why, logs it, and reads as Withdrawn", async () => {
    const { engagementId, publish, withdraw } = await setUp();
    expect(await publish()).toBe(1);
    const before = Date.now();
    expect(await withdraw(1, "Published at the wrong rate")).toBe("withdrawn");

    const v1 = (await getProposal({ engagementId, number: 1 }))!;
    expect(v1.withdrawn).toMatchObject({ by: "Jonas Brandt", reason: "Published at the wrong rate" });
    expect(v1.withdrawn!.at).toBeGreaterThanOrEqual(before);
    expect(v1.acceptedAt).toBeNull();
    const [listed] = await listProposals({ engagementId });
    expect(listed!.withdrawnAt).toBe(v1.withdrawn!.at);
    expect(proposalStatus(listed!, 1)).toBe("withdrawn");

    const [entry] = await listActivity({ engagementId });
    expect(entry).toMatchObject({
      kind: "proposal.withdrawn",
      detail: { number: 1, reason: "Published at the wrong rate" },
    });
  });

  it("refuses to accept a withdrawn version, and changes nothing", async () => {
    const { engagementId, publish, accept, withdraw } = await setUp();
    await publish();
    expect(await withdraw(1)).toBe("withdrawn");
    expect(await accept(1)).toBe("withdrawn");
    const v1 = (await getProposal({ engagementId, number: 1 }))!;
    expect(v1.acceptedAt).toBeNull();
    expect(v1.withdrawn!.reason).toBe("");
    const kinds = (await listActivity({ engagementId })).map((e) => e.kind);
    expect(kinds).not.toContain("proposal.accepted");
  });

  it("refuses an accepted version and a second withdrawal", async () => {
    const { engagementId, publish, accept, withdraw } = await setUp();
    await publish();
    expect(await accept(1)).toBe("accepted");
    expect(await withdraw(1, "Too late")).toBe("accepted");
    expect((await getProposal({ engagementId, number: 1 }))!.withdrawn).toBeNull();

    await publish();
    expect(await withdraw(2, "First")).toBe("withdrawn");
    expect(await withdraw(2, "Second")).toBe("already-withdrawn");
    expect((await getProposal({ engagementId, number: 2 }))!.withdrawn!.reason).toBe("First");
    expect(await withdraw(3)).toBe("not-found");
    const withdrawals = (await listActivity({ engagementId })).filter((e) => e.kind === "proposal.withdrawn");
    expect(withdrawals).toHaveLength(1);
  });

  it("puts no older version back on offer when the newest is withdrawn", async () => {
    const { engagementId, publish, accept, withdraw } = await setUp();
    await publish();
    await publish();
    expect(await withdraw(2)).toBe("withdrawn");
    expect(await accept(1)).toBe("superseded");
    const versions = await listProposals({ engagementId });
    const newest = versions[0]!.number;
    expect(versions.map((v) => proposalStatus(v, newest))).toEqual(["withdrawn", "superseded"]);
    // The next version is the one on offer again.
    expect(await publish()).toBe(3);
    expect(await accept(3)).toBe("accepted");
  });
});
