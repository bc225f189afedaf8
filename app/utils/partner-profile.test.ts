import { describe, expect, it } from "vitest";

import { identityOf, PartnerProfileSchema, websiteLabel } from "./partner-profile";

const parse = (fields: Record<string, string>) => PartnerProfileSchema.safeParse(fields);
const website = (typed: string) => {
  const r = parse({ website: typed });
  return r.success ? r.data.website : `refused: ${r.error.issues[0]!.message}`;
};

describe("the partner profile", () => {
  it("takes https addresses, adds the scheme to a bare domain, and refuses the rest", () => {
    expect(website("https://brandt.dev")).toBe("https://brandt.dev");
    expect(website("brandt.dev")).toBe("https://brandt.dev");
    expect(website("https://brandt.dev/studio?x=1")).toBe("https://brandt.dev/studio?x=1");
    expect(website("")).toBe("");
    expect(website("http://brandt.dev")).toBe("refused: Use an https:// address.");
    expect(website("javascript:alert(1)")).toBe("refused: Use an https:// address.");
    expect(website("https://localhost")).toBe("refused: Enter a web address, like https://example.com.");
    expect(website("https://user:pw@brandt.dev")).toBe(
      "refused: Enter a web address, like https://example.com.",
    );
    expect(website("not a url")).toBe("refused: Enter a web address, like https://example.com.");
    expect(websiteLabel("https://brandt.dev/studio")).toBe("brandt.dev/studio");
  });

  it("keeps the company, address and tax note to one line and a sane length", () => {
    expect(parse({ company: "Brandt\nEngineering" }).success).toBe(false);
    expect(parse({ company: "B".repeat(101) }).success).toBe(false);
    expect(parse({ taxNote: "Prices exclude VAT\u202e" }).success).toBe(false);
    expect(parse({ defaultTerms: "x".repeat(5001) }).success).toBe(false);
    const ok = parse({ company: "  Brandt Engineering GmbH ", taxNote: "Prices exclude VAT." });
    expect(ok.success && ok.data).toEqual({
      company: "Brandt Engineering GmbH",
      website: "",
      addressLine: "",
      taxNote: "Prices exclude VAT.",
      defaultTerms: "",
    });
  });

  it("freezes the identity only when the profile gives one, without the default terms", () => {
    expect(identityOf(null)).toBeNull();
    expect(
      identityOf({ company: "", website: "", addressLine: "", taxNote: "", defaultTerms: "Net 14." }),
    ).toBeNull();
    expect(
      identityOf({
        company: "Brandt Engineering",
        website: "https://brandt.dev",
        addressLine: "Berlin · HRB 123",
        taxNote: "Prices exclude VAT.",
        defaultTerms: "Net 14.",
      }),
    ).toEqual({
      company: "Brandt Engineering",
      website: "https://brandt.dev",
      addressLine: "Berlin · HRB 123",
      taxNote: "Prices exclude VAT.",
    });
  });
});
