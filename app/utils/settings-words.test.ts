import { describe, expect, it } from "vitest";

import { rateSince } from "./settings-words";

describe("rateSince", () => {
  it("says today's rate and the version's when they differ", () => {
    expect(rateSince({ hourlyRate: 95, currency: "EUR" }, { hourlyRate: 110, currency: "EUR" })).toBe(
      " at today's rate of €110 an hour (the version is priced at €95)",
    );
    expect(rateSince({ hourlyRate: 87.5, currency: "USD" }, { hourlyRate: 90, currency: "EUR" })).toBe(
      " at today's rate of €90 an hour (the version is priced at $87.50)",
    );
  });

  it("says nothing when the two are priced alike", () => {
    expect(rateSince({ hourlyRate: 95, currency: "EUR" }, { hourlyRate: 95, currency: "EUR" })).toBe("");
  });
});
