// Heavy engine work (the 10,000-draw simulation behind every assessment and plan total) runs in
// slices: it pauses between blocks of draws, and whenever a slice has used SLICE_MS of the event
// loop, other requests get their turn before it continues. A large plan then delays only its own
// page, never /healthz or a login (README "Security": no request blocks the loop for ~100 ms).
import { setImmediate as nextTurn } from "node:timers/promises";

const SLICE_MS = 10;

export async function runInSlices<T>(steps: Generator<void, T, void>, sliceMs = SLICE_MS): Promise<T> {
  let started = performance.now();
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    if (performance.now() - started >= sliceMs) {
      await nextTurn();
      started = performance.now();
    }
  }
}
