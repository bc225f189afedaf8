// The entry's abort timer (app/entry.server.tsx) is cleared once the document is complete. Left to
// run, it kept React's finished render alive for six seconds after every page, and with it the
// entry's callbacks and so Remix's whole EntryContext (loader data, route modules' output, the data
// stream): under load hundreds of finished pages at once, promoted to the old generation, every
// scavenge copying megabytes (decision 017, "Finished pages let go"). The production build's own
// handler serves a real document here; the timers are watched, not faked.
import path from "node:path";

import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => {
  vi.restoreAllMocks();
});

async function serveDocument(url: string) {
  const build = (await import(path.resolve("build/index.js"))) as ServerBuild & {
    entry: { module: { streamTimeout: number } };
  };
  const handle = createRequestHandler(build, "production");
  const created = new Map<unknown, number>();
  const cleared = new Set<unknown>();
  const realSet = globalThis.setTimeout;
  const realClear = globalThis.clearTimeout;
  vi.spyOn(globalThis, "setTimeout").mockImplementation(((
    fn: () => void,
    ms?: number,
    ...args: unknown[]
  ) => {
    const id = realSet(fn, ms, ...args);
    created.set(id, ms ?? 0);
    return id;
  }) as typeof setTimeout);
  vi.spyOn(globalThis, "clearTimeout").mockImplementation(((id: Parameters<typeof clearTimeout>[0]) => {
    cleared.add(id);
    realClear(id);
  }) as typeof clearTimeout);
  const response = await handle(new Request(`http://localhost${url}`), {
    cspNonce: "n",
    clientIp: "127.0.0.1",
  });
  const html = await response.text();
  vi.restoreAllMocks();
  const abortDelay = build.entry.module.streamTimeout + 1000;
  const renderTimers = [...created].filter(([, ms]) => ms === abortDelay).map(([id]) => id);
  return { response, html, renderTimers, cleared };
}

describe("a served document", () => {
  it("leaves no render abort timer pending once it is complete", async () => {
    const { response, html, renderTimers, cleared } = await serveDocument("/login");
    expect(response.status).toBe(200);
    expect(html).toContain("</html>");
    // The entry armed its timer (so the test watches the right one) and cleared it.
    expect(renderTimers).toHaveLength(1);
    expect(cleared.has(renderTimers[0])).toBe(true);
  });
});
