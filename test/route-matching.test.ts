// The server matches every request's URL three times (Remix's handler, its data query, and the
// render). patches/@remix-run+router+1.23.3.patch caches the ranked route branches and the compiled
// path patterns that the stock router rebuilds on every match (decision 017). These tests prove the
// patched router is the one the server loads and that caching changed no match.
import fs from "node:fs";
import { createRequire } from "node:module";

import { matchPath, matchRoutes, type AgnosticRouteObject } from "@remix-run/router";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);

describe("route matching with the cached router", () => {
  it("the server's copy of @remix-run/router carries the patch (npm install applies it)", () => {
    // Node (and so the server and these tests) load the package's CommonJS build.
    const file = require.resolve("@remix-run/router");
    expect(file).toMatch(/router\.cjs\.js$/);
    const source = fs.readFileSync(file, "utf8");
    expect(source).toContain("flattenedBranches.get(routes)");
    expect(source).toContain("compiledPaths.get(key)");
  });

  it("one pattern compiled with different options keeps each option's meaning", () => {
    // Same path, different `end` and `caseSensitive`: one cache entry each, or these would mix up.
    expect(matchPath({ path: "/plan/:id", end: false }, "/plan/7/comments")?.params).toEqual({ id: "7" });
    expect(matchPath({ path: "/plan/:id", end: true }, "/plan/7/comments")).toBeNull();
    expect(matchPath({ path: "/plan/:id", end: false }, "/plan/8/comments")?.params).toEqual({ id: "8" });
    expect(matchPath({ path: "/Plan/:id", caseSensitive: false }, "/plan/9")?.params).toEqual({ id: "9" });
    expect(matchPath({ path: "/Plan/:id", caseSensitive: true }, "/plan/9")).toBeNull();
    expect(matchPath({ path: "/Plan/:id", caseSensitive: true }, "/Plan/9")?.params).toEqual({ id: "9" });
  });

  it("the same routes matched again give the same, correctly ranked answers", () => {
    const routes: AgnosticRouteObject[] = [
      {
        id: "root",
        path: "/",
        children: [
          { id: "engagement", path: "engagements/:id", children: [{ id: "new", path: "plan/new" }] },
          { id: "item", path: "engagements/:id/plan/:itemId" },
          { id: "splat", path: "*" },
        ],
      },
    ];
    const ids = (url: string) => matchRoutes(routes, url)?.map((m) => m.route.id);
    for (let round = 0; round < 3; round++) {
      // A static segment outranks a dynamic one however often the ranking is reused.
      expect(ids("/engagements/e1/plan/new")).toEqual(["root", "engagement", "new"]);
      expect(ids("/engagements/e1/plan/i9")).toEqual(["root", "item"]);
      expect(matchRoutes(routes, "/engagements/e2/plan/i3")?.at(-1)?.params).toEqual({
        id: "e2",
        itemId: "i3",
      });
      expect(ids("/nowhere")).toEqual(["root", "splat"]);
    }
    // A different routes array is ranked on its own, not answered from the first one's cache.
    const other: AgnosticRouteObject[] = [{ id: "only", path: "/engagements/:id/plan/new" }];
    expect(matchRoutes(other, "/engagements/e1/plan/new")?.map((m) => m.route.id)).toEqual(["only"]);
    expect(matchRoutes(other, "/nowhere")).toBeNull();
  });
});
