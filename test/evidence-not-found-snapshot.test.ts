// A published version freezes its evidence notes, including that the latest scan at publishing no
// longer found an answer's evidence (notFoundBy): its PDF says so, and an export carrying it reads
// back, within the format's bound (docs/export-format.md).
import { beforeAll, describe, expect, it } from "vitest";

import type { EvidenceNote } from "../app/engine/evidence/types";
import { exportEngagement } from "../app/models/export.server";
import { renderProposalPdf } from "../app/pdf/rendering/render";
import { checkExport } from "../app/utils/export-schema";

import { loadDemo } from "./support/demo";
import { pdfText, unwrapped } from "./support/pdf-text";

let demo: Awaited<ReturnType<typeof loadDemo>>;
beforeAll(async () => {
  demo = await loadDemo();
}, 60_000);

const note = (notFoundBy?: string): EvidenceNote => ({
  questionId: "auth.secrets-in-browser",
  prompt: "Do any secret keys end up in the code that runs in your users' browsers or phones?",
  answer: "Yes: a secret key was found in browser code",
  title: "A secret key is written into browser code",
  place: "src/lib/openai.ts:1",
  confidence: "high",
  count: 4,
  ...(notFoundBy === undefined ? {} : { notFoundBy }),
});

describe("a version's evidence note the latest scan no longer found", () => {
  it("is said so in the proposal PDF, and not for a note it still found", async () => {
    const render = async (notFoundBy?: string) =>
      unwrapped(
        (await pdfText(await renderProposalPdf({ ...demo.snapshot, evidence: [note(notFoundBy)] }, null)))
          .flat,
      );
    const flagged = await render("app-fixed.zip");
    // (The PDF makes long paths breakable, so the place reads back with spaces after its slashes.)
    expect(flagged).toContain("A secret key is written into browser code (src/");
    expect(flagged).toContain("and 3 more; the latest scan (app-fixed.zip) no longer finds it");
    const found = await render();
    expect(found).toContain("A secret key is written into browser code (src/");
    expect(found).not.toContain("no longer finds it");
  }, 60_000);

  it("reads back from an export, and a name over 200 characters is refused", async () => {
    const exported = await exportEngagement({ engagement: demo.engagement });
    expect(exported.proposals.length).toBeGreaterThan(0);
    const withNote = (notFoundBy: string) =>
      JSON.stringify({
        ...exported,
        proposals: exported.proposals.map((p) => ({
          ...p,
          snapshot: { ...p.snapshot, evidence: [note(notFoundBy)] },
        })),
      });
    const ok = checkExport(withNote("app-fixed.zip"));
    expect(ok.ok).toBe(true);
    if (ok.ok) expect(ok.data.proposals[0]!.snapshot.evidence?.[0]?.notFoundBy).toBe("app-fixed.zip");
    const long = checkExport(withNote("x".repeat(201)));
    expect(long.ok).toBe(false);
    if (!long.ok) expect(long.message).toMatch(/notFoundBy/);
  });
});
