// Two things the evidence pages left unsaid (QA pass 2, 10; and a re-scan's open suggestions):
// why accepting worse answers from the code can lower the hours, and, on the review page, that
// suggestions from the code are still waiting for a decision.
import fs from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { fixtureZip, zip } from "./support/archives";
import { addMember, query } from "./support/demo-server";
import { AI_BUILT_SUGGESTIONS } from "./support/evidence";
import { unescape } from "./support/html";
import { Client, createEngagement, signup, startServer, type TestServer } from "./support/server";

let server: TestServer;

beforeAll(async () => {
  server = await startServer({ SIGNUP_RATE_LIMIT: "1000", SCAN_RATE_LIMIT: "40" });
});
afterAll(async () => {
  await server?.stop();
});

const RLS = "auth.supabase-rls";
const SECRETS = "auth.secrets-in-browser";
const WHY = "“I'm not sure” was already priced as the worst case, plus the time to find out.";

async function founderWithEngagement() {
  const founder = new Client(server.url);
  await signup(founder, `unsure-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`);
  const { id } = await createEngagement(founder, "Unsure test");
  return { founder, id };
}

async function upload(client: Client, id: string, file: Buffer, filename: string) {
  expect((await client.uploadCode(id, file, filename)).status).toBe(302);
}

/** The AI-built example without its admin page: the same app before the service_role key arrived. */
function withoutAdminPage(): Buffer {
  const dir = path.resolve("test/fixtures/repos/ai-built");
  const files: Array<{ name: string; data: Buffer }> = [];
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      const rel = path.relative(dir, full).split(path.sep).join("/");
      if (entry.isDirectory()) walk(full);
      else if (rel !== "src/lib/admin.ts")
        files.push({ name: `ai-built-main/${rel}`, data: fs.readFileSync(full) });
    }
  };
  walk(dir);
  return zip(files.sort((a, b) => (a.name < b.name ? -1 : 1)));
}

const decide = async (client: Client, id: string, decide: string) => {
  const res = await client.post(`/engagements/${id}/assess/code`, {
    decide,
    returnTo: `/engagements/${id}/assess/code`,
  });
  expect(res.status).toBe(302);
};

const pending = (id: string) =>
  query<{ id: string; question_id: string; option_id: string }>(
    server,
    "select id, question_id, option_id from evidence_suggestions where engagement_id = ? and status = 'pending'",
    id,
  );

const page = async (client: Client, pathname: string) => {
  const res = await client.get(pathname);
  expect(res.status).toBe(200);
  return unescape(await res.text());
};

/** Answers one question as the questionnaire's autosave does. */
async function answer(client: Client, id: string, questionId: string, value: string) {
  const where = questionId.startsWith("intake.") ? "?index" : `/${questionId.split(".")[0]}`;
  const version =
    query<{ version: number }>(
      server,
      "select version from answers where engagement_id = ? and question_id = ?",
      id,
      questionId,
    )[0]?.version ?? 0;
  const res = await client.post(`/engagements/${id}/assess${where}`, {
    intent: "autosave",
    q: questionId,
    [`a:${questionId}`]: value,
    [`v:${questionId}`]: String(version),
  });
  expect(res.status, questionId).toBe(200);
}

/** The effort card of the evidence page, and its two figures in whole hours. */
async function effortCard(client: Client, id: string) {
  const html = await page(client, `/engagements/${id}/assess/code`);
  const card = html.slice(html.indexOf('aria-label="Effort range"'), html.indexOf('id="suggestions"'));
  const figure = (label: string) => {
    const [, p50, p90] =
      new RegExp(`${label}</span><span class="stat__value">([\\d,]+)–([\\d,]+) h`).exec(card) ?? [];
    return p50 ? { p50: Number(p50.replace(/,/g, "")), p90: Number(p90.replace(/,/g, "")) } : null;
  };
  return {
    card,
    now: figure("Effort now, likely to cautious"),
    ifAccepted: figure("If you accept every suggestion"),
  };
}

/**
 * QA pass 2, 10: a Supabase app, RLS "I'm not sure" (or a real answer), secrets "nobody has
 * checked", the AI-built code scanned, and every suggestion but "RLS off" and "secret key found"
 * rejected: accepting the two adds two launch blockers.
 */
async function qaScenario(rls: string) {
  const { founder, id } = await founderWithEngagement();
  await answer(founder, id, "intake.backend", "supabase");
  await answer(founder, id, RLS, rls);
  await answer(founder, id, SECRETS, "not-checked");
  await upload(founder, id, fixtureZip("ai-built"), "app.zip");
  const kept = new Map([
    [RLS, "off"],
    [SECRETS, "found"],
  ]);
  for (const s of pending(id))
    if (kept.get(s.question_id) !== s.option_id) await decide(founder, id, `reject:${s.id}`);
  expect(
    pending(id)
      .map((s) => `${s.question_id}:${s.option_id}`)
      .sort(),
  ).toEqual([`${SECRETS}:found`, `${RLS}:off`]);
  return { founder, id };
}

describe("why the hours can fall when worse answers are accepted (QA pass 2, 10)", () => {
  it("is said beside the preview exactly when a suggestion settles an “I'm not sure” answer with bad news", async () => {
    const unsure = await qaScenario("unsure");
    const { card, now, ifAccepted } = await effortCard(unsure.founder, unsure.id);
    expect(card).toContain("Accepting every suggestion would also add 2 launch blockers");
    // The hours fall with the bad news: the case the line explains.
    expect(now).not.toBeNull();
    expect(ifAccepted).not.toBeNull();
    expect(ifAccepted!.p50).toBeLessThanOrEqual(now!.p50);
    expect(ifAccepted!.p90).toBeLessThan(now!.p90);
    expect(card).toContain(
      `${WHY} Confirming the answer from the code removes that check, so the hours can fall even when the news is bad.`,
    );
    expect(card.split(WHY).length - 1).toBe(1);

    // RLS answered (rules on, untested): "off" is news the estimate did not already price, and the
    // hours rise with it.
    const answered = await qaScenario("per-user-untested");
    const other = await effortCard(answered.founder, answered.id);
    expect(other.card).toContain("Accepting every suggestion would also add 2 launch blockers");
    expect(other.ifAccepted!.p90).toBeGreaterThan(other.now!.p90);
    expect(other.card).not.toContain(WHY);

    // The suggestions only confirm what the answers say: nothing changes, nothing to explain.
    const same = await founderWithEngagement();
    await answer(same.founder, same.id, "intake.takes-payments", "yes");
    for (const [q, option] of AI_BUILT_SUGGESTIONS) await answer(same.founder, same.id, q, option);
    await upload(same.founder, same.id, fixtureZip("ai-built"), "app.zip");
    const confirmed = await effortCard(same.founder, same.id);
    expect(confirmed.card).toContain("Accepting the suggestions to review would not change the estimate.");
    expect(confirmed.card).not.toContain(WHY);

    // Once both are accepted there is no preview left, and nothing to explain.
    for (const s of pending(unsure.id)) await decide(unsure.founder, unsure.id, `accept:${s.id}`);
    const after = await effortCard(unsure.founder, unsure.id);
    expect(after.ifAccepted).toBeNull();
    expect(after.card).not.toContain(WHY);
  });
});

describe("the review page says when suggestions from the code are waiting", () => {
  const waiting = (html: string) =>
    /<p class="alert alert--info">([^<]*)<a [^>]*href="([^"]*)"[^>]*>([^<]*)<\/a>/.exec(html);

  it("counts them for the founder and the partner, links to them, and says nothing to a viewer", async () => {
    const { founder, id } = await founderWithEngagement();
    const partner = await addMember(server, founder, id, "partner");
    const viewer = await addMember(server, founder, id, "viewer");
    const review = `/engagements/${id}/assess/review`;
    expect(await page(founder, review)).not.toContain("waiting for a decision");

    await upload(founder, id, fixtureZip("ai-built"), "app.zip");
    const n = AI_BUILT_SUGGESTIONS.length;
    expect(pending(id)).toHaveLength(n);
    const shown = waiting(await page(founder, review));
    expect(shown?.slice(1)).toEqual([
      `${n} suggestions from your code are waiting for a decision. `,
      `/engagements/${id}/assess/code#suggestions`,
      "Review them",
    ]);
    expect(waiting(await page(partner, review))?.[1]).toBe(
      `${n} suggestions from the app's code are waiting for a decision. `,
    );
    const forViewer = await page(viewer, review);
    expect(forViewer).toContain("Review the answers");
    expect(forViewer).not.toContain("waiting for a decision");

    // One left: said in the singular; none left: nothing said.
    const [last, ...rest] = pending(id);
    for (const s of rest) await decide(founder, id, `reject:${s.id}`);
    expect(waiting(await page(founder, review))?.slice(1)).toEqual([
      "1 suggestion from your code is waiting for a decision. ",
      `/engagements/${id}/assess/code#suggestions`,
      "Review it",
    ]);
    await decide(partner, id, `accept:${last.id}`);
    expect(await page(founder, review)).not.toContain("waiting for a decision");
    expect(await page(partner, review)).not.toContain("waiting for a decision");
  });

  it("shows a re-scan's service_role key under an accepted answer as waiting", async () => {
    const { founder, id } = await founderWithEngagement();
    await upload(founder, id, withoutAdminPage(), "app-v1.zip");
    for (const s of pending(id)) await decide(founder, id, `accept:${s.id}`);
    const review = `/engagements/${id}/assess/review`;
    expect(await page(founder, review)).not.toContain("waiting for a decision");

    await upload(founder, id, fixtureZip("ai-built"), "app-v2.zip");
    expect(pending(id).map((s) => [s.question_id, s.option_id])).toEqual([[SECRETS, "found"]]);
    expect(waiting(await page(founder, review))?.[1]).toBe(
      "1 suggestion from your code is waiting for a decision. ",
    );
  });
});
