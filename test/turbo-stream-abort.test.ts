// Remix's single fetch reads a loader response with turbo-stream's `decode` and ignores its `done`
// promise. When a navigation aborts a response after its first line (a form sent while the last
// one's data was still arriving), `done` rejected with nobody listening: an unhandled rejection,
// "AbortError: signal is aborted without reason" in the console, seen in CI on the evidence page.
// patches/turbo-stream+2.4.1.patch marks those promises handled; a caller that awaits `done` still
// sees the error. Both builds the app loads are checked: the ES module (browser bundle) and CommonJS.
import { createRequire } from "node:module";

import * as esm from "turbo-stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const cjs = createRequire(import.meta.url)("turbo-stream") as typeof esm;

/** A response body that sends the first line of `value`'s encoding, then is aborted. */
async function cutShort(value: unknown): Promise<ReadableStream<Uint8Array>> {
  const reader = esm.encode(value).getReader();
  const first = await reader.read();
  const line = typeof first.value === "string" ? first.value : new TextDecoder().decode(first.value);
  return new ReadableStream<Uint8Array>({
    start(controller) {
      // The first line, whole, and then the abort before the stream's end.
      controller.enqueue(new TextEncoder().encode(line.endsWith("\n") ? line : `${line}\n`));
      setTimeout(
        () => controller.error(new DOMException("signal is aborted without reason", "AbortError")),
        5,
      );
    },
  });
}

let unhandled: unknown[] = [];
const record = (reason: unknown) => unhandled.push(reason);
beforeEach(() => {
  unhandled = [];
  process.on("unhandledRejection", record);
});
afterEach(() => {
  process.off("unhandledRejection", record);
});

describe.each([
  ["the ES module", esm],
  ["CommonJS", cjs],
])("decode, %s, with the stream aborted after its first line", (_, turbo) => {
  it("gives the value, leaves no unhandled rejection, and still rejects `done` for whoever awaits it", async () => {
    // A deferred value keeps the stream open after the first line, as a slow response does.
    const decoded = await turbo.decode(await cutShort({ ok: 1, later: new Promise(() => {}) }));
    const value = decoded.value as { ok: number; later: Promise<unknown> };
    expect(value.ok).toBe(1);
    // The deferred value is the caller's to await (Remix sends none without defer()): awaited here.
    const later = value.later.catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(unhandled).toEqual([]);
    await expect(decoded.done).rejects.toThrow("signal is aborted without reason");
    expect(await later).toBeInstanceOf(DOMException);
  });
});
