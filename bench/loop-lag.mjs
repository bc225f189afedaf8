// Loaded into the server by `npm run bench:abuse` (node --import): records every time the server's
// main thread was late by more than 20 ms for a 5 ms timer, with the wall-clock time, to the file in
// LOOP_LAG_FILE. That lateness is what any request arriving then waited before the server could
// even read it: the event loop was blocked (or, on a busy machine, the thread was not scheduled).
import fs from "node:fs";

const file = process.env.LOOP_LAG_FILE;
if (file) {
  const TICK = 5;
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    const late = now - last - TICK;
    last = now;
    if (late > 20) fs.appendFileSync(file, `${Date.now()} ${late.toFixed(1)}\n`);
  }, TICK).unref();
}
