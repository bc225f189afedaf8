import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { acceptedProposal, DEMO, demoEngagementId, login, query } from "./support/demo-server";
import { Client, startServer, type TestServer } from "./support/server";

// What a screen reader meets first on each page, from the server's HTML: the document's title, the
// order of the headings, the names of the landmarks (WCAG 2.4.2, 1.3.1, 2.4.6; the UX audit's
// findings). The demo engagement, with a plan and proposal 1, through the real routes.
let server: TestServer;
let id: string;
let founder: Client;
let partner: Client;
let item: { id: string; title: string };
beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true" });
  id = demoEngagementId(server);
  founder = await login(server, DEMO.founder.email);
  partner = await login(server, DEMO.partner.email);
  await acceptedProposal(server, founder, partner, id);
  [item] = query<{ id: string; title: string }>(
    server,
    "select id, title from plan_items where engagement_id = ? order by phase, position limit 1",
    id,
  );
});
afterAll(async () => {
  await server?.stop();
});

const decode = (text: string) =>
  text
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

/** An element's text: its markup dropped, entities decoded, spaces collapsed. */
const textOf = (html: string) =>
  decode(html.replace(/<[^>]*>/g, ""))
    .replace(/\s+/g, " ")
    .trim();

function titleOf(html: string): string {
  const titles = [...html.matchAll(/<title>([\s\S]*?)<\/title>/g)];
  expect(titles, "one <title>").toHaveLength(1);
  return decode(titles[0][1]);
}

async function page(client: Client, pathname: string, status = 200): Promise<string> {
  const res = await client.get(pathname);
  const html = await res.text();
  expect(res.status, pathname).toBe(status);
  return html;
}

describe("page titles", () => {
  it("every page inside an engagement says where it is, most specific first", async () => {
    const base = `/engagements/${id}`;
    const expected: Array<[string, string]> = [
      ["", "Overview · CartPilot — Finishline"],
      ["/assess", "About your product · Assessment · CartPilot — Finishline"],
      ["/assess/essentials", "The essentials · Assessment · CartPilot — Finishline"],
      ["/assess/payments", "Payments · Assessment · CartPilot — Finishline"],
      ["/assess/review", "Review the answers · Assessment · CartPilot — Finishline"],
      // Read by the partner: the code is the app's, not theirs (a founder reads "your code").
      ["/assess/code", "Evidence from the app's code · Assessment · CartPilot — Finishline"],
      ["/results", "Results · CartPilot — Finishline"],
      ["/plan", "Plan · CartPilot — Finishline"],
      [`/plan/${item.id}`, `${item.title} · Plan · CartPilot — Finishline`],
      ["/plan/estimates", "Edit estimates · Plan · CartPilot — Finishline"],
      ["/plan/new", "Add a custom item · Plan · CartPilot — Finishline"],
      ["/proposals", "Proposals · CartPilot — Finishline"],
      ["/proposals/1", "Proposal version 1 · CartPilot — Finishline"],
      ["/members", "Members · CartPilot — Finishline"],
      ["/settings", "Settings · CartPilot — Finishline"],
    ];
    const titles: string[] = [];
    // The partner can open every one of them (the plan's editing pages are theirs).
    for (const [pathname, title] of expected) {
      const got = titleOf(await page(partner, base + pathname));
      // Soft: a wrong title does not stop the others (nor the check that they differ) from being seen.
      expect.soft(got, pathname || "overview").toBe(title);
      titles.push(got);
    }
    // The founder's danger zone is a page of its own too.
    titles.push(titleOf(await page(founder, `${base}/settings/delete`)));
    expect.soft(titles.at(-1)).toBe("Delete this project · CartPilot — Finishline");
    expect(new Set(titles).size, titles.join("\n")).toBe(titles.length);
  });

  it("a page that is not there says so in its title", async () => {
    // An unknown address: the root's error page, not the home page's pitch.
    expect.soft(titleOf(await page(founder, "/no-such-page", 404))).toBe("Not found — Finishline");
    // Not a member (or no such engagement): the same.
    expect
      .soft(titleOf(await page(founder, "/engagements/no-such-engagement", 404)))
      .toBe("Not found — Finishline");
    // Inside the engagement the tabs stay, and the title says which tab had nothing there.
    expect
      .soft(titleOf(await page(founder, `/engagements/${id}/plan/no-such-item`, 404)))
      .toBe("Not found · Plan · CartPilot — Finishline");
    expect
      .soft(titleOf(await page(founder, `/engagements/${id}/proposals/99`, 404)))
      .toBe("Not found · Proposal · CartPilot — Finishline");
  });
});

describe("page structure in the server's HTML", () => {
  it("the plan's headings go down one level at a time: items are h3 under their phase's h2", async () => {
    const html = await page(partner, `/engagements/${id}/plan`);
    const headings = [...html.matchAll(/<h([1-6])\b([^>]*)>([\s\S]*?)<\/h\1>/g)].map((m) => ({
      level: Number(m[1]),
      item: /\bid="item-/.test(m[2]),
      text: textOf(m[3]),
    }));
    expect(headings.filter((h) => h.item).length, "the plan's items have headings").toBeGreaterThan(0);
    expect.soft(headings.filter((h) => h.item && h.level !== 3).length, "item headings not h3").toBe(0);
    let previous = 0;
    for (const h of headings) {
      expect
        .soft(h.level, `"${h.text}" (h${h.level}) after an h${previous}`)
        .toBeLessThanOrEqual(previous + 1);
      previous = h.level;
    }
  });

  it("the members page's landmarks all have different names", async () => {
    // An open invitation, so the pending invitations' table shows too.
    expect(
      (await founder.post(`/engagements/${id}/members`, { intent: "invite", role: "viewer" })).status,
    ).toBe(200);
    const html = await page(founder, `/engagements/${id}/members`);
    const textById = (target: string) => {
      const el = new RegExp(`<(\\w+)\\b[^>]*\\bid="${target}"[^>]*>([\\s\\S]*?)</\\1>`).exec(html);
      expect(el, `#${target}`).not.toBeNull();
      return textOf(el![2]);
    };
    const names = [...html.matchAll(/<(\w+)\b([^>]*)>/g)]
      .filter(
        ([, tag, attrs]) =>
          ["section", "nav", "aside", "form", "main"].includes(tag) ||
          /\brole="(region|navigation|complementary|form|search)"/.test(attrs),
      )
      .map(([, , attrs]) => {
        const label = /\baria-label="([^"]*)"/.exec(attrs)?.[1];
        const labelledBy = /\baria-labelledby="([^"]*)"/.exec(attrs)?.[1];
        return label !== undefined
          ? decode(label)
          : labelledBy
            ? labelledBy.split(" ").map(textById).join(" ")
            : null;
      })
      .filter((name): name is string => name !== null);
    expect(names).toEqual(expect.arrayContaining(["People with access", "Pending invitations"]));
    const repeated = names.filter((name, i) => names.indexOf(name) !== i);
    expect(repeated, names.join("\n")).toEqual([]);
  });

  it("the plan item's “Find an item” box, which filters in the browser, is not in the server's HTML", async () => {
    const html = await page(partner, `/engagements/${id}/plan/${item.id}`);
    // The dependency picker is there, every item a checkbox; its search box is not.
    expect(html.includes("Starts after"), "the picker").toBe(true);
    expect(html.includes('name="dependsOn"'), "the picker's checkboxes").toBe(true);
    expect.soft(html.includes('id="dep-search"'), "the search box").toBe(false);
    expect.soft(html.includes("Find an item"), "its label").toBe(false);
  });
});
