// Fast numerics for the simulation's hot loop, which runs (tasks x 10,000) times per estimate.
// Math.exp on varied arguments costs ~10 ns in V8 and the exact normal quantile ~15 ns; at a few
// hundred thousand to two million calls per estimate they alone would eat the ~50 ms budget. The
// versions here are accurate far beyond the sampling noise of 10,000 draws (errors stated below).

import { normalQuantile, toUnit } from "./rng";

// Normal draws: the quantile function tabulated at 4096 even steps of p and interpolated linearly,
// indexed by the top 12 bits of a 32-bit draw (the other 20 give the position inside the step).
// The 8 outer steps on each side (|z| > 2.87, 0.4% of draws), where the curve bends too fast for a
// straight line, use the exact formula. Error in z stays below 5e-4 (measured over the whole
// 32-bit range), far below sampling noise; about three times faster than normalQuantile.
const TABLE_BITS = 12;
const TABLE_SIZE = 1 << TABLE_BITS;
const FRACTION_SCALE = 1 / (1 << (32 - TABLE_BITS));
const FRACTION_MASK = (1 << (32 - TABLE_BITS)) - 1;
const EXACT_STEPS = 8;
const Z_TABLE = new Float64Array(TABLE_SIZE + 1);
const Z_SLOPE = new Float64Array(TABLE_SIZE);
for (let j = 1; j < TABLE_SIZE; j++) Z_TABLE[j] = normalQuantile(j / TABLE_SIZE);
for (let j = 1; j < TABLE_SIZE - 1; j++) Z_SLOPE[j] = Z_TABLE[j + 1]! - Z_TABLE[j]!;

/** Standard normal draw from 32 random bits (see above); same as normalQuantile(toUnit(bits)) to 5e-4. */
export function normalFromBits(bits: number): number {
  const j = bits >>> (32 - TABLE_BITS);
  if (j < EXACT_STEPS || j >= TABLE_SIZE - EXACT_STEPS) return normalQuantile(toUnit(bits));
  return Z_TABLE[j]! + Z_SLOPE[j]! * ((bits & FRACTION_MASK) * FRACTION_SCALE);
}

// exp(x) = 2^i * 2^(j/64) * e^r with i whole, j in 0..63 and r in [0, ln2/64): two table lookups
// and a 4th-order polynomial. Relative error below 1.3e-12 (measured on -30..30); about three
// times faster than Math.exp. Arguments far outside any duration's range fall back to Math.exp.
const EXP_STEPS = 64;
const EXP_OFFSET = 1000;
// One entry past the end: t - floor(t) rounds up to exactly 1 for tiny negative t (e.g. -1e-300).
const EXP2_FRACTION = new Float64Array(EXP_STEPS + 1).map((_, j) => Math.pow(2, j / EXP_STEPS));
const EXP2_WHOLE = new Float64Array(2 * EXP_OFFSET + 1).map((_, k) => Math.pow(2, k - EXP_OFFSET));

export function fastExp(x: number): number {
  const t = x * Math.LOG2E;
  const i = Math.floor(t);
  if (!(i > -EXP_OFFSET && i < EXP_OFFSET)) return Math.exp(x); // also -Infinity and NaN
  const f = t - i;
  const j = (f * EXP_STEPS) | 0;
  const r = (f - j / EXP_STEPS) * Math.LN2;
  return EXP2_WHOLE[i + EXP_OFFSET]! * EXP2_FRACTION[j]! * (1 + r * (1 + r * (0.5 + r * (1 / 6 + r / 24))));
}
