import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";

import { oncePerRequest } from "../app/utils/request-memo.server";

const context = (): AppLoadContext => ({ cspNonce: "n", clientIp: "127.0.0.1" });
const get = (url = "http://x/a") => new Request(url);
const post = () => new Request("http://x/a", { method: "POST", body: "" });

describe("oncePerRequest", () => {
  it("computes once for all loaders of one request, though each gets its own Request object", () => {
    const ctx = context();
    let calls = 0;
    const compute = () => ++calls;
    expect(oncePerRequest({ request: get(), context: ctx }, "session", compute)).toBe(1);
    expect(oncePerRequest({ request: get("http://x/a?index"), context: ctx }, "session", compute)).toBe(1);
    expect(calls).toBe(1);
    expect(oncePerRequest({ request: get(), context: ctx }, "member e1", compute)).toBe(2);
  });

  it("never shares between requests", () => {
    let calls = 0;
    const compute = () => ++calls;
    oncePerRequest({ request: get(), context: context() }, "session", compute);
    oncePerRequest({ request: get(), context: context() }, "session", compute);
    expect(calls).toBe(2);
  });

  it("keeps an action's answer from the loaders that run after it", () => {
    const ctx = context();
    let calls = 0;
    const compute = () => ++calls;
    expect(oncePerRequest({ request: post(), context: ctx }, "session", compute)).toBe(1);
    expect(oncePerRequest({ request: get(), context: ctx }, "session", compute)).toBe(2);
  });

  it("shares a pending promise, so concurrent loaders wait for one lookup", async () => {
    const ctx = context();
    let calls = 0;
    const compute = () => new Promise<number>((resolve) => setTimeout(() => resolve(++calls), 5));
    const [a, b] = await Promise.all([
      oncePerRequest({ request: get(), context: ctx }, "session", compute),
      oncePerRequest({ request: get(), context: ctx }, "session", compute),
    ]);
    expect([a, b, calls]).toEqual([1, 1, 1]);
  });
});
