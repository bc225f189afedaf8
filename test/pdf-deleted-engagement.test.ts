// A proposal PDF whose engagement is deleted while it renders, by a request this process cannot wait
// for (another server process, decision 022), must not leave its file behind in the disk cache.
import fs from "node:fs";
import path from "node:path";

import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { proposalPdf } from "../app/pdf/rendering/pdf.server";
import { db } from "../db/connection.server";
import { engagements } from "../db/schema";

import { loadDemo } from "./support/demo";
import { pdfCacheDir } from "./support/pdf-cache";

const cacheDir = (engagementId: string) =>
  pdfCacheDir(path.dirname(path.resolve(db().$client.name)), engagementId);

describe("the PDF disk cache and deleted engagements", () => {
  it("keeps the PDF of an engagement that exists, and removes the one whose engagement was deleted meanwhile", async () => {
    const demo = await loadDemo();
    const first = await proposalPdf(demo.engagement.id, demo.proposal, "owner-a");
    expect(first.cached).toBe(false);
    expect(fs.readdirSync(cacheDir(demo.engagement.id)).filter((f) => f.endsWith(".pdf"))).toHaveLength(1);
    expect((await proposalPdf(demo.engagement.id, demo.proposal, "owner-a")).cached).toBe(true);

    // Another process deletes the engagement while this one renders a new sign-off of its proposal.
    const accepted = {
      ...demo.proposal,
      acceptedAt: Date.now(),
      acceptedBy: { name: "Ana", email: "ana@example.com" },
    };
    const rendering = proposalPdf(demo.engagement.id, accepted, "owner-a");
    db().delete(engagements).where(eq(engagements.id, demo.engagement.id)).run();
    const late = await rendering;

    // The person who asked still gets the PDF; nothing of it stays on disk or in memory.
    expect(Buffer.from(late.pdf.subarray(0, 5)).toString()).toBe("%PDF-");
    expect(fs.existsSync(cacheDir(demo.engagement.id))).toBe(false);
    expect((await proposalPdf(demo.engagement.id, demo.proposal, "owner-a")).cached).toBe(false);
  }, 60_000);
});
