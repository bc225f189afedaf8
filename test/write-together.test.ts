// Group commit (writeTogether): writes queued together share one transaction, but each one
// succeeds or fails on its own, sees the writes queued before it, and settles only after COMMIT.
import { describe, expect, it } from "vitest";

import { db, writeTogether } from "../db/connection.server";

function setUp() {
  db().$client.exec("create table if not exists wt (k text primary key, v integer not null)");
  db().$client.exec("delete from wt");
}

const read = () =>
  Object.fromEntries(
    (db().$client.prepare("select k, v from wt order by k").all() as Array<{ k: string; v: number }>).map(
      (r) => [r.k, r.v],
    ),
  );

describe("writeTogether", () => {
  it("commits the writes queued together, undoing only the one that throws", async () => {
    setUp();
    const insert = (k: string, v: number) =>
      db().$client.prepare("insert into wt (k, v) values (?, ?)").run(k, v);
    const results = await Promise.allSettled([
      writeTogether(() => {
        insert("a", 1);
        return "first";
      }),
      writeTogether(() => {
        insert("b", 2);
        throw new Error("second fails after writing");
      }),
      writeTogether(() => {
        // Sees the first write, not the undone second one.
        const seen = read();
        insert("c", 3);
        return seen;
      }),
    ]);
    expect(results[0]).toEqual({ status: "fulfilled", value: "first" });
    expect(results[1]).toMatchObject({
      status: "rejected",
      reason: { message: "second fails after writing" },
    });
    expect(results[2]).toEqual({ status: "fulfilled", value: { a: 1 } });
    expect(read()).toEqual({ a: 1, c: 3 });
    expect(db().$client.inTransaction).toBe(false);
  });

  it("settles only once the transaction is committed", async () => {
    setUp();
    let committedWhenSettled: boolean | undefined;
    await writeTogether(() => db().$client.prepare("insert into wt (k, v) values ('x', 1)").run()).then(
      () => {
        committedWhenSettled = !db().$client.inTransaction && read().x === 1;
      },
    );
    expect(committedWhenSettled).toBe(true);
  });
});
