// PDFs end to end on the production build: the founder's report downloaded over HTTP, and a
// published proposal downloaded from its page's "Download PDF" link in a real browser. The first
// pages are rasterised with pdftoppm into artifacts/pdf/ for a person to look at.
import fs from "node:fs";
import path from "node:path";

import type { Browser } from "playwright-core";
import { extractText } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO, demoEngagementId, login } from "../support/demo-server";
import { runOrThrow } from "../support/run";
import { startServer, type TestServer } from "../support/server";

import { collectConsoleErrors, launchBrowser, newContext, settled } from "./browser";

const OUT = path.resolve("artifacts/pdf");

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  server = await startServer({ SEED_DEMO: "true" });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Renders pages 1-3 at 60 dpi as <name>-<n>.png and returns the files. */
async function rasterise(pdfFile: string, name: string): Promise<string[]> {
  await runOrThrow("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "3", pdfFile, path.join(OUT, name)]);
  return fs
    .readdirSync(OUT)
    .filter((f) => f.startsWith(`${name}-`) && f.endsWith(".png"))
    .map((f) => path.join(OUT, f));
}

describe("PDF downloads", () => {
  it("the founder's assessment report", async () => {
    const founder = await login(server, DEMO.founder.email);
    const id = demoEngagementId(server);
    const res = await founder.get(`/engagements/${id}/report.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/pdf");
    const pdf = new Uint8Array(await res.arrayBuffer());
    const file = path.join(OUT, "report.pdf");
    fs.writeFileSync(file, pdf);

    const { totalPages, text } = await extractText(new Uint8Array(pdf), { mergePages: true });
    expect(totalPages).toBeGreaterThan(5);
    expect(text).toContain("Readiness at a glance");
    const pngs = await rasterise(file, "report");
    expect(pngs).toHaveLength(3);
    for (const png of pngs) expect(fs.statSync(png).size).toBeGreaterThan(5_000);
  });

  it("a published proposal, from the Download PDF link on its page", async () => {
    const id = demoEngagementId(server);
    // Set up over HTTP (not what is under test): the partner creates the plan and publishes v1.
    const partner = await login(server, DEMO.partner.email);
    expect((await partner.post(`/engagements/${id}/plan`, { intent: "generate" })).status).toBeLessThan(400);
    const published = await partner.post(`/engagements/${id}/proposals?index`, {
      assumptions: "Access to Supabase, Stripe and hosting in week 1.\nAnswers within two working days.",
      exclusions: "Native mobile apps.",
    });
    expect(published.headers.get("Location")).toBe(`/engagements/${id}/proposals/1`);

    const founder = await login(server, DEMO.founder.email);
    const context = await newContext(browser);
    await context.addCookies([...founder.cookies].map(([name, value]) => ({ name, value, url: server.url })));
    const page = await context.newPage();
    const errors = collectConsoleErrors(page);
    await page.goto(`${server.url}/engagements/${id}/proposals/1`);
    // Hydrated, so the link fetches the file and names it from the response (pdf-download-link.tsx).
    await settled(page);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Download PDF" }).click(),
    ]);
    // The browser takes the UTF-8 filename*; the ASCII filename for curl and wget reads the same.
    expect(download.suggestedFilename()).toBe("CartPilot proposal v1.pdf");
    await expect.poll(() => page.locator(".pdf-download__status").innerText()).toBe("Downloaded");
    const file = path.join(OUT, "proposal-v1.pdf");
    await download.saveAs(file);

    const { totalPages, text } = await extractText(new Uint8Array(fs.readFileSync(file)), {
      mergePages: true,
    });
    expect(totalPages).toBeGreaterThanOrEqual(5);
    expect(text).toContain("Executive summary");
    expect(await rasterise(file, "proposal")).toHaveLength(3);
    expect(errors).toEqual([]);
    await context.close();
  });
});
