import { describe, expect, it } from "vitest";

import { attachmentName } from "./filename";

/** The two names a client may take: filename (ASCII) and filename* (UTF-8, percent-encoded). */
function names(header: string) {
  const m = /^attachment; filename="([^"]*)"; filename\*=UTF-8''([A-Za-z0-9!#$&+.^_`|~%-]+)$/.exec(header);
  expect(m, header).not.toBeNull();
  return { ascii: m![1], utf8: decodeURIComponent(m![2]) };
}

describe("attachmentName", () => {
  it("gives browsers and curl the same name when the product name is plain ASCII", () => {
    expect(names(attachmentName("CartPilot", "proposal v3", "pdf"))).toEqual({
      ascii: "CartPilot proposal v3.pdf",
      utf8: "CartPilot proposal v3.pdf",
    });
  });

  it("keeps accents in the UTF-8 name and folds them in the ASCII one", () => {
    expect(names(attachmentName("Café Crème", "plan", "csv"))).toEqual({
      ascii: "Cafe Creme plan.csv",
      utf8: "Café Crème plan.csv",
    });
  });

  it("names a product with no ASCII letters 'Project' in the ASCII name only", () => {
    expect(names(attachmentName("東京ストア", "export", "json"))).toEqual({
      ascii: "Project export.json",
      utf8: "東京ストア export.json",
    });
  });

  it("drops direction overrides, control characters and lone surrogates, and spaces out path characters", () => {
    const { ascii, utf8 } = names(attachmentName('a\u202Eb\u0000c/..\\d:"e"\ud800', "plan", "csv"));
    expect(utf8).toBe("ab c .. d e plan.csv");
    expect(ascii).toBe("ab c .. d e plan.csv");
  });

  it("percent-encodes quote marks and brackets in filename*, and keeps % out of the ASCII name", () => {
    const header = attachmentName("Bob's (100%) shop*", "plan", "csv");
    expect(header).toContain("filename*=UTF-8''Bob%27s%20%28100%25%29%20shop%20plan.csv");
    expect(names(header).ascii).toBe("Bob's (100) shop plan.csv");
  });

  it("cuts a long name by whole characters, never half an emoji", () => {
    const { utf8 } = names(attachmentName("🚀".repeat(200), "plan", "csv"));
    expect(utf8).toBe(`${"🚀".repeat(80)} plan.csv`);
  });

  it("falls back to 'Project' when nothing of the name is left", () => {
    expect(names(attachmentName("\u202E\u200B", "readiness report", "pdf")).utf8).toBe(
      "Project readiness report.pdf",
    );
  });
});
