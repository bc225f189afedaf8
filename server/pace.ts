// Admits at most a few requests into the app per turn of the event loop (docs/decisions/018).
//
// Why: Node runs the callbacks of everything that became ready together in one phase of the loop,
// and a route's loader or action runs to its end in that callback's microtasks. When 41 PDF requests
// or 300 form posts arrive at once (or their bodies finish, or their file checks return, together),
// their handlers ran back to back: 130–200 ms in which no timer fired and no other connection was
// read. Admitted a few per turn, the rest wait in this queue while the loop goes on reading, writing
// and running timers between them; the work is the same, it is just not done in one block.
import type { NextFunction, Request, Response } from "express";

/**
 * Requests admitted per turn. Four keeps a turn to a few page renders (~5–30 ms); one per turn made
 * autosave bursts slower (fewer saves share each commit: 50 writers 720 → 480 saves/s).
 */
export const ADMITTED_PER_TURN = 4;

export function paceRequests(perTurn = ADMITTED_PER_TURN) {
  const waiting: Array<{ req: Request; next: NextFunction }> = [];
  let scheduled = false;
  const admit = () => {
    let admitted = 0;
    while (admitted < perTurn && waiting.length > 0) {
      const { req, next } = waiting.shift()!;
      // A client that hung up while waiting costs nothing more.
      if (req.socket.destroyed) continue;
      admitted++;
      next();
    }
    // Scheduled from within the check phase, the next batch runs in the next turn, after timers and I/O.
    if (waiting.length > 0) setImmediate(admit);
    else scheduled = false;
  };
  return (req: Request, _res: Response, next: NextFunction) => {
    waiting.push({ req, next });
    if (!scheduled) {
      scheduled = true;
      setImmediate(admit);
    }
  };
}
