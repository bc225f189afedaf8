// Seeded randomness for the Monte Carlo. Math.random cannot be seeded, and the same inputs must
// give the same estimate (byte for byte), so the engine carries its own tiny generator.
//
// mulberry32 (Tommy Ettinger): a 32-bit Weyl sequence passed through a mixing function. Its n-th
// output depends only on (seed, n), which the simulation uses for common random numbers: every
// task draws from its own stream, seeded from its id, so adding or removing one task leaves the
// draws of all the others unchanged. Comparisons between two runs (one answer changed, one task
// removed) then show the effect of the change, not sampling noise.

export const DEFAULT_SEED = 0x2f6b_5eed; // arbitrary, fixed forever: changing it changes every estimate

export const WEYL_STEP = 0x6d2b79f5;
const TWO_POW_32 = 4294967296;

/** mulberry32's output function for one Weyl state; returns an unsigned 32-bit integer. */
export function mix32(state: number): number {
  let t = state | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}

/** Uniform in the open interval (0, 1) from a 32-bit integer (never exactly 0 or 1). */
export function toUnit(bits: number): number {
  return (bits + 0.5) / TWO_POW_32;
}

/** Classic stateful mulberry32: uniform numbers in (0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + WEYL_STEP) | 0;
    return toUnit(mix32(state));
  };
}

/** FNV-1a over UTF-16 code units, then mixed: a well spread 32-bit hash of a string. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/** Seed of the stream named `name` under a run seed. */
export function streamSeed(seed: number, name: string): number {
  return mix32((seed ^ hashString(name)) + WEYL_STEP) | 0;
}

// Inverse of the standard normal CDF (Peter Acklam's rational approximation, relative error
// below 1.2e-9). One uniform in, one normal out: unlike Box-Muller it needs no pairing, so each
// task's stream maps draw n to exactly one normal, and the central 95% costs no log or sqrt.
const A0 = -3.969683028665376e1;
const A1 = 2.209460984245205e2;
const A2 = -2.759285104469687e2;
const A3 = 1.38357751867269e2;
const A4 = -3.066479806614716e1;
const A5 = 2.506628277459239;
const B0 = -5.447609879822406e1;
const B1 = 1.615858368580409e2;
const B2 = -1.556989798598866e2;
const B3 = 6.680131188771972e1;
const B4 = -1.328068155288572e1;
const C0 = -7.784894002430293e-3;
const C1 = -3.223964580411365e-1;
const C2 = -2.400758277161838;
const C3 = -2.549732539343734;
const C4 = 4.374664141464968;
const C5 = 2.938163982698783;
const D0 = 7.784695709041462e-3;
const D1 = 3.224671290700398e-1;
const D2 = 2.445134137142996;
const D3 = 3.754408661907416;
const P_LOW = 0.02425;
const P_HIGH = 1 - P_LOW;

/** z such that P(Z <= z) = p for a standard normal Z; p must be in (0, 1). */
export function normalQuantile(p: number): number {
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((C0 * q + C1) * q + C2) * q + C3) * q + C4) * q + C5) /
      ((((D0 * q + D1) * q + D2) * q + D3) * q + 1)
    );
  }
  if (p <= P_HIGH) {
    const q = p - 0.5;
    const r = q * q;
    return (
      ((((((A0 * r + A1) * r + A2) * r + A3) * r + A4) * r + A5) * q) /
      (((((B0 * r + B1) * r + B2) * r + B3) * r + B4) * r + 1)
    );
  }
  const q = Math.sqrt(-2 * Math.log(1 - p));
  return -(
    (((((C0 * q + C1) * q + C2) * q + C3) * q + C4) * q + C5) /
    ((((D0 * q + D1) * q + D2) * q + D3) * q + 1)
  );
}

/** z of the 10th / 90th percentile of a standard normal. */
export const Z90 = 1.2815515655446004;
