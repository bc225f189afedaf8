// Remix 2 rebuilt the request before every loader and action to strip its own `index` and `_routes`
// parameters, even when the URL has neither: two URL parses, a copy of the headers and a new Request
// per loader, whose abort listener undici only removes from a FinalizationRegistry callback. Under
// load thousands of those callbacks ran in one go after each major garbage collection and stalled
// the server for 75–170 ms. patches/@remix-run+server-runtime+2.17.5.patch passes a request without
// those parameters on as it is (decision 017). These tests prove the server loads the patched copy
// and that loaders and actions still see what stock Remix gave them.
import fs from "node:fs";
import { createRequire } from "node:module";

import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
// Node (and so the server and these tests) load the package's CommonJS build.
type CallRoute<Key extends "loader" | "action"> = (
  args: Record<Key, (args: { request: Request }) => unknown> & {
    request: Request;
    params: object;
    loadContext: object;
    routeId: string;
    singleFetch: boolean;
  },
) => Promise<unknown>;
const { callRouteLoader, callRouteAction } = require("@remix-run/server-runtime/dist/data.js") as {
  callRouteLoader: CallRoute<"loader">;
  callRouteAction: CallRoute<"action">;
};

/** The request a loader is handed for `request`, through Remix's own callRouteLoader. */
async function seenByLoader(request: Request, singleFetch = true): Promise<Request> {
  let seen: Request | undefined;
  await callRouteLoader({
    loader: ({ request }) => ((seen = request), null),
    request,
    params: {},
    loadContext: {},
    routeId: "routes/x",
    singleFetch,
  });
  return seen!;
}

describe("the request a loader is handed", () => {
  it("the server's copy of @remix-run/server-runtime carries the patch (npm install applies it)", () => {
    const file = require.resolve("@remix-run/server-runtime/dist/data.js");
    expect(fs.readFileSync(file, "utf8")).toContain(
      'if (!hasSearchParam(request.url, "_routes")) return request;',
    );
  });

  it("is the request itself when there is nothing of Remix's to strip", async () => {
    const controller = new AbortController();
    const request = new Request("http://localhost/engagements/e1/results?review=a%20b", {
      headers: { cookie: "finishline_session=s" },
      signal: controller.signal,
    });
    const seen = await seenByLoader(request);
    expect(seen).toBe(request);
    // The URL exactly as sent (a rebuilt one came back re-encoded: `a+b`).
    expect(seen.url).toBe("http://localhost/engagements/e1/results?review=a%20b");
    expect(seen.headers.get("cookie")).toBe("finishline_session=s");
    controller.abort();
    expect(seen.signal.aborted).toBe(true);
    expect(await seenByLoader(new Request("http://localhost/plan"), false)).toBeInstanceOf(Request);
  });

  it("still loses Remix's own parameters, and keeps the rest and the abort signal", async () => {
    const controller = new AbortController();
    const request = new Request("http://localhost/engagements/e1/assess?index&_routes=root&q=1", {
      signal: controller.signal,
    });
    const seen = await seenByLoader(request);
    expect(seen).not.toBe(request);
    expect(new URL(seen.url).search).toBe("?q=1");
    controller.abort();
    expect(seen.signal.aborted).toBe(true);

    // Without single fetch, `_data` goes instead of `_routes`; a valued `index` stays.
    const old = await seenByLoader(new Request("http://localhost/a?index=2&_data=routes%2Fa&q=1"), false);
    expect(new URL(old.url).searchParams.getAll("index")).toEqual(["2"]);
    expect(new URL(old.url).searchParams.has("_data")).toBe(false);
  });

  it("an action reads the body it was sent, stripped or not", async () => {
    const read = async (url: string) => {
      let body = "";
      await callRouteAction({
        action: async ({ request }) => ((body = await request.text()), null),
        request: new Request(url, { method: "POST", body: "intent=autosave&q=x" }),
        params: {},
        loadContext: {},
        routeId: "routes/x",
        singleFetch: true,
      });
      return body;
    };
    expect(await read("http://localhost/engagements/e1/assess/auth")).toBe("intent=autosave&q=x");
    expect(await read("http://localhost/engagements/e1/assess?index")).toBe("intent=autosave&q=x");
  });
});
