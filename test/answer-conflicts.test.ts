// Answers that contradict each other (content/conflicts.yaml), through the real server and its
// SQLite file: a first-time founder who said Supabase in the intake, then "data disappears… (there's
// no real database)", got a large database item in the launch minimum and nothing pointed at the
// clash. The review page now lists each conflict with links to both answers, for every role in its
// own words, and the results page points there; both in server HTML, so without JavaScript too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { assess } from "../app/engine/assess";
import { aboutHours } from "../app/utils/format";

import { realContent } from "./support/content";
import { addMember } from "./support/demo-server";
import { Client, createEngagement, signup, startServer, type TestServer } from "./support/server";

let server: TestServer;
let founder: Client;
let partner: Client;
let viewer: Client;
let id: string;
const content = realContent();
const conflict = content.conflicts.find((c) => c.id === "supabase-vs-no-database")!;

/** Server HTML as text to search: React's text separators and entities undone. */
const text = (html: string) =>
  html
    .replaceAll("<!-- -->", "")
    .replaceAll("&amp;", "&")
    .replaceAll("&#x27;", "'")
    .replaceAll("&quot;", '"');

const page = async (client: Client, path: string) => {
  const res = await client.get(path);
  expect(res.status, path).toBe(200);
  return text(await res.text());
};

/** The review page's notice, from its heading to the end of its section. */
const notice = (html: string) => {
  const start = html.indexOf('<section id="conflicts"');
  return start === -1 ? "" : html.slice(start, html.indexOf("</section>", start));
};

const versions = new Map<string, number>();
async function answer(questionId: string, value: string) {
  const q = content.questionsById.get(questionId)!;
  const where = q.area === "intake" ? "?index" : `/${q.area}`;
  const version = versions.get(questionId) ?? 0;
  const res = await founder.post(`/engagements/${id}/assess${where}`, {
    intent: "autosave",
    q: questionId,
    [`a:${questionId}`]: value,
    [`v:${questionId}`]: String(version),
  });
  expect(res.status, questionId).toBe(200);
  versions.set(questionId, version + 1);
}

beforeAll(async () => {
  server = await startServer({ SIGNUP_RATE_LIMIT: "1000" });
  founder = new Client(server.url);
  await signup(founder, `conflicts-${Date.now()}@example.com`);
  ({ id } = await createEngagement(founder, "Conflicting answers"));
  partner = await addMember(server, founder, id, "partner");
  viewer = await addMember(server, founder, id, "viewer");
  await answer("intake.backend", "supabase");
  await answer("data.symptoms", "lost-on-device");
});
afterAll(async () => {
  await server?.stop();
});

describe("two answers that contradict each other", () => {
  it("are named on the founder's review page, with what the answer costs and a Change link to each", async () => {
    expect(conflict, "content/conflicts.yaml has supabase-vs-no-database").toBeDefined();
    const html = await page(founder, `/engagements/${id}/assess/review`);
    const box = notice(html);
    expect(box).toContain(">1 contradiction in the answers</h3>");
    expect(box).toContain(conflict.message);
    // Near the top: above the filters and the answers.
    expect(html.indexOf('<section id="conflicts"')).toBeLessThan(html.indexOf('aria-label="Show answers"'));
    // The link each row already offers, to the question where it is asked.
    expect(box).toMatch(
      new RegExp(`<a [^>]*href="/engagements/${id}/assess/#q-intake\\.backend"[^>]*>Change</a>`),
    );
    expect(box).toMatch(
      new RegExp(`<a [^>]*href="/engagements/${id}/assess/data#q-data\\.symptoms"[^>]*>Change</a>`),
    );
    expect(box).toContain(`“${content.questionsById.get("data.symptoms")!.options[0]!.label}”`);
    // What the "no real database" answer puts in the plan, from the estimate, not from the content.
    const estimate = assess(content, { "intake.backend": "supabase", "data.symptoms": ["lost-on-device"] });
    const task = estimate.tasks.find((t) => t.id === "data-backend-setup")!;
    expect(box).toContain(`Puts “${task.title}” (${aboutHours(task.mean)})`);
    expect(box).not.toContain("Verify or correct");
  });

  it("are pointed at from the results page", async () => {
    const html = await page(founder, `/engagements/${id}/results`);
    expect(html).toContain("<strong>1 contradiction in the answers.</strong>");
    expect(html).toMatch(
      new RegExp(
        `<a [^>]*href="/engagements/${id}/assess/review#conflicts"[^>]*>See which on the review page</a>`,
      ),
    );
  });

  it("are shown to the partner, with the answers' review forms, and to a viewer, read-only", async () => {
    const forPartner = notice(await page(partner, `/engagements/${id}/assess/review`));
    expect(forPartner).toContain(conflict.message);
    expect(forPartner).not.toMatch(/>Change<\/a>/);
    expect(forPartner).toContain(`href="/engagements/${id}/assess/#q-intake.backend"`);
    const review = `/engagements/${id}/assess/review?review=data.symptoms#q-data.symptoms`;
    expect(forPartner).toMatch(
      new RegExp(`<a [^>]*href="${review.replace(/[.?]/g, "\\$&")}"[^>]*>Verify or correct</a>`),
    );
    // The link opens that answer's review form, as the row's own button does.
    expect(await page(partner, review.split("#")[0]!)).toContain('aria-label="Review “');
    expect(await page(partner, `/engagements/${id}/results`)).toContain(
      "<strong>1 contradiction in the answers.</strong>",
    );

    const forViewer = notice(await page(viewer, `/engagements/${id}/assess/review`));
    expect(forViewer).toContain(conflict.message);
    expect(forViewer).toMatch(/>See in the questionnaire<\/a>/);
    expect(forViewer).not.toMatch(/>Change<\/a>/);
    expect(forViewer).not.toContain("Verify or correct");
  });

  it("go away once one of them is changed", async () => {
    await answer("data.symptoms", "none");
    expect(notice(await page(founder, `/engagements/${id}/assess/review`))).toBe("");
    expect((await page(founder, `/engagements/${id}/results`)).includes("in the answers.</strong>")).toBe(
      false,
    );
    // "I'm not sure" is no contradiction either.
    await answer("data.symptoms", "lost-on-device");
    await answer("intake.backend", "unsure");
    expect(notice(await page(founder, `/engagements/${id}/assess/review`))).toBe("");
  });
});
