import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fastExp, normalFromBits } from "./fast-math";
import { hashString, mix32, mulberry32, normalQuantile, streamSeed, toUnit } from "./rng";

describe("mulberry32", () => {
  it("repeats for a seed and stays inside (0, 1)", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(xs.every((x) => x > 0 && x < 1)).toBe(true);
    expect(mulberry32(43)()).not.toBe(xs[0]);
  });

  it("is roughly uniform", () => {
    const next = mulberry32(1);
    const bins = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) bins[Math.floor(next() * 10)]! += 1;
    for (const count of bins) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it("derives distinct, stable stream seeds from names", () => {
    expect(hashString("auth-rls")).toBe(hashString("auth-rls"));
    expect(streamSeed(1, "a")).not.toBe(streamSeed(1, "b"));
    expect(streamSeed(1, "a")).not.toBe(streamSeed(2, "a"));
  });
});

describe("normal draws", () => {
  it("inverts the normal CDF", () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.9)).toBeCloseTo(1.2815515655, 8);
    expect(normalQuantile(0.025)).toBeCloseTo(-1.959963985, 8);
    expect(normalQuantile(1e-6)).toBeCloseTo(-4.753424309, 6);
  });

  it("the tabulated fast path agrees with the exact quantile", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (bits) => {
        expect(Math.abs(normalFromBits(bits) - normalQuantile(toUnit(bits)))).toBeLessThan(6e-4);
      }),
      { numRuns: 5000 },
    );
  });

  it("gives standard normal moments", () => {
    let sum = 0;
    let sq = 0;
    const n = 200_000;
    for (let i = 1; i <= n; i++) {
      const z = normalFromBits(mix32(Math.imul(i, 0x6d2b79f5)));
      sum += z;
      sq += z * z;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.01);
    expect(Math.abs(sq / n - 1)).toBeLessThan(0.01);
  });
});

describe("fastExp", () => {
  it("matches Math.exp to 1e-11 relative", () => {
    fc.assert(
      fc.property(fc.double({ min: -50, max: 50, noNaN: true }), (x) => {
        expect(Math.abs(fastExp(x) / Math.exp(x) - 1)).toBeLessThan(1e-11);
      }),
      { numRuns: 5000 },
    );
  });

  it("handles the edges", () => {
    expect(fastExp(0)).toBe(1);
    expect(fastExp(-Infinity)).toBe(0);
    expect(fastExp(-1e-300)).toBeCloseTo(1, 15);
    expect(fastExp(5e-324)).toBeCloseTo(1, 15);
    expect(fastExp(800)).toBe(Math.exp(800));
  });
});
