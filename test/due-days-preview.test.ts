// The publish form's "What version N freezes" line (components/payment-fields.tsx `paymentLine`) says
// what the days field will put in the version. For a whole number out of range (91, -5) it said
// "invoices due: not a whole number of days yet", which is not what is wrong with it; the field's
// own error says "Enter a number of days from 0 to 90." Over HTTP, as the refused form shows it
// without JavaScript.
import { afterAll, beforeAll, expect, it } from "vitest";

import { DEMO, demoEngagementId, login } from "./support/demo-server";
import { startServer, type Client, type TestServer } from "./support/server";

let server: TestServer;
let id: string;
let partner: Client;

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true" });
  id = demoEngagementId(server);
  partner = await login(server, DEMO.partner.email);
  expect((await partner.post(`/engagements/${id}/plan`, { intent: "generate" })).status).toBe(302);
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

/** The frozen-figures line about payment, as a reader sees it. */
const paymentPreview = (html: string) =>
  /Payment:[\s\S]*?(?=Priced at:)/
    .exec(
      html
        .slice(0, html.indexOf("<script"))
        .replace(/<!-- -->/g, "")
        .replace(/<[^>]+>/g, " ")
        .replace(/\s+/g, " "),
    )?.[0]
    .trim();

it.each(["91", "-5"])(
  "does not call %s days 'not a whole number' in what the version freezes",
  async (days) => {
    const res = await partner.post(`/engagements/${id}/proposals`, {
      assumptions: "Access in week one",
      exclusions: "Redesign",
      terms: "",
      number: "1",
      priceModel: "range",
      paymentPlan: "monthly",
      dueDays: days,
    });
    expect(res.status).toBe(400);
    const preview = paymentPreview(await res.text());
    expect(preview).toMatch(/^Payment: Monthly in arrears for time spent · /);
    expect(preview).not.toContain("not a whole number");
  },
);
