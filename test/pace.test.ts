// The admission queue in front of the app (server/pace.ts): at most a few requests per turn of the
// event loop, in arrival order, none lost, and none run for a client that already hung up.
import type { NextFunction, Request, Response } from "express";
import { describe, expect, it } from "vitest";

import { ADMITTED_PER_TURN, paceRequests } from "../server/pace";

const request = (destroyed = false) => ({ socket: { destroyed } }) as unknown as Request;
const response = {} as Response;

/**
 * Counts turns of the event loop: a setImmediate that re-schedules itself runs once per check phase,
 * as the queue's own admission does, so requests admitted in the same turn see the same count.
 */
function turnCounter() {
  const state = { turn: 0, running: true };
  const tick = () => {
    if (!state.running) return;
    state.turn++;
    setImmediate(tick);
  };
  setImmediate(tick);
  return state;
}

describe("pacing requests into the app", () => {
  it("admits at most ADMITTED_PER_TURN per turn, in arrival order, until all are in", async () => {
    const pace = paceRequests();
    const turns = turnCounter();
    const admitted: Array<{ id: number; turn: number }> = [];
    await new Promise<void>((done) => {
      for (let id = 0; id < 10; id++) {
        pace(request(), response, (() => {
          admitted.push({ id, turn: turns.turn });
          if (admitted.length === 10) done();
        }) as NextFunction);
      }
    });
    turns.running = false;
    expect(admitted.map((a) => a.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const perTurn = new Map<number, number>();
    for (const a of admitted) perTurn.set(a.turn, (perTurn.get(a.turn) ?? 0) + 1);
    expect(ADMITTED_PER_TURN).toBe(4);
    expect([...perTurn.values()]).toEqual([4, 4, 2]);
    expect(new Set(perTurn.keys()).size).toBe(3);
  });

  it("lets a lone request in on the next turn, and again after the queue ran empty", async () => {
    const pace = paceRequests();
    for (let round = 0; round < 2; round++) {
      const order: string[] = [];
      await new Promise<void>((done) => {
        pace(request(), response, (() => {
          order.push("admitted");
          done();
        }) as NextFunction);
        order.push("queued");
      });
      expect(order).toEqual(["queued", "admitted"]);
    }
  });

  it("drops requests whose client hung up while waiting, without counting them", async () => {
    const pace = paceRequests(2);
    const turns = turnCounter();
    const admitted: Array<{ id: number; turn: number }> = [];
    await new Promise<void>((done) => {
      [false, true, true, false, false].forEach((gone, id) =>
        pace(request(gone), response, (() => {
          admitted.push({ id, turn: turns.turn });
          if (id === 4) done();
        }) as NextFunction),
      );
    });
    turns.running = false;
    expect(admitted.map((a) => a.id)).toEqual([0, 3, 4]);
    // Two live requests fit in the first turn although two gone ones were between them.
    expect(admitted[0]!.turn).toBe(admitted[1]!.turn);
    expect(admitted[2]!.turn).toBe(admitted[0]!.turn + 1);
  });
});
