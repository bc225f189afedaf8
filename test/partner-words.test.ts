// Partner audit, finding 17, through the real server: pages read by the engineering partner say it
// to the partner (the engagement list and "New engagement", the code step and its suggestions), the
// founder reads what they read before, and a partner's review of an answer is named and dated
// wherever it shows ("Corrected by Jonas Brandt on 5 Dec 2026"), as the founder's answer is.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { formatDate } from "../app/utils/format";

import { fixtureZip } from "./support/archives";
import { DEMO, demoEngagementId, login, query } from "./support/demo-server";
import { pdfText } from "./support/pdf-text";
import { startServer, type Client, type TestServer } from "./support/server";

let server: TestServer;
let id: string;
let partner: Client;
let founder: Client;

const text = (html: string) =>
  html
    .replaceAll("<!-- -->", "")
    .replaceAll("&quot;", '"')
    .replaceAll("&#x27;", "'")
    .replaceAll("&amp;", "&");
const page = async (client: Client, path: string) => {
  const res = await client.get(path);
  expect(res.status, path).toBe(200);
  return text(await res.text());
};

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true" });
  id = demoEngagementId(server);
  partner = await login(server, DEMO.partner.email);
  founder = await login(server, DEMO.founder.email);
});
afterAll(async () => {
  await server?.stop();
});

describe("the engagement list and New engagement", () => {
  it("tell a partner whose products these are, and that creating one makes them its founder", async () => {
    const list = await page(partner, "/engagements");
    expect(list).toContain("The products you are the engineering partner on; their founders invite you.");
    expect(list).not.toContain("One project per product you want to take to production.");
    expect(list).toMatch(/<a[^>]*href="\/engagements\/new"[^>]*>New project as founder<\/a>/);
    const create = await page(partner, "/engagements/new");
    expect(create).toContain("You will be this project's founder");
  });

  it("read to the founder as before", async () => {
    const list = await page(founder, "/engagements");
    expect(list).toContain("One project per product you want to take to production.");
    expect(list).toMatch(/<a[^>]*href="\/engagements\/new"[^>]*>New project<\/a>/);
    expect(await page(founder, "/engagements/new")).not.toContain("You will be this project's founder");
  });
});

describe("the code step", () => {
  it("speaks of the app's code to the partner and of your code to the founder", async () => {
    const partnerPage = await page(partner, `/engagements/${id}/assess/code`);
    expect(partnerPage).toContain("<title>Evidence from the app's code · Assessment");
    expect(partnerPage).toContain("<h2>Evidence from the app's code</h2>");
    expect(partnerPage).toContain("Finishline can read the app's code and suggest answers");
    expect(partnerPage).toContain(">Upload the app's code</h3>");
    expect(partnerPage).not.toMatch(/your (app's )?code/);

    const founderPage = await page(founder, `/engagements/${id}/assess/code`);
    expect(founderPage).toContain("<h2>Evidence from your code</h2>");
    expect(founderPage).toContain("Finishline can read your app's code and suggest answers");
    expect(founderPage).toContain(">Upload your code</h3>");
  });

  it("names the suggestions under the questions for the one who reads them", async () => {
    const form = new FormData();
    form.append("intent", "upload");
    form.append("archive", new Blob([new Uint8Array(fixtureZip("ai-built"))]), "app.zip");
    const res = await fetch(`${server.url}/engagements/${id}/assess/code`, {
      method: "POST",
      body: form,
      redirect: "manual",
      headers: { Cookie: partner.cookieHeader(), Origin: server.url },
    });
    expect(res.status).toBe(302);

    const forPartner = await page(partner, `/engagements/${id}/assess/code`);
    expect(forPartner).toContain("Suggested from the app's code:</strong>");
    expect(forPartner).not.toMatch(/your (app's )?code/);
    const authForPartner = await page(partner, `/engagements/${id}/assess/auth`);
    expect(authForPartner).toContain("Suggested from the app's code:</strong>");
    expect(authForPartner).not.toContain("from your code");
    const authForFounder = await page(founder, `/engagements/${id}/assess/auth`);
    expect(authForFounder).toContain("Suggested from your code:</strong>");
  });
});

describe("a partner's review of an answer", () => {
  const reviewed = (q: string) =>
    query<{ version: number; reviewed_at: number | null }>(
      server,
      "select version, reviewed_at from answers where engagement_id = ? and question_id = ?",
      id,
      q,
    )[0]!;

  it("is named and dated on the review page, the questionnaire and the results, for either reader", async () => {
    const q = "payments.confirmation";
    const res = await partner.post(`/engagements/${id}/assess/review`, {
      intent: "correct",
      questionId: q,
      version: String(reviewed(q).version),
      q,
      [`a:${q}`]: "unverified-webhook",
      note: "The webhook is there, unsigned",
    });
    expect(res.status).toBe(302);
    const verify = "payments.live-payments";
    expect(
      (
        await partner.post(`/engagements/${id}/assess/review`, {
          intent: "verify",
          questionId: verify,
          version: String(reviewed(verify).version),
          note: "",
        })
      ).status,
    ).toBe(302);
    const on = formatDate(reviewed(q).reviewed_at!);
    const verifiedOn = formatDate(reviewed(verify).reviewed_at!);
    const by = `${DEMO.partner.name} on ${on}`;

    for (const reader of [founder, partner]) {
      const review = await page(reader, `/engagements/${id}/assess/review`);
      expect(review).toContain(`<span class="badge badge--warn">Corrected by ${by}</span>`);
      expect(review).toContain(
        `<span class="badge badge--ok">Verified by ${DEMO.partner.name} on ${verifiedOn}</span>`,
      );
      expect(review).not.toContain("Corrected by partner");
    }

    // The questionnaire: "Corrected by …", and whose answer stays as given, said to its reader.
    const label = "The provider notifies our server (a webhook), but the server doesn't check the signature";
    const forFounder = await page(founder, `/engagements/${id}/assess/payments`);
    expect(forFounder).toContain(`<strong>Corrected by ${by}</strong> to “${label}”.`);
    expect(forFounder).toContain("your answer above stays as you gave it");
    expect(forFounder).toContain(`verified by ${DEMO.partner.name} on ${verifiedOn}`);
    const forPartner = await page(partner, `/engagements/${id}/assess/payments`);
    expect(forPartner).toContain(`<strong>Corrected by ${by}</strong> to “${label}”.`);
    expect(forPartner).toContain("the founder's answer above stays as they gave it");
    expect(forPartner).not.toContain("your answer above");
    expect(forPartner).not.toContain("Your engineering partner");

    // The results: a launch blocker still, with the correction beside what the founder said.
    const original = 'When the customer lands on the "thank you" or success page';
    const results = await page(founder, `/engagements/${id}/results`);
    expect(results).toContain(
      `Corrected by ${by} (you answered “${original}”): The webhook is there, unsigned`,
    );
    const partnerResults = await page(partner, `/engagements/${id}/results`);
    expect(partnerResults).toContain(
      `Corrected by ${by} (the founder answered “${original}”): The webhook is there, unsigned`,
    );
    expect(partnerResults).toContain("The founder answered “");
    expect(partnerResults).not.toContain("You answered “");
    expect(results).toContain("You answered “");

    // The report PDF names them too.
    const report = await founder.get(`/engagements/${id}/report.pdf`);
    expect(report.status).toBe(200);
    const { flat } = await pdfText(new Uint8Array(await report.arrayBuffer()));
    expect(flat).toContain(`Corrected by ${by}; originally answered`);
    expect(flat).toContain(`Verified by ${DEMO.partner.name} on ${verifiedOn}.`);
    expect(flat).not.toContain("by the engineering partner");
  });
});
