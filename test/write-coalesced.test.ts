// Responses are written in large pieces, not React's 2 KB chunks, yet deferred parts still go out
// as soon as the rest is waiting (server/remix-handler.ts).
import { describe, expect, it } from "vitest";

import { writeCoalesced } from "../server/remix-handler";

function fakeResponse() {
  const events: Array<{ kind: "write" | "flush" | "end"; bytes?: number; at: number }> = [];
  const headers = new Map<string, number>();
  const started = Date.now();
  const res = {
    setHeader: (name: string, value: number) => headers.set(name, value),
    write: (chunk: Uint8Array) =>
      events.push({ kind: "write", bytes: chunk.byteLength, at: Date.now() - started }),
    flush: () => events.push({ kind: "flush", at: Date.now() - started }),
    end: (chunk?: Uint8Array) =>
      events.push({ kind: "end", bytes: chunk?.byteLength, at: Date.now() - started }),
    destroy: () => undefined,
  };
  return { res, events, headers };
}

describe("writeCoalesced", () => {
  it("joins chunks that are ready, and sends and flushes what it has before waiting for a late one", async () => {
    const chunk = new Uint8Array(2048).fill(97);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 150; i++) controller.enqueue(chunk); // 300 KB rendered at once
        setTimeout(() => {
          controller.enqueue(new Uint8Array(100)); // deferred data, later
          controller.close();
        }, 60);
      },
    });
    const { res, events, headers } = fakeResponse();
    await writeCoalesced(body, res as never);
    expect(events.map((e) => e.kind)).toEqual(["write", "write", "flush", "write", "end"]);
    // Streamed: the length is not known up front.
    expect(headers.has("Content-Length")).toBe(false);
    const writes = events.filter((e) => e.kind === "write").map((e) => e.bytes);
    expect(writes).toEqual([256 * 1024, 44 * 1024, 100]);
    // The first 300 KB went out (and was flushed) before the late chunk existed.
    expect(events[2]!.at).toBeLessThan(50);
    expect(events[3]!.at).toBeGreaterThanOrEqual(50);
  });

  it("sends a body that is ready at once in one piece, with its length", async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 5; i++) controller.enqueue(new Uint8Array(10));
        controller.close();
      },
    });
    const { res, events, headers } = fakeResponse();
    await writeCoalesced(body, res as never);
    expect(events.map((e) => [e.kind, e.bytes])).toEqual([["end", 50]]);
    expect(headers.get("Content-Length")).toBe(50);
  });
});
