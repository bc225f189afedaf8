import { describe, expect, it } from "vitest";

import type { AgreementProgress } from "~/engine/tracking";

import { deliveryLine, itemHoursWords, progressWords } from "./progress-words";

const progress: AgreementProgress = {
  version: 2,
  done: 12,
  items: 40,
  doneExpected: 27.6,
  doneLogged: 30.25,
  loggedAgreed: 32.5,
  agreedHours: 120.4,
  logged: 35.5,
  added: { items: 2, logged: 3 },
  leftOut: { items: 1, logged: 4 },
  money: { logged: 2850, agreed: 11_437, rate: 95, currency: "EUR", price: { model: "range" } },
  unpricedItems: 3,
  phases: [
    { phase: "launch-blocker", agreedHours: 80.2, logged: 30.5, done: 10, items: 25 },
    { phase: "hardening", agreedHours: 40, logged: 2, done: 2, items: 15 },
  ],
};

describe("progressWords", () => {
  it("says where the agreed work stands, in hours and money", () => {
    const w = progressWords(progress);
    expect(w.headline).toBe("12 of 40 agreed items done");
    expect(w.doneLine).toBe("30.25 h logged on them against 28 h expected");
    expect(w.hours).toEqual([
      "32.5 h logged on the agreed items, against 120 h agreed (likely)",
      "3 h on 2 items added since the agreement",
      "4 h on 1 agreed item since deferred or left out, still counted",
      "35.5 h logged in all",
    ]);
    expect(w.money).toBe("€2,850 of work logged at the agreed €95 an hour, against €11,400 agreed (likely).");
    expect(w.basis).toBe(
      "Measured against version 2 as accepted: its items, their expected hours and its rate. Later changes to the plan do not move it. 3 items the founder's team does are not priced.",
    );
    expect(w.phases).toEqual([
      { phase: "Launch minimum", agreed: "80 h", logged: "30.5 h", done: "10 of 25" },
      { phase: "Hardening", agreed: "40 h", logged: "2 h", done: "2 of 15" },
    ]);
  });

  it("holds the work logged against a fixed price or a cap when that is what was agreed", () => {
    const money = progress.money!;
    expect(
      progressWords({ ...progress, money: { ...money, price: { model: "fixed", amount: 21_000 } } }).money,
    ).toBe("€2,850 of work logged at the agreed €95 an hour, against the agreed fixed price of €21,000.");
    expect(
      progressWords({ ...progress, money: { ...money, price: { model: "capped", amount: 30_000 } } }).money,
    ).toBe("€2,850 of work logged at the agreed €95 an hour, against the agreed cap of €30,000.");
  });

  it("leaves out what did not happen", () => {
    const w = progressWords({
      ...progress,
      done: 0,
      doneLogged: 0,
      doneExpected: 0,
      logged: 32.5,
      added: { items: 0, logged: 0 },
      leftOut: { items: 0, logged: 0 },
      money: null,
    });
    expect(w.doneLine).toBeNull();
    expect(w.hours).toEqual(["32.5 h logged on the agreed items, against 120 h agreed (likely)"]);
    expect(w.money).toBeNull();
    expect(w.basis).toBe(
      "Measured against version 2 as accepted: its items and their expected hours. Later changes to the plan do not move it.",
    );
  });
});

describe("deliveryLine", () => {
  it("is the overview's one line", () => {
    expect(deliveryLine(progress)).toBe("12 of 40 items done, 32.5 h logged of 120 h agreed (likely)");
  });
});

describe("itemHoursWords", () => {
  const estimate = { optimistic: 1, likely: 2, pessimistic: 5 };

  it("says an agreed item's hours against the version's estimate, and flags passing its worst case", () => {
    expect(itemHoursWords({ logged: 30.5, estimate, mean: 2.33, agreedIn: 4, over: 25.5 })).toEqual({
      logged: "30.5 h logged",
      against: "against about 2 h estimated (1–5 h) in the accepted version 4",
      over: "Over the worst case of 5 h",
      overBy: "25.5 h past it",
    });
  });

  it("flags nothing within the worst case, and names the plan's estimate for an item added since", () => {
    const w = itemHoursWords({ logged: 4, estimate, mean: 2.33, agreedIn: null, over: 0 });
    expect(w.against).toBe("against about 2 h estimated (1–5 h) in the plan");
    expect(w.over).toBeNull();
    expect(w.overBy).toBeNull();
  });

  it("states a derived worst case as it is, not as the range rounds it", () => {
    const derived = { optimistic: 1.2, likely: 2, pessimistic: 4.8 };
    const w = itemHoursWords({ logged: 4.9, estimate: derived, mean: 2.33, agreedIn: 1, over: 0.1 });
    expect(w.against).toBe("against about 2 h estimated (1–5 h) in the accepted version 1");
    expect(w.over).toBe("Over the worst case of 4.8 h");
    expect(w.overBy).toBe("0.1 h past it");
  });
});
