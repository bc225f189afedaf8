import { describe, expect, it } from "vitest";

import { hasFormatControl, withoutFormatControls } from "./format-controls";

describe("invisible format characters in names", () => {
  it("finds right-to-left overrides, isolates and zero-width spaces", () => {
    for (const c of ["\u202E", "\u202A", "\u2066", "\u2069", "\u200B", "\u200F"]) {
      expect(hasFormatControl(`Alice${c}fdp.exe`)).toBe(true);
    }
    expect(withoutFormatControls("Alice\u202Efdp.exe\u202C Support")).toBe("Alicefdp.exe Support");
  });

  it("allows what emoji and scripts need: joiners, and the tags of the England, Scotland and Wales flags", () => {
    const family = "👩\u200D👩\u200D👧";
    const persian = "می\u200Cخواهم";
    const england = "🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}";
    for (const name of [family, persian, `Team ${england}`]) {
      expect(hasFormatControl(name)).toBe(false);
      expect(withoutFormatControls(name)).toBe(name);
    }
  });
});
