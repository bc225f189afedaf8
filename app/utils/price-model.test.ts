import { describe, expect, it } from "vitest";
import { z } from "zod";

import { parseForm } from "./forms.server";
import {
  PRICE_FIELDS,
  belowLikelyWarning,
  estimateLine,
  headlinePrice,
  priceClause,
  priceOf,
  priceWords,
  readPrice,
} from "./price-model";

const PriceSchema = z.object(PRICE_FIELDS).transform((v, ctx) => readPrice(v, ctx));

/** The fields as the publish form posts them, through the app's own form parsing. */
function post(fields: Record<string, string>) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return parseForm(form, PriceSchema);
}

describe("the publish form's price fields", () => {
  it("reads the range without an amount, and ignores an amount left in the field", () => {
    expect(post({ priceModel: "range" })).toEqual({ ok: true, value: { model: "range" } });
    expect(post({ priceModel: "range", priceAmount: "oops" })).toEqual({
      ok: true,
      value: { model: "range" },
    });
    // Not sent at all (an API client): the range, as before price models.
    expect(post({})).toEqual({ ok: true, value: { model: "range" } });
  });

  it("reads a fixed or capped amount in whole units, with thousands separators", () => {
    expect(post({ priceModel: "fixed", priceAmount: "24000" })).toEqual({
      ok: true,
      value: { model: "fixed", amount: 24000 },
    });
    expect(post({ priceModel: "capped", priceAmount: " 30,000 " })).toEqual({
      ok: true,
      value: { model: "capped", amount: 30000 },
    });
    expect(post({ priceModel: "fixed", priceAmount: "1 250 000" })).toEqual({
      ok: true,
      value: { model: "fixed", amount: 1_250_000 },
    });
    // Thousands as much of Europe writes them.
    expect(post({ priceModel: "fixed", priceAmount: "24.000" })).toEqual({
      ok: true,
      value: { model: "fixed", amount: 24_000 },
    });
    expect(post({ priceModel: "fixed", priceAmount: "1.250.000" })).toEqual({
      ok: true,
      value: { model: "fixed", amount: 1_250_000 },
    });
    // A fixed price in yen runs to tens of millions (QA 7, finding 5).
    expect(post({ priceModel: "fixed", priceAmount: "12,000,000" })).toEqual({
      ok: true,
      value: { model: "fixed", amount: 12_000_000 },
    });
  });

  it("refuses a missing, fractional, zero, negative, huge or unreadable amount on the amount field", () => {
    const refused = (fields: Record<string, string>) => {
      const r = post(fields);
      expect(r.ok, JSON.stringify(fields)).toBe(false);
      return r.ok ? [] : Object.keys(r.fieldErrors).map((k) => `${k}: ${r.fieldErrors[k]![0]}`);
    };
    expect(refused({ priceModel: "fixed" })).toEqual([
      "priceAmount: Enter the fixed price, or choose the estimate range.",
    ]);
    expect(refused({ priceModel: "capped", priceAmount: "" })).toEqual([
      "priceAmount: Enter the cap, or choose the estimate range.",
    ]);
    expect(refused({ priceModel: "fixed", priceAmount: "24000.50" })).toEqual([
      "priceAmount: Use a whole amount, without cents.",
    ]);
    expect(refused({ priceModel: "fixed", priceAmount: "24.00" })).toEqual([
      "priceAmount: Use a whole amount, without cents.",
    ]);
    expect(refused({ priceModel: "fixed", priceAmount: "24.000.5" })).toEqual([
      "priceAmount: Enter the amount as a number, like 24000.",
    ]);
    expect(refused({ priceModel: "fixed", priceAmount: "0" })).toEqual([
      "priceAmount: Enter an amount above 0.",
    ]);
    expect(refused({ priceModel: "fixed", priceAmount: "-500" })).toEqual([
      "priceAmount: Enter the amount as a number, like 24000.",
    ]);
    expect(refused({ priceModel: "capped", priceAmount: "1000000000001" })).toEqual([
      "priceAmount: Keep the amount at 1,000,000,000,000 or less.",
    ]);
    expect(refused({ priceModel: "fixed", priceAmount: "€24k" })).toEqual([
      "priceAmount: Enter the amount as a number, like 24000.",
    ]);
    expect(refused({ priceModel: "hourly" })).toEqual(["priceModel: Choose how the price is set."]);
  });
});

describe("the price in words", () => {
  it("gives a headline for fixed and capped prices, none for the range", () => {
    expect(headlinePrice({ model: "fixed", amount: 24000 }, "EUR")).toBe("Fixed price €24,000");
    expect(headlinePrice({ model: "capped", amount: 30000 }, "USD")).toBe("Up to $30,000 (billed on time)");
    expect(headlinePrice({ model: "range" }, "EUR")).toBeNull();
    expect(priceClause({ model: "fixed", amount: 24000 }, "EUR")).toBe("at a fixed price of €24,000");
    expect(priceClause({ model: "capped", amount: 30000 }, "EUR")).toBe(
      "capped at €30,000 and billed on time",
    );
    expect(priceClause({ model: "range" }, "EUR")).toBeNull();
  });

  it("keeps the estimate beneath it in round money", () => {
    expect(estimateLine({ p50: 21_912, p90: 37_480, currency: "EUR" })).toBe(
      "Our estimate: €21,900 likely, €37,500 cautious",
    );
  });

  it("reads a version published before price models as the range", () => {
    expect(priceOf({})).toEqual({ model: "range" });
    expect(priceOf({ price: { model: "fixed", amount: 5 } })).toEqual({ model: "fixed", amount: 5 });
  });
});

describe("an amount below the plan's likely cost", () => {
  it("is warned about in plain words, for fixed and capped, against the likely figure as shown", () => {
    expect(belowLikelyWarning("fixed", 20_000, 21_912, "EUR")).toBe(
      "This fixed price (€20,000) is below the plan's likely cost of €21,900: more often than not the work costs more, and you carry any work past it. You can still publish it.",
    );
    expect(belowLikelyWarning("capped", 15_000, 21_912, "EUR")).toContain(
      "This cap (€15,000) is below the plan's likely cost of €21,900",
    );
    // The likely cost shows as €21,900: an amount of exactly that is not below it.
    expect(belowLikelyWarning("fixed", 21_900, 21_912, "EUR")).toBeNull();
    expect(belowLikelyWarning("fixed", 30_000, 21_912, "EUR")).toBeNull();
    expect(belowLikelyWarning("range", 1, 21_912, "EUR")).toBeNull();
    expect(belowLikelyWarning("fixed", null, 21_912, "EUR")).toBeNull();
  });
});

describe("a price in the version diff", () => {
  it("names each model in words", () => {
    expect(priceWords({ model: "range" }, "EUR")).toBe("the estimate range (time and materials)");
    expect(priceWords({ model: "fixed", amount: 24000 }, "EUR")).toBe("a fixed price of €24,000");
    expect(priceWords({ model: "capped", amount: 30000 }, "GBP")).toBe("a cap of £30,000 (billed on time)");
  });
});
