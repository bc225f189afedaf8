import { describe, expect, it } from "vitest";

import { newId } from "./ids.server";

describe("newId", () => {
  it("gives distinct 72-bit URL-safe ids across refills of its random pool", () => {
    const ids = Array.from({ length: 2_000 }, () => newId());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{12}$/);
    // Every position takes many values: the bytes are random, not a counter or a repeated slice.
    for (let i = 0; i < 12; i++) expect(new Set(ids.map((id) => id[i])).size).toBeGreaterThan(40);
  });
});
