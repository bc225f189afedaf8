// Admits requests into the app a few per turn of the event loop, and a few at a time
// (docs/decisions/018).
//
// Per turn: Node runs the callbacks of everything that became ready together in one phase of the
// loop, and a route's loader or action runs to its end in that callback's microtasks. When 41 PDF
// requests or 300 form posts arrive at once (or their bodies finish, or their file checks return,
// together), their handlers ran back to back: 130–200 ms in which no timer fired and no other
// connection was read. Admitted a few per turn, the rest wait in this queue while the loop goes on
// reading, writing and running timers between them.
//
// At a time: a page is a few milliseconds of CPU spread over several turns (React renders in
// setImmediate slices). With 50 pages in flight each took 50 times as long from start to end, so
// what it allocated outlived two young-generation collections, was promoted, and the old generation
// filled every 300–500 ms: collection took up to a third of the main thread and p99 went to seconds.
// Four at a time, most of a page's garbage dies young; the others wait here, before they allocate
// anything.
import type { NextFunction, Request, Response } from "express";

/**
 * Requests admitted per turn. Four keeps a turn to a few page renders (~5–30 ms); one per turn made
 * autosave bursts slower (fewer saves share each commit: 50 writers 720 → 480 saves/s).
 */
export const ADMITTED_PER_TURN = 4;

/** Requests in the app at once (decision 018: 2 and 4 measured alike, 1 and 8 worse). */
export const RUNNING_AT_ONCE = 4;

/**
 * A request in the app for longer than this gives its place back without finishing: it is waiting
 * (for a PDF or scan worker, an upload, a slow client), not using the CPU, and must not hold up
 * pages. Under load a page takes ~4 × its CPU time from admission to end, 10–40 ms.
 */
export const HOLD_MS = 50;

export function paceRequests({
  perTurn = ADMITTED_PER_TURN,
  atOnce = RUNNING_AT_ONCE,
  holdMs = HOLD_MS,
}: { perTurn?: number; atOnce?: number; holdMs?: number } = {}) {
  const waiting: Array<{ req: Request; res: Response; next: NextFunction }> = [];
  let scheduled = false;
  let running = 0;

  const schedule = () => {
    if (scheduled || waiting.length === 0 || running >= atOnce) return;
    scheduled = true;
    // From within the check phase, the next batch runs in the next turn, after timers and I/O.
    setImmediate(admit);
  };

  // Counted until the response finishes, its client hangs up, or holdMs pass, whichever is first.
  const enter = (res: Response) => {
    running++;
    let counted = true;
    const leave = () => {
      if (!counted) return;
      counted = false;
      clearTimeout(timer);
      running--;
      schedule();
    };
    const timer = setTimeout(leave, holdMs);
    timer.unref();
    res.once("finish", leave);
    res.once("close", leave);
  };

  const admit = () => {
    scheduled = false;
    let admitted = 0;
    while (admitted < perTurn && running < atOnce && waiting.length > 0) {
      const { req, res, next } = waiting.shift()!;
      // A client that hung up while waiting costs nothing more.
      if (req.socket.destroyed) continue;
      admitted++;
      enter(res);
      next();
    }
    schedule();
  };

  return (req: Request, res: Response, next: NextFunction) => {
    waiting.push({ req, res, next });
    schedule();
  };
}
