// Every page of the app that `npm run bench` and `npm run bench:render` measure, as the founder and
// as the partner sees it, with the issue 14 budgets they are printed against.

export type Who = "founder" | "partner";

export type Page = {
  name: string;
  who: Who;
  /** the path for one engagement (bench/seed-large.ts data: first plan item, proposal 1) */
  path: (engagement: { id: string; firstItemId: string }) => string;
};

const e = (suffix: string) => (x: { id: string }) => `/engagements/${x.id}${suffix}`;

export const PAGES: Page[] = [
  { name: "engagements list", who: "founder", path: () => "/engagements" },
  { name: "overview", who: "founder", path: e("") },
  { name: "questionnaire: intake", who: "founder", path: e("/assess") },
  { name: "questionnaire: area", who: "founder", path: e("/assess/auth") },
  { name: "review answers", who: "founder", path: e("/assess/review") },
  { name: "evidence from code", who: "founder", path: e("/assess/code") },
  { name: "results", who: "founder", path: e("/results") },
  { name: "plan", who: "founder", path: e("/plan") },
  { name: "plan item", who: "founder", path: (x) => `/engagements/${x.id}/plan/${x.firstItemId}` },
  { name: "proposals", who: "founder", path: e("/proposals") },
  { name: "proposal", who: "founder", path: e("/proposals/1") },
  { name: "members", who: "founder", path: e("/members") },
  { name: "settings", who: "founder", path: e("/settings") },
  { name: "account", who: "founder", path: () => "/account" },
  { name: "overview", who: "partner", path: e("") },
  { name: "questionnaire: area", who: "partner", path: e("/assess/auth") },
  { name: "review answers", who: "partner", path: e("/assess/review") },
  { name: "results", who: "partner", path: e("/results") },
  { name: "plan", who: "partner", path: e("/plan") },
  { name: "plan item", who: "partner", path: (x) => `/engagements/${x.id}/plan/${x.firstItemId}` },
  { name: "plan estimates", who: "partner", path: e("/plan/estimates") },
  { name: "plan: new item", who: "partner", path: e("/plan/new") },
  { name: "proposals", who: "partner", path: e("/proposals") },
  { name: "proposal", who: "partner", path: e("/proposals/1") },
];

export const label = (p: Page) => `${p.who === "partner" ? "partner: " : ""}${p.name}`;

/**
 * The request a browser with JavaScript makes when it follows a link inside the app to `to`: not the
 * page's HTML but its data, `<path>.data`, one request for the loaders of every route the page
 * matches (Remix's single fetch revalidates by default, and root's and the layouts' shouldRevalidate
 * keep that default for navigations), then rendered in the browser. That is what a click costs the
 * server, and what a founder waits for on every page after the first. `test/e2e/navigation.e2e.ts`
 * checks this against the requests Chromium makes.
 */
export function navigationPath(to: string): string {
  const url = new URL(to, "http://x");
  url.pathname = `${url.pathname.replace(/\/$/, "")}.data`;
  return url.pathname + url.search;
}

/** Issue 14's budgets. */
export const BUDGET = {
  /** server CPU per page, ms (bench:render) */
  cpuMs: { founder: 8, partner: 15 } as Record<Who, number>,
  /** p99 latency at 10 and 50 connections, ms, with zero errors (bench) */
  p99Ms: { 10: 100, 50: 300 } as Record<number, number>,
  autosaveP99Ms: 250,
  partnerPlanHtmlKb: 60,
  questionnaireJsGzipKb: 120,
};

/** The first plan item (by position) of each engagement, for the plan item page. */
export function firstItems(
  sqlite: { prepare: (sql: string) => { all: () => unknown[] } },
  ids: readonly string[],
): Array<{ id: string; firstItemId: string }> {
  const rows = sqlite
    .prepare(
      "select engagement_id e, id from plan_items p where position = (select min(position) from plan_items where engagement_id = p.engagement_id)",
    )
    .all() as Array<{ e: string; id: string }>;
  const first = new Map(rows.map((r) => [r.e, r.id]));
  return ids.map((id) => ({ id, firstItemId: first.get(id)! }));
}
