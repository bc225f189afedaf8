// Under load, nothing is lost: the real server, many sessions, many concurrent writes, and then the
// SQLite file itself says what was stored. Question and option ids come from the real content.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { isQuestionVisible } from "../app/engine/conditions";
import type { Question } from "../app/engine/content/types";

import { realContent } from "./support/content";
import { login, query } from "./support/demo-server";
import { Client, createEngagement, signup, startServer, type TestServer } from "./support/server";

const content = realContent();
const SESSIONS = 50;
const AUTOSAVES = 1000;
const IN_FLIGHT = 50;
const PASSWORD = "correct horse battery";

let server: TestServer;
let founderEmail: string;
let founders: Client[];
let engagementIds: string[];

/** Runs the tasks with at most `limit` in flight. */
async function pool<T>(limit: number, tasks: Array<() => Promise<T>>): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]();
      }
    }),
  );
  return results;
}

// Area questions shown to every product (no showIf, area applies without intake answers), so the
// server saves every one of them: it drops answers to questions that are hidden.
const questions = content.areas
  .flatMap((a) => a.questions)
  .filter((q) => !q.showIf && isQuestionVisible(q, {}, content) && q.kind !== "text");

/** The n-th distinct answer to a question: the form value to send and what the database must hold. */
function nthAnswer(q: Question, n: number): { form: string; stored: unknown } {
  if (q.kind === "number") {
    const value = Math.min((q.min ?? 0) + n, q.max ?? Number.MAX_SAFE_INTEGER);
    return { form: String(value), stored: value };
  }
  const options = q.kind === "multi" ? q.options.filter((o) => !o.exclusive) : q.options;
  const id = options[n % options.length].id;
  return { form: id, stored: q.kind === "multi" ? [id] : id };
}

/** One autosave, as the questionnaire's fetcher sends it with JavaScript (single fetch: `.data`). */
function autosave(
  client: Client,
  engagementId: string,
  q: Question,
  value: string,
  version: number,
  note = "",
) {
  return client.post(`/engagements/${engagementId}/assess/${q.area}.data`, {
    intent: "autosave",
    q: q.id,
    [`a:${q.id}`]: value,
    [`note:${q.id}`]: note,
    [`v:${q.id}`]: String(version),
  });
}

type AnswerRow = { engagement_id: string; question_id: string; value: string; note: string; version: number };
const answerRows = (engagementId: string) =>
  query<AnswerRow>(server, "select * from answers where engagement_id = ?", engagementId);

beforeAll(async () => {
  server = await startServer({ SIGNUP_RATE_LIMIT: "1000" });
  founderEmail = `load-${Date.now()}@example.com`;
  const first = new Client(server.url);
  await signup(first, founderEmail, PASSWORD);
  engagementIds = [];
  for (const name of ["Load A", "Load B", "Load C"])
    engagementIds.push((await createEngagement(first, name)).id);
  // The same founder, logged in 50 times: 50 sessions writing to the same engagements. Four at a
  // time: password checks in flight count as failures until they end, and one address may have at
  // most LOGIN_RATE_LIMIT (5) of them for one account (docs/decisions/007-login-throttling.md).
  const others = await pool(
    4,
    Array.from({ length: SESSIONS - 1 }, () => () => login(server, founderEmail, PASSWORD)),
  );
  founders = [first, ...others];
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe("under load", () => {
  it(`saves ${AUTOSAVES} concurrent autosaves from ${SESSIONS} sessions and reads every value back exactly`, async () => {
    expect(new Set(founders.map((c) => c.cookies.get("__session") ?? [...c.cookies.values()][0])).size).toBe(
      SESSIONS,
    );
    // Every (engagement, question) gets a chain of saves, each based on the version the previous
    // one returned, so the final value and version of every key are known exactly. Chains are dealt
    // out to the 50 sessions; the sessions run at the same time against the same engagements.
    const keys = engagementIds.flatMap((engagementId) => questions.map((q) => ({ engagementId, q })));
    const chains = keys.map((key, i) => ({
      ...key,
      writes: Math.floor(AUTOSAVES / keys.length) + (i < AUTOSAVES % keys.length ? 1 : 0),
    }));
    expect(chains.reduce((n, c) => n + c.writes, 0)).toBe(AUTOSAVES);
    expect(Math.max(...chains.map((c) => c.writes))).toBeGreaterThan(1);

    const statuses: number[] = [];
    const started = Date.now();
    await pool(
      IN_FLIGHT,
      founders.map((client, s) => async () => {
        const mine = chains.filter((_, i) => i % SESSIONS === s);
        for (let n = 0; mine.some((c) => c.writes > n); n++) {
          for (const chain of mine.filter((c) => c.writes > n)) {
            const res = await autosave(client, chain.engagementId, chain.q, nthAnswer(chain.q, n).form, n);
            statuses.push(res.status);
            await res.arrayBuffer();
          }
        }
      }),
    );
    const elapsed = Date.now() - started;
    console.log(`${AUTOSAVES} autosaves in ${elapsed} ms (${Math.round((AUTOSAVES / elapsed) * 1000)}/s)`);

    expect(statuses).toHaveLength(AUTOSAVES);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    for (const engagementId of engagementIds) {
      const stored = new Map(answerRows(engagementId).map((r) => [r.question_id, r]));
      const mine = chains.filter((c) => c.engagementId === engagementId);
      expect(stored.size).toBe(mine.length);
      for (const chain of mine) {
        const row = stored.get(chain.q.id);
        expect({ q: chain.q.id, version: row?.version, value: row && JSON.parse(row.value) }).toEqual({
          q: chain.q.id,
          version: chain.writes,
          value: nthAnswer(chain.q, chain.writes - 1).stored,
        });
      }
      // One activity row per save, written in the same transaction as the answer.
      const [{ n }] = query<{ n: number }>(
        server,
        "select count(*) as n from activity where engagement_id = ? and kind = 'answers.saved'",
        engagementId,
      );
      expect(n).toBe(mine.reduce((sum, c) => sum + c.writes, 0));
    }
  }, 120_000);

  it("lets exactly one of several concurrent saves of the same answer at the same version win", async () => {
    const engagementId = engagementIds[0];
    const q = questions[0];
    const contenders = founders.slice(0, 10);
    const [before] = answerRows(engagementId).filter((r) => r.question_id === q.id);
    const initial = before?.version ?? 0;
    const rounds = 5;
    for (let round = 0; round < rounds; round++) {
      const version = initial + round;
      const results = await Promise.all(
        contenders.map(async (client, i) => {
          const note = `round ${round}, session ${i}`;
          const res = await autosave(client, engagementId, q, nthAnswer(q, i).form, version, note);
          await res.arrayBuffer();
          return { status: res.status, note };
        }),
      );
      const winners = results.filter((r) => r.status === 200);
      expect(winners).toHaveLength(1);
      expect(results.filter((r) => r.status === 409)).toHaveLength(contenders.length - 1);
      const [row] = answerRows(engagementId).filter((r) => r.question_id === q.id);
      expect(row).toMatchObject({ version: version + 1, note: winners[0].note });
    }
  }, 60_000);

  it("lets exactly one of several concurrent edits of the same plan item at the same version win", async () => {
    // Only partners edit the plan: invite one, then log that partner in ten times.
    const founder = founders[0];
    const engagementId = engagementIds[1];
    const invite = await founder.post(`/engagements/${engagementId}/members`, {
      intent: "invite",
      role: "partner",
    });
    const token = /\/invite\/([A-Za-z0-9_-]{22})/.exec(await invite.text())?.[1];
    expect(token).toBeTruthy();
    const partnerEmail = `load-partner-${Date.now()}@example.com`;
    const partner = new Client(server.url);
    await signup(partner, partnerEmail, PASSWORD);
    expect((await partner.post(`/invite/${token}`, {})).status).toBe(302);
    const partners = [
      partner,
      ...(await pool(
        4,
        Array.from({ length: 9 }, () => () => login(server, partnerEmail, PASSWORD)),
      )),
    ];

    const area = content.areas[0].id;
    const created = await partner.post(`/engagements/${engagementId}/plan`, {
      intent: "custom",
      title: "Load-tested item",
      description: "",
      area,
      phase: "hardening",
      "estimate.optimistic": "1",
      "estimate.likely": "5",
      "estimate.pessimistic": "12",
    });
    expect(created.status).toBe(302);
    type ItemRow = { id: string; version: number; likely: number; estimate_reason: string | null };
    const item = () =>
      query<ItemRow>(
        server,
        "select * from plan_items where engagement_id = ? and title = 'Load-tested item'",
        engagementId,
      )[0];
    const { id: itemId, version: initial } = item();

    const rounds = 6;
    for (let round = 0; round < rounds; round++) {
      const version = initial + round;
      const results = await Promise.all(
        partners.map(async (client, i) => {
          // A value no earlier round set: saving the estimate an item already has changes nothing and
          // keeps its version, so it would "win" too.
          const likely = 10 + round * partners.length + i;
          const reason = `round ${round}: partner session ${i} says ${likely} h`;
          const res = await client.post(`/engagements/${engagementId}/plan`, {
            intent: "estimate",
            itemId,
            version: String(version),
            "estimate.optimistic": "1",
            "estimate.likely": String(likely),
            "estimate.pessimistic": "100",
            reason,
          });
          await res.arrayBuffer();
          return { status: res.status, likely, reason };
        }),
      );
      const winners = results.filter((r) => r.status === 302);
      expect(winners).toHaveLength(1);
      expect(results.filter((r) => r.status === 409)).toHaveLength(partners.length - 1);
      expect(item()).toMatchObject({
        version: version + 1,
        likely: winners[0].likely,
        estimate_reason: winners[0].reason,
      });
    }
    expect(item().version).toBe(initial + rounds);
    const [{ n }] = query<{ n: number }>(
      server,
      "select count(*) as n from activity where engagement_id = ? and kind = 'plan.estimate'",
      engagementId,
    );
    expect(n).toBe(rounds);
  }, 60_000);
});
