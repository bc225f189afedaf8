// The engagements list, in pages of 20 over the real server: every engagement on exactly one page,
// the most recently updated first, and page numbers that are not pages still answer with a page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { Client, createEngagement, signup, startServer, type TestServer } from "./support/server";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

/** The engagements a list page shows, in order, as [id, name]. */
function listed(html: string): Array<[string, string]> {
  return [
    ...html.matchAll(
      /class="engagement-card__title"><a[^>]*href="\/engagements\/([^"]+)"[^>]*>([^<]*)<\/a>/g,
    ),
  ].map((m) => [m[1]!, m[2]!]);
}

async function page(c: Client, query = "") {
  const res = await c.get(`/engagements${query}`);
  expect(res.status).toBe(200);
  const html = await res.text();
  return { html, shown: listed(html) };
}

describe("the engagements list", () => {
  it("shows 20 a page, most recently updated first, each engagement on exactly one page", async () => {
    const c = new Client(server.url);
    await signup(c, `list-${Date.now()}@example.com`);
    const made: string[] = [];
    for (let i = 1; i <= 23; i++) made.push((await createEngagement(c, `Product ${i}`)).id);
    // The first one made is edited last, so it is the most recently updated.
    const edited = await c.post(`/engagements/${made[0]}/settings`, {
      name: "Product 1, just edited",
      description: "",
      currency: "usd",
      hourlyRate: "100",
      teamSize: "1",
      weeklyCapacity: "30",
      version: "1",
    });
    expect(edited.status).toBe(302);

    const one = await page(c);
    expect(one.shown).toHaveLength(20);
    expect(one.shown[0]).toEqual([made[0], "Product 1, just edited"]);
    expect(one.html).toContain("1–20 of 23, most recently updated first");
    expect(one.html).toContain("Page 1 of 2");
    expect(one.html).toMatch(
      /href="\/engagements\?page=2"[^>]*rel="next"|rel="next"[^>]*href="\/engagements\?page=2"/,
    );
    expect(one.html).not.toContain('rel="prev"');

    const two = await page(c, "?page=2");
    expect(two.shown).toHaveLength(3);
    expect(two.html).toContain("21–23 of 23");
    expect(two.html).toMatch(/href="\/engagements"[^>]*rel="prev"|rel="prev"[^>]*href="\/engagements"/);
    expect(two.html).not.toContain('rel="next"');

    const everyId = [...one.shown, ...two.shown].map(([id]) => id);
    expect(new Set(everyId).size).toBe(23);
    expect([...everyId].sort()).toEqual([...made].sort());
  });

  it("answers a page number that is not a page with the first or the last page, never an error", async () => {
    const c = new Client(server.url);
    await signup(c, `list-odd-${Date.now()}@example.com`);
    for (let i = 1; i <= 21; i++) await createEngagement(c, `Thing ${i}`);
    const first = (await page(c)).shown;
    for (const query of ["?page=abc", "?page=0", "?page=-3", "?page=1.5", "?page="]) {
      expect((await page(c, query)).shown, query).toEqual(first);
    }
    const last = await page(c, "?page=2");
    for (const query of ["?page=3", "?page=999999999", "?page=1e99"]) {
      const beyond = await page(c, query);
      expect(beyond.shown, query).toEqual(last.shown);
      expect(beyond.html, query).toContain("Page 2 of 2");
    }
  });

  it("finds engagements by name or description, takes % and _ literally, and keeps the search across pages", async () => {
    const c = new Client(server.url);
    await signup(c, `list-search-${Date.now()}@example.com`);
    for (let i = 1; i <= 22; i++) await createEngagement(c, `Coffee shop ${i}`);
    await createEngagement(c, "Yoga studio");
    await createEngagement(c, "100%_done");
    const other = await c.post("/engagements/new", { name: "Bakery", description: "Sells COFFEE beans too" });
    expect(other.status).toBe(302);

    const coffee = await page(c, "?q=coffee");
    expect(coffee.html).toContain("23 projects match “coffee”.");
    expect(coffee.shown).toHaveLength(20);
    expect(coffee.shown.every(([, name]) => /coffee shop|bakery/i.test(name))).toBe(true);
    expect(coffee.html).toContain('value="coffee"');
    // The next page keeps the search.
    expect(coffee.html).toMatch(/href="\/engagements\?q=coffee&amp;page=2"/);
    const second = await page(c, "?q=coffee&page=2");
    expect(second.shown).toHaveLength(3);
    expect(second.html).toMatch(
      /href="\/engagements\?q=coffee"[^>]*rel="prev"|rel="prev"[^>]*href="\/engagements\?q=coffee"/,
    );
    expect(new Set([...coffee.shown, ...second.shown].map(([id]) => id)).size).toBe(23);

    expect((await page(c, "?q=%20%20Yoga%20")).shown.map(([, name]) => name)).toEqual(["Yoga studio"]);
    // % and _ are characters to find, not wildcards.
    expect((await page(c, "?q=%25")).shown.map(([, name]) => name)).toEqual(["100%_done"]);
    expect((await page(c, "?q=%25_d")).shown.map(([, name]) => name)).toEqual(["100%_done"]);
    // As wildcards these two would match "100%_done" ("0_" as "00", "0%d" as "0%_d").
    expect((await page(c, "?q=0_")).shown).toEqual([]);
    expect((await page(c, "?q=0%25d")).shown).toEqual([]);
    const none = await page(c, "?q=" + encodeURIComponent("<b>tea</b>"));
    expect(none.shown).toEqual([]);
    expect(none.html).toContain("No project matches “&lt;b&gt;tea&lt;/b&gt;”.");
    expect(none.html).not.toContain("Start with your product");
    // Blank is no search: every engagement, in pages.
    expect((await page(c, "?q=%20")).html).toContain("1–20 of 25, most recently updated first");
  });

  it("has no pager while everything fits on one page", async () => {
    const c = new Client(server.url);
    await signup(c, `list-short-${Date.now()}@example.com`);
    for (let i = 1; i <= 3; i++) await createEngagement(c, `Small ${i}`);
    const { html, shown } = await page(c);
    expect(shown.map(([, name]) => name).sort()).toEqual(["Small 1", "Small 2", "Small 3"]);
    expect(html).not.toContain("Pages of projects");
    // Nor a search box: there is nothing to look for.
    expect(html).not.toContain("Find a project");
  });
});
