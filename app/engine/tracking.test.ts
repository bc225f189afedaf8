import { describe, expect, it } from "vitest";

import { tracksProgress } from "./tracking";

describe("tracksProgress", () => {
  it("starts once any proposal is accepted", () => {
    expect(tracksProgress([])).toBe(false);
    expect(tracksProgress([{ acceptedAt: null }, { acceptedAt: null }])).toBe(false);
    expect(tracksProgress([{ acceptedAt: null }, { acceptedAt: 1_700_000_000_000 }])).toBe(true);
  });

  it("keeps tracking when a later version is published but not accepted yet", () => {
    expect(tracksProgress([{ acceptedAt: 1_700_000_000_000 }, { acceptedAt: null }])).toBe(true);
  });
});
