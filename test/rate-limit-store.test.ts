// The rate limits' counters live in the database (decision 022). What the HTTP tests cannot see:
// where a count is written, and that expired counters are swept.
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";

import { consume, importLimiter, sweepCounters } from "../app/auth/rate-limit.server";
import { countersDb, db } from "../db/connection.server";

const count = (key: string) =>
  db().$client.prepare("SELECT points, expire FROM rate_limits WHERE key = ?").get(`import-user:${key}`) as
    { points: number; expire: number } | undefined;

describe("rate-limit counters", () => {
  it("are rows of rate_limits that another connection to the file (another process) reads and counts on", async () => {
    const key = `user-${Date.now()}`;
    const started = Date.now();
    for (let i = 0; i < 3; i++) await consume(importLimiter(), key);
    expect(count(key)?.points).toBe(3);
    // importLimiter: 10 an hour
    expect(count(key)!.expire).toBeGreaterThanOrEqual(started + 3_600_000);
    expect(count(key)!.expire).toBeLessThanOrEqual(Date.now() + 3_600_000);

    // What a second server process does: its own connection, its own limiter objects.
    const other = new Database(db().$client.name);
    try {
      other.prepare("UPDATE rate_limits SET points = 10 WHERE key = ?").run(`import-user:${key}`);
    } finally {
      other.close();
    }
    const refused = await consume(importLimiter(), key).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(429);
    expect(Number((refused as Response).headers.get("Retry-After"))).toBeGreaterThan(3500);
  });

  it("are written on a connection of their own whose commits are not synced, the app's data on one that is", () => {
    expect(countersDb()).not.toBe(db().$client);
    // 1 = NORMAL, 2 = FULL
    expect(countersDb().pragma("synchronous", { simple: true })).toBe(1);
    expect(db().$client.pragma("synchronous", { simple: true })).toBe(2);
  });

  it("sweeps counters past their expiry and keeps the live ones", async () => {
    const live = `live-${Date.now()}`;
    const gone = `gone-${Date.now()}`;
    await consume(importLimiter(), live);
    await consume(importLimiter(), gone);
    db()
      .$client.prepare("UPDATE rate_limits SET expire = ? WHERE key = ?")
      .run(Date.now() - 1, `import-user:${gone}`);
    expect(sweepCounters()).toBeGreaterThanOrEqual(1);
    expect(count(gone)).toBeUndefined();
    expect(count(live)?.points).toBe(1);
  });
});
