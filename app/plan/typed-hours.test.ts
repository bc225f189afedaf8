import { describe, expect, it } from "vitest";

import { TimeActionSchemas, typedHours } from "./time-actions.server";

const [logTime] = TimeActionSchemas;
const log = (hours: string) =>
  logTime.safeParse({ intent: "log-time", itemId: "i1", version: 1, day: "2026-12-01", hours });

describe("hours as people type them", () => {
  it("reads a decimal comma and hours:minutes as the hours they mean", () => {
    expect(typedHours("1,5")).toBe("1.5");
    expect(typedHours(" 2,25 ")).toBe("2.25");
    expect(typedHours("1:30")).toBe("1.5");
    expect(typedHours("0:45")).toBe("0.75");
    expect(typedHours("1.5")).toBe("1.5");
    for (const [typed, hours] of [
      ["1,5", 1.5],
      ["1:30", 1.5],
      ["0:15", 0.25],
      ["8:00", 8],
    ] as const) {
      const read = log(typed);
      expect(read.success && read.data.hours, typed).toBe(hours);
    }
  });

  it("refuses what is not a time of the day's work, with the message that fits it", () => {
    const message = (typed: string) => {
      const read = log(typed);
      return read.success ? null : read.error.issues[0]!.message;
    };
    // Off the quarter hour: the quarter-hour rule, not "enter a number".
    expect(message("1:20")).toBe("Log time in quarter hours, like 1.25 or 1.5.");
    // A thousands separator is not a decimal comma.
    expect(message("1,500")).toBe("Enter hours as a number, like 1.5 or 2.25.");
    expect(message("1:75")).toBe("Enter hours as a number, like 1.5 or 2.25.");
    expect(message("25:00")).toBe("A day has 24 hours: log each day on its own.");
    expect(message("1,5,5")).toBe("Enter hours as a number, like 1.5 or 2.25.");
  });
});
