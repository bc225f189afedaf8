// The reads behind the overview, members, engagement list and account pages are prepared once per
// connection (db/connection.server.ts `prepared`). These tests check what a prepared statement can
// get wrong that a query built per call cannot: a value frozen when it was first prepared (the
// clock, a limit) and a join that must keep each user to their own engagements.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { saveAnswers, reviewAnswer } from "../app/models/answer.server";
import { createEngagement, listActivity, listEngagementsForUser } from "../app/models/engagement.server";
import {
  createInvitation,
  forgetExpiredInvitationEmails,
  listPendingInvitations,
} from "../app/models/invitation.server";
import { createUser } from "../app/models/user.server";
import { BUILDER_QUESTION, STAGE_QUESTION } from "../app/engine/intake-ids";
import { db } from "../db/connection.server";
import { invitations } from "../db/schema";

let n = 0;
const user = () => createUser({ email: `reader-${++n}-${Date.now()}@example.com`, password: "x".repeat(12) });
const engagement = (userId: string, name: string) =>
  createEngagement({ userId, name, description: "", contentVersion: "test" });
const answer = (engagementId: string, userId: string, questionId: string, value: string) =>
  saveAnswers({
    engagementId,
    userId,
    contentVersion: "test",
    inputs: [{ questionId, value, note: "", notApplicableReason: null, baseVersion: 0 }],
  });

describe("prepared reads", () => {
  it("lists each user's own engagements with what each product is built with, a partner's correction winning", async () => {
    const ana = await user();
    const ben = await user();
    const shop = await engagement(ana.id, "Shop");
    const blog = await engagement(ana.id, "Blog");
    const other = await engagement(ben.id, "Other");
    await answer(shop.id, ana.id, BUILDER_QUESTION, "lovable");
    await answer(shop.id, ana.id, STAGE_QUESTION, "beta");
    await answer(other.id, ben.id, BUILDER_QUESTION, "replit");
    await reviewAnswer({
      engagementId: shop.id,
      questionId: BUILDER_QUESTION,
      userId: ana.id,
      version: 1,
      review: "corrected",
      correctedValue: "cursor",
      note: "",
    });

    const { engagements: anas } = await listEngagementsForUser({ userId: ana.id, page: 1 });
    expect(anas.map((e) => [e.name, e.builtWith, e.stage]).sort()).toEqual([
      ["Blog", "", ""],
      ["Shop", "Cursor", "Beta with real testers"],
    ]);
    expect(anas.every((e) => e.role === "founder")).toBe(true);
    const { engagements: bens } = await listEngagementsForUser({ userId: ben.id, page: 1 });
    expect(bens.map((e) => [e.name, e.builtWith])).toEqual([["Other", "Replit"]]);
    expect(bens.some((e) => e.id === blog.id)).toBe(false);
  });

  it("leaves out an invitation that expired after the statement was first used", async () => {
    const ana = await user();
    const shop = await engagement(ana.id, "Shop");
    const created = await createInvitation({ engagementId: shop.id, createdBy: ana.id, role: "partner" });
    if (!created.ok) throw new Error("the invitation was refused");
    const { invitation } = created;
    expect((await listPendingInvitations({ engagementId: shop.id })).map((i) => i.id)).toEqual([
      invitation.id,
    ]);

    db()
      .update(invitations)
      .set({ expiresAt: Date.now() + 80 })
      .where(eq(invitations.id, invitation.id))
      .run();
    expect(await listPendingInvitations({ engagementId: shop.id })).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await listPendingInvitations({ engagementId: shop.id })).toEqual([]);
  });

  it("forgets the address of an expired invitation at the start-up sweep, and keeps a pending one's", async () => {
    const ana = await user();
    const shop = await engagement(ana.id, "Mail shop");
    const invite = async (email: string) => {
      const created = await createInvitation({
        engagementId: shop.id,
        createdBy: ana.id,
        role: "viewer",
        email,
      });
      if (!created.ok) throw new Error("the invitation was refused");
      return created.invitation.id;
    };
    const expired = await invite("old@example.com");
    const pending = await invite("new@example.com");
    db()
      .update(invitations)
      .set({ expiresAt: Date.now() - 1 })
      .where(eq(invitations.id, expired))
      .run();
    expect(forgetExpiredInvitationEmails()).toBeGreaterThanOrEqual(1);
    const emails = Object.fromEntries(
      db()
        .select({ id: invitations.id, email: invitations.email })
        .from(invitations)
        .where(eq(invitations.engagementId, shop.id))
        .all()
        .map((r) => [r.id, r.email]),
    );
    expect(emails).toEqual({ [expired]: null, [pending]: "new@example.com" });
  });

  it("reads as many activity entries as each call asks for, newest first", async () => {
    const ana = await user();
    const shop = await engagement(ana.id, "Shop");
    let version = 0;
    for (const value of ["lovable", "bolt", "v0"]) {
      const saved = await saveAnswers({
        engagementId: shop.id,
        userId: ana.id,
        contentVersion: "test",
        inputs: [
          { questionId: BUILDER_QUESTION, value, note: "", notApplicableReason: null, baseVersion: version },
        ],
      });
      version = saved.saved[0]!.version;
    }
    const all = await listActivity({ engagementId: shop.id });
    expect(all.map((e) => e.kind)).toEqual([
      "answers.saved",
      "answers.saved",
      "answers.saved",
      "engagement.created",
    ]);
    expect((await listActivity({ engagementId: shop.id, limit: 2 })).map((e) => e.id)).toEqual(
      all.slice(0, 2).map((e) => e.id),
    );
    expect(await listActivity({ engagementId: shop.id, limit: 3 })).toHaveLength(3);
  });
});
