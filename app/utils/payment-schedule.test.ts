import { describe, expect, it } from "vitest";
import { z } from "zod";

import { parseForm } from "./forms.server";
import {
  PAYMENT_FIELDS,
  apportion,
  checkPayment,
  dueDaysOf,
  dueWords,
  paymentOf,
  paymentView,
  paymentWords,
  readPayment,
  splitAmounts,
  suggestedMilestones,
} from "./payment-schedule";
import { PRICE_FIELDS } from "./price-model";

// The publish form's payment fields beside its price model, as PublishSchema combines them.
const PaymentSchema = z
  .object({ ...PRICE_FIELDS, ...PAYMENT_FIELDS })
  .superRefine(checkPayment)
  .transform((v) => readPayment(v));

/** The fields as the publish form posts them, through the app's own form parsing. */
function post(fields: Record<string, string>, rows: Array<[string, string]> = []) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  // The form always sends six rows; the ones not used are empty.
  for (let i = 0; i < 6; i++) {
    form.set(`milestones[${i}].label`, rows[i]?.[0] ?? "");
    form.set(`milestones[${i}].percent`, rows[i]?.[1] ?? "");
  }
  return parseForm(form, PaymentSchema);
}

const refused = (fields: Record<string, string>, rows: Array<[string, string]> = []) => {
  const r = post(fields, rows);
  expect(r.ok, JSON.stringify({ fields, rows })).toBe(false);
  return r.ok ? {} : Object.fromEntries(Object.entries(r.fieldErrors).map(([k, v]) => [k, v![0]]));
};

describe("the publish form's payment schedule", () => {
  it("is not stated by default, and ignores rows left in the fields for another plan", () => {
    expect(post({})).toEqual({ ok: true, value: { plan: "none" } });
    expect(post({ paymentPlan: "none" }, [["On signing", "oops"]])).toEqual({
      ok: true,
      value: { plan: "none" },
    });
    expect(
      post({ paymentPlan: "monthly", priceModel: "capped", priceAmount: "30000" }, [["x", "5"]]),
    ).toEqual({
      ok: true,
      value: { plan: "monthly" },
    });
  });

  it("reads milestones in whole percents summing to 100, skipping empty rows", () => {
    const r = post({ paymentPlan: "milestones", priceModel: "fixed", priceAmount: "24000" }, [
      ["On signing", "30"],
      ["", ""],
      [" Launch minimum delivered ", "50%"],
      ["Hardening delivered", " 20 "],
    ]);
    expect(r).toEqual({
      ok: true,
      value: {
        plan: "milestones",
        milestones: [
          { label: "On signing", percent: 30 },
          { label: "Launch minimum delivered", percent: 50 },
          { label: "Hardening delivered", percent: 20 },
        ],
      },
    });
  });

  it("refuses a sum other than 100 on the rows as a whole", () => {
    expect(
      refused({ paymentPlan: "milestones" }, [
        ["On signing", "30"],
        ["On delivery", "60"],
      ]),
    ).toEqual({ milestones: "The percents add up to 90%: make them add up to exactly 100%." });
    expect(refused({ paymentPlan: "milestones" }, [["All", "101"]])).toEqual({
      "milestones[0].percent": "Enter a percent from 1 to 100.",
    });
  });

  it("refuses a bad row on its own field: a missing name or percent, decimals, zero, words, two lines", () => {
    expect(
      refused({ paymentPlan: "milestones" }, [
        ["", "30"],
        ["On delivery", ""],
        ["Half", "12.5"],
        ["None", "0"],
        ["Words", "thirty"],
      ]),
    ).toEqual({
      "milestones[0].label": "Name this milestone, like “On signing”.",
      "milestones[1].percent": "Enter this milestone's percent, like 30.",
      "milestones[2].percent": "Use a whole percent, without decimals.",
      "milestones[3].percent": "Enter a percent from 1 to 100.",
      "milestones[4].percent": "Enter the percent as a whole number, like 30.",
    });
    expect(refused({ paymentPlan: "milestones" }, [["On\nsigning", "100"]])).toEqual({
      "milestones[0].label": "Keep the milestone on one line, without control characters.",
    });
    expect(refused({ paymentPlan: "milestones" }, [["x".repeat(81), "100"]])).toEqual({
      "milestones[0].label": "Keep the milestone to 80 characters or fewer.",
    });
  });

  it("refuses milestones without any row, more than six rows, and monthly billing for a fixed price", () => {
    expect(refused({ paymentPlan: "milestones" })).toEqual({
      milestones: "Add at least one milestone with its percent, or choose another schedule.",
    });
    const form = new FormData();
    form.set("paymentPlan", "milestones");
    for (let i = 0; i < 7; i++) {
      form.set(`milestones[${i}].label`, `Step ${i}`);
      form.set(`milestones[${i}].percent`, "10");
    }
    const seven = parseForm(form, PaymentSchema);
    expect(seven.ok ? null : seven.fieldErrors.milestones).toEqual(["Keep it to 6 milestones or fewer."]);
    expect(refused({ paymentPlan: "monthly", priceModel: "fixed", priceAmount: "24000" })).toEqual({
      paymentPlan:
        "Monthly billing for time spent needs an estimate range or a cap: for a fixed price, set milestones.",
    });
    expect(post({ paymentPlan: "monthly" })).toEqual({ ok: true, value: { plan: "monthly" } });
    expect(refused({ paymentPlan: "weekly" })).toEqual({
      paymentPlan: "Choose a payment schedule, or Not stated.",
    });
  });
});

describe("when each invoice is due", () => {
  const MILESTONES: Array<[string, string]> = [
    ["On signing", "30"],
    ["On completion", "70"],
  ];

  it("reads whole days from 0 to 90 with a stated schedule; empty says nothing, as older versions", () => {
    expect(post({ paymentPlan: "milestones", dueDays: "14" }, MILESTONES)).toEqual({
      ok: true,
      value: {
        plan: "milestones",
        milestones: [
          { label: "On signing", percent: 30 },
          { label: "On completion", percent: 70 },
        ],
        dueDays: 14,
      },
    });
    expect(post({ paymentPlan: "monthly", dueDays: " 30 days " })).toEqual({
      ok: true,
      value: { plan: "monthly", dueDays: 30 },
    });
    expect(post({ paymentPlan: "monthly", dueDays: "0" })).toEqual({
      ok: true,
      value: { plan: "monthly", dueDays: 0 },
    });
    expect(post({ paymentPlan: "monthly", dueDays: "90" })).toEqual({
      ok: true,
      value: { plan: "monthly", dueDays: 90 },
    });
    // Left empty, the key is not there at all: the snapshot (and its hash) reads as older ones do.
    const empty = post({ paymentPlan: "monthly", dueDays: "" });
    expect(empty).toEqual({ ok: true, value: { plan: "monthly" } });
    expect(empty.ok && "dueDays" in empty.value).toBe(false);
  });

  it("refuses a bad value on its own field, and ignores it when no schedule is stated", () => {
    expect(refused({ paymentPlan: "monthly", dueDays: "91" })).toEqual({
      dueDays: "Enter a number of days from 0 to 90.",
    });
    expect(refused({ paymentPlan: "monthly", dueDays: "-5" })).toEqual({
      dueDays: "Enter a number of days from 0 to 90.",
    });
    expect(refused({ paymentPlan: "milestones", dueDays: "14.5" }, MILESTONES)).toEqual({
      dueDays: "Use whole days, without decimals.",
    });
    expect(refused({ paymentPlan: "milestones", dueDays: "two weeks" }, MILESTONES)).toEqual({
      dueDays: "Enter the days as a whole number, like 14.",
    });
    // Said together with a wrong sum, not after it is fixed.
    expect(refused({ paymentPlan: "milestones", dueDays: "100" }, [["On signing", "30"]])).toEqual({
      dueDays: "Enter a number of days from 0 to 90.",
      milestones: "The percents add up to 30%: make them add up to exactly 100%.",
    });
    expect(post({ paymentPlan: "none", dueDays: "oops" })).toEqual({ ok: true, value: { plan: "none" } });
  });

  it("is one sentence on the page, the PDF and the emails; not stated without a schedule or a value", () => {
    expect(dueWords(14)).toBe("Each invoice is due within 14 days.");
    expect(dueWords(1)).toBe("Each invoice is due within 1 day.");
    expect(dueWords(0)).toBe("Each invoice is due on receipt.");
    expect(dueWords(undefined)).toBeNull();
    expect(dueDaysOf({ plan: "none" })).toBeUndefined();
    expect(dueDaysOf({ plan: "monthly" })).toBeUndefined();
    expect(dueDaysOf({ plan: "monthly", dueDays: 0 })).toBe(0);
    const fixed = { model: "fixed" as const, amount: 24_000 };
    expect(
      paymentView(
        { plan: "milestones", milestones: [{ label: "On completion", percent: 100 }], dueDays: 14 },
        fixed,
        "EUR",
      )?.due,
    ).toBe("Each invoice is due within 14 days.");
    expect(paymentView({ plan: "monthly", dueDays: 0 }, { model: "range" }, "EUR")).toEqual({
      plan: "monthly",
      text: "Invoiced monthly in arrears for the time spent.",
      due: "Each invoice is due on receipt.",
    });
  });
});

describe("the amounts of a fixed or capped price", () => {
  it("sum to the price exactly, the last row taking the rounding remainder", () => {
    // 33% of 24,999 is 8,249.67: rounded to 8,250 twice, and the last row takes 8,499, not 8,500.
    expect(splitAmounts(24_999, [33, 33, 34])).toEqual([8250, 8250, 8499]);
    expect(splitAmounts(24_000, [30, 50, 20])).toEqual([7200, 12_000, 4800]);
    expect(splitAmounts(1001, [50, 50])).toEqual([501, 500]);
    expect(splitAmounts(7, [100])).toEqual([7]);
    for (const [price, percents] of [
      [24_999, [33, 33, 34]],
      [10_000_000, [17, 17, 17, 17, 17, 15]],
      [5, [30, 30, 30, 10]],
      [1, [1, 1, 1, 1, 1, 95]],
    ] as const) {
      const amounts = splitAmounts(price, percents);
      expect(amounts.reduce((a, n) => a + n, 0)).toBe(price);
      expect(amounts.every((n) => Number.isInteger(n) && n >= 0)).toBe(true);
    }
    // A tiny price where rounding each up would leave the last row below zero rounds down instead.
    expect(splitAmounts(5, [30, 30, 30, 10])).toEqual([1, 1, 1, 2]);
  });

  it("are shown for fixed and capped prices, with what they are shares of; the range shows percents", () => {
    const payment = {
      plan: "milestones" as const,
      milestones: [
        { label: "On signing", percent: 30 },
        { label: "Launch minimum delivered", percent: 70 },
      ],
    };
    expect(paymentView(payment, { model: "fixed", amount: 24_999 }, "EUR")).toEqual({
      plan: "milestones",
      due: null,
      rows: [
        { label: "On signing", percent: "30%", amount: "€7,500" },
        { label: "Launch minimum delivered", percent: "70%", amount: "€17,499" },
      ],
      note: "Shares of the fixed price of €24,999; the amounts add up to it exactly.",
    });
    const capped = paymentView(payment, { model: "capped", amount: 30_000 }, "EUR");
    expect(capped?.plan === "milestones" && capped.rows.map((r) => r.amount)).toEqual(["€9,000", "€21,000"]);
    const range = paymentView(payment, { model: "range" }, "EUR");
    expect(range).toEqual({
      plan: "milestones",
      due: null,
      rows: [
        { label: "On signing", percent: "30%", amount: null },
        { label: "Launch minimum delivered", percent: "70%", amount: null },
      ],
      note: "Each percent is of the total billed for the time spent.",
    });
    expect(paymentView({ plan: "monthly" }, { model: "capped", amount: 30_000 }, "EUR")).toEqual({
      plan: "monthly",
      due: null,
      text: "Invoiced monthly in arrears for the time spent, up to the cap of €30,000 in all.",
    });
    expect(paymentView({ plan: "none" }, { model: "fixed", amount: 1 }, "EUR")).toBeNull();
  });
});

describe("the starting rows and the words", () => {
  it("start with 30% on signing, then a row per priced phase weighted by its cost, summing to 100", () => {
    const rows = suggestedMilestones({
      tiers: [
        { phase: "launch-blocker", cost: { mean: 14_000 } },
        { phase: "hardening", cost: { mean: 5_000 } },
        { phase: "scale", cost: { mean: 1_000 } },
      ],
    });
    // 70 split 14:5:1 is 49, 17.5, 3.5: the half goes to the first of the tied remainders.
    expect(rows).toEqual([
      { label: "On signing", percent: 30 },
      { label: "Launch minimum delivered", percent: 49 },
      { label: "Hardening delivered", percent: 18 },
      { label: "Scale work delivered", percent: 3 },
    ]);
    // A phase with no priced work (all the founder's own, or empty) gets no row.
    expect(
      suggestedMilestones({
        tiers: [
          { phase: "launch-blocker", cost: { mean: 9_000 } },
          { phase: "hardening", cost: { mean: 0 } },
          { phase: "scale", cost: { mean: 3_000 } },
        ],
      }),
    ).toEqual([
      { label: "On signing", percent: 30 },
      { label: "Launch minimum delivered", percent: 53 },
      { label: "Scale work delivered", percent: 17 },
    ]);
    expect(suggestedMilestones({})).toEqual([
      { label: "On signing", percent: 30 },
      { label: "On completion", percent: 70 },
    ]);
    expect(apportion(70, [1, 1, 1])).toEqual([24, 23, 23]);
  });

  it("names each schedule for the diff, and old snapshots read as not stated", () => {
    expect(paymentOf({})).toEqual({ plan: "none" });
    expect(paymentWords({ plan: "none" })).toBe("not stated");
    expect(paymentWords({ plan: "monthly" })).toBe("monthly in arrears for the time spent");
    expect(
      paymentWords({
        plan: "milestones",
        milestones: [
          { label: "On signing", percent: 30 },
          { label: "On completion", percent: 70 },
        ],
      }),
    ).toBe("milestones (On signing 30%, On completion 70%)");
  });
});
