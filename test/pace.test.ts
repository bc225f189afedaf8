// The admission queue in front of the app (server/pace.ts): at most a few requests per turn of the
// event loop and a few in the app at once, in arrival order, none lost, none run for a client that
// already hung up, and none kept out by a request that is only waiting.
import { EventEmitter } from "node:events";

import type { NextFunction, Request, Response } from "express";
import { describe, expect, it } from "vitest";

import { ADMITTED_PER_TURN, HOLD_MS, paceRequests, RUNNING_AT_ONCE } from "../server/pace";

const request = (destroyed = false) => ({ socket: { destroyed } }) as unknown as Request;
/** A response that says when it finished (or its client hung up), as Node's does. */
const response = () => new EventEmitter() as unknown as Response;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

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
    // Requests that finish at once, so only the per-turn limit applies.
    const pace = paceRequests({ atOnce: Infinity });
    const turns = turnCounter();
    const admitted: Array<{ id: number; turn: number }> = [];
    await new Promise<void>((done) => {
      for (let id = 0; id < 10; id++) {
        pace(request(), response(), (() => {
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
        pace(request(), response(), (() => {
          order.push("admitted");
          done();
        }) as NextFunction);
        order.push("queued");
      });
      expect(order).toEqual(["queued", "admitted"]);
    }
  });

  it("drops requests whose client hung up while waiting, without counting them", async () => {
    const pace = paceRequests({ perTurn: 2 });
    const turns = turnCounter();
    const admitted: Array<{ id: number; turn: number }> = [];
    await new Promise<void>((done) => {
      [false, true, true, false, false].forEach((gone, id) =>
        pace(request(gone), response(), (() => {
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

  it("lets in no more than RUNNING_AT_ONCE, and the next one each time one finishes or its client hangs up", async () => {
    // A hold time no stall of a busy test machine reaches: only finish and close let the next one in.
    const pace = paceRequests({ holdMs: 60_000 });
    const responses = Array.from({ length: 7 }, response);
    const admitted: number[] = [];
    responses.forEach((res, id) => pace(request(), res, (() => admitted.push(id)) as NextFunction));
    for (let i = 0; i < 5; i++) await nextTurn();
    expect(RUNNING_AT_ONCE).toBe(4);
    expect(admitted).toEqual([0, 1, 2, 3]);

    responses[2]!.emit("finish");
    for (let i = 0; i < 3; i++) await nextTurn();
    expect(admitted).toEqual([0, 1, 2, 3, 4]);

    // Node emits "close" after "finish": one request counts once.
    responses[2]!.emit("close");
    for (let i = 0; i < 3; i++) await nextTurn();
    expect(admitted).toEqual([0, 1, 2, 3, 4]);

    // A client that hangs up mid-request gives its place back too.
    responses[0]!.emit("close");
    responses[1]!.emit("finish");
    for (let i = 0; i < 3; i++) await nextTurn();
    expect(admitted).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it("takes back the place of a request still running after HOLD_MS (it is waiting, not working)", async () => {
    const pace = paceRequests({ holdMs: 300 });
    const admitted: number[] = [];
    for (let id = 0; id < 6; id++) pace(request(), response(), (() => admitted.push(id)) as NextFunction);
    for (let i = 0; i < 5; i++) await nextTurn();
    expect(admitted).toEqual([0, 1, 2, 3]);
    // Nobody finished: the two others go in only once the first four have been in for 300 ms.
    await sleep(400);
    expect(admitted).toEqual([0, 1, 2, 3, 4, 5]);
    expect(HOLD_MS).toBe(50);
  });
});
