import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { Client, createEngagement, signup, startServer, type TestServer } from "./support/server";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

function row(id: string) {
  const db = new Database(server.dbFile, { readonly: true });
  try {
    return db
      .prepare(
        "select currency, hourly_rate, team_size, weekly_capacity, version from engagements where id = ?",
      )
      .get(id) as {
      currency: string;
      hourly_rate: number;
      team_size: number;
      weekly_capacity: number;
      version: number;
    };
  } finally {
    db.close();
  }
}

const valid = {
  name: "Settings Co",
  description: "",
  stage: "beta",
  currency: "eur",
  hourlyRate: "120",
  teamSize: "2",
  weeklyCapacity: "25",
};

describe("engagement settings", () => {
  it("saves valid settings and refuses bad ones field by field", async () => {
    const c = new Client(server.url);
    await signup(c, `settings-${Date.now()}@example.com`);
    const { id } = await createEngagement(c);
    expect(row(id)).toMatchObject({
      currency: "USD",
      hourly_rate: 100,
      team_size: 1,
      weekly_capacity: 30,
      version: 1,
    });

    const ok = await c.post(`/engagements/${id}/settings`, { ...valid, version: "1" });
    expect(ok.status).toBe(302);
    expect(row(id)).toMatchObject({
      currency: "EUR",
      hourly_rate: 120,
      team_size: 2,
      weekly_capacity: 25,
      version: 2,
    });

    const bad = await c.post(`/engagements/${id}/settings`, {
      ...valid,
      currency: "EURO",
      hourlyRate: "-5",
      teamSize: "1.5",
      weeklyCapacity: "abc",
      version: "2",
    });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain("Use a three-letter currency code, like USD, EUR or GBP.");
    expect(html).toContain("The hourly rate must be at least 1.");
    expect(html).toContain("Enter a whole number of engineers.");
    expect(html).toContain("Enter hours per week as a number.");
    expect(row(id).version).toBe(2);

    // A refused save shows what was typed, not the stored values: nothing typed is lost.
    const typed = await c.post(`/engagements/${id}/settings`, {
      ...valid,
      name: "Renamed Co",
      description: "Words the founder wrote",
      hourlyRate: "-5",
      version: "2",
    });
    expect(typed.status).toBe(400);
    const form = await typed.text();
    expect(form).toContain('value="Renamed Co"');
    expect(form).toContain("Words the founder wrote</textarea>");
    expect(form).toContain('value="-5"');
    expect(form).not.toContain('value="Settings Co"');
    // Emptied fields stay empty next to their messages.
    const emptied = await c.post(`/engagements/${id}/settings`, { ...valid, name: "", version: "2" });
    const emptiedHtml = await emptied.text();
    expect(emptiedHtml).toContain("Give your product a name.");
    expect(emptiedHtml).not.toContain('value="Settings Co"');
    expect(row(id).version).toBe(2);
  });

  it("takes plain decimals only: no exponents, hex, infinities or absurdly small values", async () => {
    const c = new Client(server.url);
    await signup(c, `numbers-${Date.now()}@example.com`);
    const { id } = await createEngagement(c, "Numbers Co");
    const version = () => String(row(id).version);
    const cases: Array<[Record<string, string>, string]> = [
      [{ weeklyCapacity: "1e-7" }, "Enter hours per week as a number."],
      [{ weeklyCapacity: "0.5" }, "At least 1 hour per week."],
      [{ hourlyRate: "1e-300" }, "Enter the hourly rate as a number."],
      [{ hourlyRate: "0x10" }, "Enter the hourly rate as a number."],
      [{ hourlyRate: "Infinity" }, "Enter the hourly rate as a number."],
      [{ hourlyRate: "0.001" }, "Use at most 2 decimal places."],
      [{ hourlyRate: "12345678901" }, "That hourly rate looks too high (at most 10,000)."],
      [{ weeklyCapacity: "7.25" }, "Use at most one decimal place."],
      [{ teamSize: "0x2" }, "Enter a whole number of engineers."],
      [{ teamSize: "2e0" }, "Enter a whole number of engineers."],
    ];
    for (const [fields, message] of cases) {
      const before = row(id);
      const res = await c.post(`/engagements/${id}/settings`, { ...valid, ...fields, version: version() });
      expect(res.status, JSON.stringify(fields)).toBe(400);
      expect(await res.text()).toContain(message);
      expect(row(id)).toEqual(before);
    }
    const ok = await c.post(`/engagements/${id}/settings`, {
      ...valid,
      hourlyRate: " 87.50 ",
      weeklyCapacity: "7.5",
      version: version(),
    });
    expect(ok.status).toBe(302);
    expect(row(id)).toMatchObject({ hourly_rate: 87.5, weekly_capacity: 7.5 });
  });

  it("refuses a stale edit with 409 instead of overwriting", async () => {
    const c = new Client(server.url);
    await signup(c, `settings-stale-${Date.now()}@example.com`);
    const { id } = await createEngagement(c);
    const [a, b] = await Promise.all([
      c.post(`/engagements/${id}/settings`, { ...valid, hourlyRate: "150", version: "1" }),
      c.post(`/engagements/${id}/settings`, { ...valid, hourlyRate: "90", version: "1" }),
    ]);
    expect([a.status, b.status].sort()).toEqual([302, 409]);
    const winner = a.status === 302 ? 150 : 90;
    expect(row(id)).toMatchObject({ hourly_rate: winner, version: 2 });
  });

  it("keeps what was typed after a stale save, names what the other person changed, and saves it on a second try", async () => {
    const c = new Client(server.url);
    await signup(c, `settings-typed-${Date.now()}@example.com`);
    const { id } = await createEngagement(c);
    // Someone else saves first (version 1 → 2).
    expect(
      (await c.post(`/engagements/${id}/settings`, { ...valid, hourlyRate: "110", version: "1" })).status,
    ).toBe(302);
    const description = "A marketplace for tutors, with bookings and Stripe payouts";
    const stale = await c.post(`/engagements/${id}/settings`, {
      ...valid,
      name: "Tutorly",
      description,
      version: "1",
    });
    expect(stale.status).toBe(409);
    const page = (await stale.text()).replaceAll("<!-- -->", "");
    expect(page).toContain(
      "Someone else saved these settings while you were editing; nothing was overwritten. Theirs differ from what you typed in product name (theirs: “Settings Co”), description (theirs: empty), hourly rate (theirs: “110”). The form still holds what you typed: save again to use it instead.",
    );
    expect(page).toMatch(/name="name"[^>]*value="Tutorly"/);
    expect(page).toContain(`>${description}</textarea>`);
    // The form now stands on version 2: sent again, it saves what was typed.
    expect(page).toMatch(/name="version" value="2"/);
    expect(row(id)).toMatchObject({ hourly_rate: 110, version: 2 });
    const again = await c.post(`/engagements/${id}/settings`, {
      ...valid,
      name: "Tutorly",
      description,
      version: "2",
    });
    expect(again.status).toBe(302);
    expect(row(id)).toMatchObject({ hourly_rate: 120, version: 3 });
    expect(await (await c.get(`/engagements/${id}/settings`)).text()).toContain(`>${description}</textarea>`);
  });

  it("gives non-members 404", async () => {
    const owner = new Client(server.url);
    await signup(owner, `owner-${Date.now()}@example.com`);
    const { id } = await createEngagement(owner);
    const other = new Client(server.url);
    await signup(other, `other-${Date.now()}@example.com`);
    expect((await other.get(`/engagements/${id}/settings`)).status).toBe(404);
    expect((await other.post(`/engagements/${id}/settings`, { ...valid, version: "1" })).status).toBe(404);
    expect(row(id).version).toBe(1);
  });
});
