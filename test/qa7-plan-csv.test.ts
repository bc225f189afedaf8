// QA pass 7, findings 8, 9 and 17, through the real server: the plan CSV's columns agree with each
// other (the stored estimates, to the hundredth, give its Expected hours, which give its Cost at the
// Hourly rate it states), its Expected column adds up to the estimates table's sums of expected
// hours, the table names the plan's simulated figure beside its sums, and an item id that starts
// with "-" reads in the CSVs as in the item's URL.
import { parse as parseCsvText } from "csv-parse/sync";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { formatEstimate } from "../app/engine/money";
import { PHASE_LABELS } from "../app/engine/plan-types";

import { acceptedProposal, DEMO, demoEngagementId, login, logTime, query } from "./support/demo-server";
import { startServer, type Client, type TestServer } from "./support/server";

let server: TestServer;
let id: string;
let founder: Client;
let partner: Client;
/** an item others wait for, its id changed to start with "-" */
let dashed: string;

const TINY = "Tiny quarter-hour fix";

async function csv(path = "plan.csv") {
  const res = await partner.get(`/engagements/${id}/${path}`);
  expect(res.status).toBe(200);
  const [header, ...rows] = parseCsvText(await res.text(), { bom: true }) as string[][];
  return rows.map((r) => Object.fromEntries(header!.map((h, n) => [h, r[n]!])));
}

const page = async (path: string) =>
  (await (await partner.get(`/engagements/${id}/${path}`)).text())
    .replaceAll("<!-- -->", "")
    .replaceAll("&#x27;", "'");

/** Hours to the tenth, added in whole tenths. */
const sumTenths = (cells: string[]) => cells.reduce((n, c) => n + Math.round(Number(c) * 10), 0) / 10;

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true" });
  id = demoEngagementId(server);
  founder = await login(server, DEMO.founder.email);
  partner = await login(server, DEMO.partner.email);
  expect((await partner.post(`/engagements/${id}/plan`, { intent: "generate" })).status).toBe(302);
  const added = await partner.post(`/engagements/${id}/plan`, {
    intent: "custom",
    title: TINY,
    description: "",
    area: "ops",
    phase: "launch-blocker",
    "estimate.optimistic": "0.25",
    "estimate.likely": "0.25",
    "estimate.pessimistic": "0.5",
  });
  expect(added.status).toBe(302);

  // One id in 64 starts with "-": give one that others wait for such an id, as newId could have.
  const [{ depends_on_id: target }] = query<{ depends_on_id: string }>(
    server,
    `select d.depends_on_id from plan_item_dependencies d join plan_items i on i.id = d.item_id
      where i.engagement_id = ? and i.scope = 'included' limit 1`,
    id,
  ) as [{ depends_on_id: string }];
  dashed = `-${target.slice(1)}`;
  const db = new Database(server.dbFile);
  try {
    db.pragma("foreign_keys = OFF");
    db.transaction(() => {
      db.prepare("update plan_items set id = ? where id = ?").run(dashed, target);
      db.prepare("update plan_item_dependencies set item_id = ? where item_id = ?").run(dashed, target);
      db.prepare("update plan_item_dependencies set depends_on_id = ? where depends_on_id = ?").run(
        dashed,
        target,
      );
      // A new state of the project, so the server reads the plan again.
      db.prepare("update engagements set updated_at = updated_at + 1 where id = ?").run(id);
    })();
  } finally {
    db.close();
  }
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

describe("#8 the plan CSV's columns agree with each other", () => {
  it("gives a quarter-hour item's stored figures, their expected hours and its cost at the rate stated", async () => {
    const row = (await csv()).find((r) => r.Title === TINY)!;
    expect([row["Optimistic hours"], row["Likely hours"], row["Pessimistic hours"]]).toEqual([
      "0.25",
      "0.25",
      "0.5",
    ]);
    // (0.25 + 4 × 0.25 + 0.5) / 6 = 0.29, 0.3 to the tenth, from the file's own three columns.
    const [o, m, p] = [row["Optimistic hours"], row["Likely hours"], row["Pessimistic hours"]].map(Number);
    expect(row["Expected hours"]).toBe(String(Math.round(((o! + 4 * m! + p!) / 6) * 10) / 10));
    expect(row["Expected hours"]).toBe("0.3");
    // The demo's €95: 0.3 h × 95, and the rate and currency the cost is at, in the file.
    expect(row["Hourly rate"]).toBe("95");
    expect(row.Currency).toBe("EUR");
    expect(row["Cost (EUR)"]).toBe("28.5");
    expect(row["Rate note"]).toBe("Today's rate, from the project's settings");
    // The estimates table states the same expected hours for it, not "under 1 h".
    const table = await page("plan/estimates");
    const cell = table.slice(table.indexOf(`>${TINY}<`));
    expect(cell.slice(0, cell.indexOf("</tr>"))).toContain(">0.3 h</td>");
  });

  it("recomputes in a sheet: every row's Expected from its three figures, its Cost from Expected × rate", async () => {
    for (const row of await csv()) {
      const [o, m, p] = [row["Optimistic hours"], row["Likely hours"], row["Pessimistic hours"]].map(Number);
      const pert = Math.max(0.1, Math.round(((o! + 4 * m! + p!) / 6) * 10) / 10);
      expect(Number(row["Expected hours"]), row.Title).toBe(pert);
      if (row["Cost (EUR)"] !== "")
        expect(Number(row["Cost (EUR)"]), row.Title).toBeCloseTo(pert * Number(row["Hourly rate"]), 2);
    }
  });
});

describe("#9 the estimates table's sums and the CSV", () => {
  it("sums the CSV's Expected column, in scope, to the table's figure per phase and in all, and names the plan's", async () => {
    const rows = (await csv()).filter((r) => r.Scope === "Included");
    const table = await page("plan/estimates");
    const plan = await page("plan");
    let phases = 0;
    for (const [phase, label] of Object.entries(PHASE_LABELS)) {
      const mine = rows.filter((r) => r.Phase === label);
      if (mine.length === 0) continue;
      phases += 1;
      const section = table.slice(table.indexOf(`aria-labelledby="est-${phase}"`));
      const line = /Sum of the items' expected hours: ([\d,.]+) h · (€[\d,]+)/.exec(section)!;
      expect(Number(line[1]!.replace(",", "")), label).toBe(sumTenths(mine.map((r) => r["Expected hours"]!)));
      // The cost too: the priced rows' Cost column, as the table rounds an estimate.
      const cost = mine
        .filter((r) => r["Cost (EUR)"] !== "")
        .reduce((n, r) => n + Number(r["Cost (EUR)"]), 0);
      expect(line[2], label).toBe(formatEstimate(cost, "EUR"));
      // Beside it, the plan's own (simulated) figure for the phase, in the plan page's words.
      const simulated = /The plan, simulated from the saved figures: (likely [\d,.]+ h)/.exec(section)![1]!;
      expect(plan, label).toContain(simulated);
    }
    expect(phases).toBeGreaterThan(1);
    const all = /In all, sum of the items' expected hours: ([\d,.]+) h/.exec(table)!;
    expect(Number(all[1]!.replace(",", ""))).toBe(sumTenths(rows.map((r) => r["Expected hours"]!)));
    expect(table).toMatch(/at €95\/h\. The plan, simulated from the saved figures: likely [\d,]+ h\./);
    // And says why the two differ.
    expect(table).toContain("The plan's likely figures are not these sums");
  });
});

describe("#17 an item id that starts with a dash", () => {
  it("reads as in the item's URL, in the ID column, the Depends on IDs column and the time CSV", async () => {
    expect((await partner.get(`/engagements/${id}/plan/${dashed}`)).status).toBe(200);
    const rows = await csv();
    const own = rows.find((r) => r.ID === dashed);
    expect(own, "the row's ID is the id in its URL").toBeDefined();
    expect(rows.some((r) => r.ID === `'${dashed}`)).toBe(false);
    const waiting = rows.filter((r) => r["Depends on IDs"].split("; ").includes(dashed));
    expect(waiting.length).toBeGreaterThan(0);
    for (const r of waiting) expect(r["Depends on"]).toContain(own!.Title);

    // Time logged on it (once a version is accepted) names it the same way.
    await acceptedProposal(server, founder, partner, id);
    expect((await logTime(server, partner, id, dashed, { hours: "1" })).status).toBe(302);
    const time = await csv("plan/time.csv");
    expect(time.map((t) => t["Item ID"])).toContain(dashed);
  });
});

describe("#8 the rate the cost is at, once a version is accepted", () => {
  it("says the cost is at today's rate, not the one version 1 was accepted at", async () => {
    const accepted = query<{ n: number }>(
      server,
      "select count(*) as n from proposals where engagement_id = ? and accepted_at is not null",
      id,
    )[0]!.n;
    expect(accepted).toBeGreaterThan(0);
    expect((await csv())[0]!["Rate note"]).toBe("Today's rate, the same as accepted version 1's");
    const [e] = query<{
      name: string;
      description: string;
      currency: string;
      team_size: number;
      weekly_capacity: number;
      version: number;
    }>(
      server,
      "select name, description, currency, team_size, weekly_capacity, version from engagements where id = ?",
      id,
    );
    const saved = await partner.post(`/engagements/${id}/settings`, {
      name: e!.name,
      description: e!.description,
      currency: e!.currency,
      hourlyRate: "150",
      teamSize: String(e!.team_size),
      weeklyCapacity: String(e!.weekly_capacity),
      version: String(e!.version),
    });
    expect(saved.status).toBe(302);
    const rows = await csv();
    const priced = rows.find((r) => r["Cost (EUR)"] !== "")!;
    expect(priced["Hourly rate"]).toBe("150");
    expect(Number(priced["Cost (EUR)"])).toBeCloseTo(Number(priced["Expected hours"]) * 150, 2);
    for (const r of rows)
      expect(r["Rate note"]).toBe("Today's rate, not the €95 an hour version 1 was accepted at");
  });
});
