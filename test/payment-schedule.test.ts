// The partner's audit, finding 2 (decision 040), over HTTP against the real server: the publish form
// offers a payment schedule with sensible starting rows, refuses milestones that do not sum to 100
// on their field with every row kept as typed, and freezes an accepted schedule into the version;
// the page and the PDF show it as a table with each milestone's share of a fixed price, the next
// draft starts from it, "What changed" names a new schedule, and export and import carry it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO, demoEngagementId, login, query } from "./support/demo-server";
import { pdfText } from "./support/pdf-text";
import { Client, signup, startServer, type TestServer } from "./support/server";

let server: TestServer;
let id: string;
let founder: Client;
let partner: Client;

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true", PDF_RATE_LIMIT: "1000", SIGNUP_RATE_LIMIT: "1000" });
  id = demoEngagementId(server);
  founder = await login(server, DEMO.founder.email);
  partner = await login(server, DEMO.partner.email);
  expect((await partner.post(`/engagements/${id}/plan`, { intent: "generate" })).status).toBe(302);
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

/** The page's text as a reader sees it, without the inline data script. */
const text = (html: string) =>
  html
    .slice(0, html.indexOf("<script"))
    .replace(/<!-- -->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");

const latestNumber = () =>
  query<{ n: number | null }>(server, "select max(number) n from proposals where engagement_id = ?", id)[0]!
    .n ?? 0;
const snapshot = (n: number) =>
  JSON.parse(
    query<{ snapshot: string }>(
      server,
      "select snapshot from proposals where engagement_id = ? and number = ?",
      id,
      n,
    )[0]!.snapshot,
  );

/** The six milestone rows as the form posts them; rows not given are sent empty. */
const rows = (list: Array<[string, string]>) =>
  Object.fromEntries(
    Array.from({ length: 6 }, (_, i) => [
      [`milestones[${i}].label`, list[i]?.[0] ?? ""],
      [`milestones[${i}].percent`, list[i]?.[1] ?? ""],
    ]).flat(),
  );
const publish = (form: Record<string, string>) =>
  partner.post(`/engagements/${id}/proposals`, {
    assumptions: "Access in week one",
    exclusions: "Redesign",
    terms: "",
    number: String(latestNumber() + 1),
    ...form,
  });

/** The payment plan the form has ticked. */
const checkedPlan = (html: string) =>
  [...html.matchAll(/<input type="radio" name="paymentPlan"[^>]*>/g)]
    .map((m) => m[0])
    .filter((tag) => tag.includes('checked=""'))
    .map((tag) => /value="(\w+)"/.exec(tag)?.[1]);
/** The milestone rows the form shows, as [label, percent], empty rows left out. */
const shownRows = (html: string) =>
  Array.from({ length: 6 }, (_, i) => [
    new RegExp(`name="milestones\\[${i}\\]\\.label"[^>]*value="([^"]*)"`).exec(html)?.[1] ?? "?",
    new RegExp(`name="milestones\\[${i}\\]\\.percent"[^>]*value="([^"]*)"`).exec(html)?.[1] ?? "?",
  ]).filter(([label, percent]) => label !== "" || percent !== "");

const MILESTONES: Array<[string, string]> = [
  ["On signing", "30"],
  ["Launch minimum delivered", "50"],
  ["Hardening and hand-over", "20"],
];

describe("a payment schedule on the publish form", () => {
  it("is not stated by default, with starting rows: 30% on signing, then each phase by its cost", async () => {
    const html = await (await partner.get(`/engagements/${id}/proposals`)).text();
    expect(checkedPlan(html)).toEqual(["none"]);
    const form = text(html);
    expect(form).toContain("Payment schedule");
    expect(form).toContain("Monthly in arrears for time spent");
    expect(form).toContain("Payment: Not stated Priced at:");
    const start = shownRows(html);
    expect(start[0]).toEqual(["On signing", "30"]);
    expect(start[1]![0]).toBe("Launch minimum delivered");
    expect(start.length).toBeGreaterThanOrEqual(3);
    expect(start.reduce((sum, [, p]) => sum + Number(p), 0)).toBe(100);
  });

  it("refuses milestones summing to 90% on their field, keeping every row as typed", async () => {
    const before = latestNumber();
    const refused = await publish({
      priceModel: "fixed",
      priceAmount: "24000",
      paymentPlan: "milestones",
      ...rows([
        ["On signing", "30"],
        ["Launch minimum delivered", "40"],
        ["", ""],
        ["Hand-over, typed last", "20"],
      ]),
    });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    const page = text(html);
    expect(page).toContain("Milestones: The percents add up to 90%: make them add up to exactly 100%.");
    expect(html).toMatch(/<p id="milestones-error" class="field__error" role="alert">/);
    expect(checkedPlan(html)).toEqual(["milestones"]);
    // Every row as typed, the empty one included (it stays empty), and the price with them.
    expect(shownRows(html)).toEqual([
      ["On signing", "30"],
      ["Launch minimum delivered", "40"],
      ["Hand-over, typed last", "20"],
    ]);
    expect(html).toMatch(/name="milestones\[2\]\.label"[^>]*value=""/);
    expect(html).toContain('value="24000"');
    expect(latestNumber()).toBe(before);

    // A refused amount is said together with the sum, not after it is fixed.
    const both = await publish({
      priceModel: "fixed",
      priceAmount: "24000.50",
      paymentPlan: "milestones",
      ...rows([
        ["On signing", "30"],
        ["On completion", "60"],
      ]),
    });
    expect(both.status).toBe(400);
    const bothText = text(await both.text());
    expect(bothText).toContain("2 fields need fixing");
    expect(bothText).toContain("Fixed price or cap: Use a whole amount, without cents.");
    expect(bothText).toContain("Milestones: The percents add up to 90%");

    // A row without its percent is refused on that row's own field.
    const missing = await publish({
      paymentPlan: "milestones",
      ...rows([
        ["On signing", "30"],
        ["On completion", ""],
      ]),
    });
    expect(missing.status).toBe(400);
    const missingHtml = await missing.text();
    expect(text(missingHtml)).toContain("Milestone 2 percent: Enter this milestone's percent, like 30.");
    expect(missingHtml).toMatch(/id="milestone-1-percent"[^>]*aria-invalid="true"/);

    // Monthly billing for a fixed price is refused on the plan itself.
    const monthly = await publish({ priceModel: "fixed", priceAmount: "24000", paymentPlan: "monthly" });
    expect(monthly.status).toBe(400);
    expect(text(await monthly.text())).toContain(
      "Payment schedule: Monthly billing for time spent needs an estimate range or a cap",
    );
    expect(latestNumber()).toBe(before);
  });

  it("publishes milestones summing to 100: the page and the PDF show them with each share of the price", async () => {
    const res = await publish({
      priceModel: "fixed",
      priceAmount: "24,999",
      paymentPlan: "milestones",
      ...rows(MILESTONES),
    });
    expect(res.status).toBe(302);
    const n = latestNumber();
    expect(snapshot(n).payment).toEqual({
      plan: "milestones",
      milestones: [
        { label: "On signing", percent: 30 },
        { label: "Launch minimum delivered", percent: 50 },
        { label: "Hardening and hand-over", percent: 20 },
      ],
    });

    const v = text(await (await founder.get(`/engagements/${id}/proposals/${n}`)).text());
    // 30% and 50% of €24,999 rounded; the last row takes the remainder, so they sum to the price.
    expect(v).toContain(
      "Payment schedule Milestone Percent Amount On signing 30% €7,500 Launch minimum delivered 50% €12,500 Hardening and hand-over 20% €4,999",
    );
    expect(v).toContain("Shares of the fixed price of €24,999; the amounts add up to it exactly.");
    expect(v.indexOf("Payment schedule Milestone")).toBeGreaterThan(v.indexOf("Terms"));
    expect(v).toContain("exclusions and terms");

    const pdf = await pdfText(
      new Uint8Array(await (await founder.get(`/engagements/${id}/proposals/${n}.pdf`)).arrayBuffer()),
    );
    const flat = pdf.flat;
    for (const cell of ["On signing", "30%", "€7,500", "Launch minimum delivered", "€12,500", "€4,999"])
      expect(flat).toContain(cell);
    expect(flat).toContain("Shares of the fixed price of €24,999");
    // In the terms, before the sign-off, which now speaks of terms.
    const schedule = flat.indexOf("Payment schedule");
    expect(schedule).toBeGreaterThan(flat.indexOf("Terms"));
    expect(schedule).toBeLessThan(flat.indexOf("Sign-off"));
    expect(flat).toContain("exclusions and terms in this proposal");
  });

  it("starts the next version from it; a new schedule is named under What changed", async () => {
    const html = await (await partner.get(`/engagements/${id}/proposals`)).text();
    expect(checkedPlan(html)).toEqual(["milestones"]);
    expect(shownRows(html)).toEqual(MILESTONES);
    expect(text(html)).toContain(
      "Payment: Milestones: On signing 30%, Launch minimum delivered 50%, Hardening and hand-over 20% Priced at:",
    );

    expect(
      (
        await publish({
          priceModel: "capped",
          priceAmount: "30000",
          paymentPlan: "monthly",
          ...rows(MILESTONES),
        })
      ).status,
    ).toBe(302);
    const n = latestNumber();
    expect(snapshot(n).payment).toEqual({ plan: "monthly" });
    const v = text(await (await founder.get(`/engagements/${id}/proposals/${n}`)).text());
    expect(v).toContain(
      `The payment schedule changed from milestones (On signing 30%, Launch minimum delivered 50%, Hardening and hand-over 20%) to monthly in arrears for the time spent`,
    );
    expect(v).toContain(
      "Payment: Invoiced monthly in arrears for the time spent, up to the cap of €30,000 in all.",
    );
  });
});

describe("export and import", () => {
  it("carry each version's schedule; an edited file with a sum other than 100 is refused", async () => {
    const data = await (await founder.get(`/engagements/${id}/export.json`)).json();
    const schedules = (d: { proposals: Array<{ snapshot: { payment?: unknown } }> }) =>
      d.proposals.map((p) => p.snapshot.payment);
    expect(schedules(data).slice(-2)).toEqual([
      {
        plan: "milestones",
        milestones: [
          { label: "On signing", percent: 30 },
          { label: "Launch minimum delivered", percent: 50 },
          { label: "Hardening and hand-over", percent: 20 },
        ],
      },
      { plan: "monthly" },
    ]);

    const importer = new Client(server.url);
    await signup(importer, `payment-importer-${Date.now()}@example.com`);
    const res = await importer.importFile(JSON.stringify(data));
    expect(res.status).toBe(302);
    const newId = res.headers.get("Location")!.split("/").pop()!;
    const again = await (await importer.get(`/engagements/${newId}/export.json`)).json();
    expect(schedules(again)).toEqual(schedules(data));

    const bad = structuredClone(data);
    bad.proposals.at(-2).snapshot.payment.milestones[0].percent = 20;
    expect((await importer.importFile(JSON.stringify(bad))).status).toBe(400);

    // Nor monthly billing for time spent on a fixed price, which the publish form refuses.
    const fixedMonthly = structuredClone(data);
    fixedMonthly.proposals.at(-1).snapshot.price = { model: "fixed", amount: 24000 };
    const refused = await importer.importFile(JSON.stringify(fixedMonthly));
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("a fixed price is not billed monthly for the time spent");
  });
});

// Decision 040, "When invoices are due": the days each invoice is due within, on the same form, in
// the same snapshot and in the same sentence wherever the schedule shows.
describe("when each invoice is due", () => {
  it("refuses 91 days on its own field, keeping the rows and the days as typed", async () => {
    const before = latestNumber();
    const res = await publish({
      priceModel: "fixed",
      priceAmount: "24000",
      paymentPlan: "milestones",
      dueDays: "91",
      ...rows(MILESTONES),
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(text(html)).toContain("Invoices due within (days): Enter a number of days from 0 to 90.");
    expect(html).toMatch(/<p id="dueDays-error" class="field__error" role="alert">/);
    expect(html).toMatch(/id="dueDays"[^>]*aria-invalid="true"/);
    expect(html).toMatch(/name="dueDays"[^>]*value="91"/);
    expect(checkedPlan(html)).toEqual(["milestones"]);
    expect(shownRows(html)).toEqual(MILESTONES);
    expect(latestNumber()).toBe(before);
  });

  it("publishes 14 days: the page's and the PDF's terms say so, and What changed names it", async () => {
    const res = await publish({
      priceModel: "fixed",
      priceAmount: "24000",
      paymentPlan: "milestones",
      dueDays: "14",
      ...rows(MILESTONES),
    });
    expect(res.status).toBe(302);
    const n = latestNumber();
    expect(snapshot(n).payment).toEqual({
      plan: "milestones",
      milestones: [
        { label: "On signing", percent: 30 },
        { label: "Launch minimum delivered", percent: 50 },
        { label: "Hardening and hand-over", percent: 20 },
      ],
      dueDays: 14,
    });

    const v = text(await (await founder.get(`/engagements/${id}/proposals/${n}`)).text());
    // In the Terms, after what the amounts are shares of.
    expect(v).toContain(
      "Shares of the fixed price of €24,000; the amounts add up to it exactly. Each invoice is due within 14 days.",
    );
    expect(v.indexOf("the amounts add up to it exactly. Each invoice is due")).toBeGreaterThan(
      v.indexOf("Terms"),
    );
    // The version before was monthly billing with no due days stated.
    expect(v).toContain(
      "When invoices are due changed from not stated to “Each invoice is due within 14 days.”",
    );

    const pdf = await pdfText(
      new Uint8Array(await (await founder.get(`/engagements/${id}/proposals/${n}.pdf`)).arrayBuffer()),
    );
    const due = pdf.flat.indexOf("Each invoice is due within 14 days.");
    expect(due).toBeGreaterThan(pdf.flat.indexOf("Shares of the fixed price of €24,000"));
    expect(due).toBeLessThan(pdf.flat.indexOf("Sign-off"));
  });

  it("starts the next draft from it; 0 reads on receipt, and the change is named", async () => {
    const html = await (await partner.get(`/engagements/${id}/proposals`)).text();
    expect(html).toMatch(/name="dueDays"[^>]*value="14"/);
    expect(text(html)).toContain(
      "Payment: Milestones: On signing 30%, Launch minimum delivered 50%, Hardening and hand-over 20% · Each invoice is due within 14 days. Priced at:",
    );

    expect(
      (await publish({ priceModel: "capped", priceAmount: "30000", paymentPlan: "monthly", dueDays: "0" }))
        .status,
    ).toBe(302);
    const n = latestNumber();
    expect(snapshot(n).payment).toEqual({ plan: "monthly", dueDays: 0 });
    const v = text(await (await founder.get(`/engagements/${id}/proposals/${n}`)).text());
    expect(v).toContain(
      "Payment: Invoiced monthly in arrears for the time spent, up to the cap of €30,000 in all. Each invoice is due on receipt.",
    );
    expect(v).toContain(
      "When invoices are due changed from “Each invoice is due within 14 days.” to “Each invoice is due on receipt.”",
    );
  });

  it("goes through export and import; an edited file with 91 days is refused with its path", async () => {
    const data = await (await founder.get(`/engagements/${id}/export.json`)).json();
    const dues = (d: { proposals: Array<{ snapshot: { payment?: { dueDays?: number } } }> }) =>
      d.proposals.map((p) => p.snapshot.payment?.dueDays);
    expect(dues(data).slice(-2)).toEqual([14, 0]);

    const importer = new Client(server.url);
    await signup(importer, `due-importer-${Date.now()}@example.com`);
    const res = await importer.importFile(JSON.stringify(data));
    expect(res.status).toBe(302);
    const newId = res.headers.get("Location")!.split("/").pop()!;
    const again = await (await importer.get(`/engagements/${newId}/export.json`)).json();
    expect(dues(again)).toEqual(dues(data));
    expect(
      text(await (await importer.get(`/engagements/${newId}/proposals/${latestNumber()}`)).text()),
    ).toContain("Each invoice is due on receipt.");

    const bad = structuredClone(data);
    bad.proposals.at(-2).snapshot.payment.dueDays = 91;
    const refused = await importer.importFile(JSON.stringify(bad));
    expect(refused.status).toBe(400);
    expect(text(await refused.text())).toContain(
      "This export has a value Finishline can't use: " +
        `proposals[${data.proposals.length - 2}].snapshot.payment.dueDays must be at most 90.`,
    );
  });
});
