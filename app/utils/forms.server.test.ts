import { describe, expect, it } from "vitest";
import { z } from "zod";

import { MAX_FORM_FIELDS, TOO_MANY_FIELDS } from "./form-limits";
import { parseForm, refuseOddForm } from "./forms.server";

const form = (entries: Array<[string, string]>) => {
  const fd = new FormData();
  for (const [k, v] of entries) fd.append(k, v);
  return fd;
};

describe("refuseOddForm: what reaches Conform is bounded", () => {
  it("takes up to MAX_FORM_FIELDS fields and refuses one more", () => {
    const entries = Array.from({ length: MAX_FORM_FIELDS }, () => ["a", ""] as [string, string]);
    expect(refuseOddForm(form(entries))).toBeNull();
    expect(refuseOddForm(form([...entries, ["a", ""]]))).toBe(TOO_MANY_FIELDS);
  });

  it("refuses indexes over the cap, Conform's reserved names and overlong names", () => {
    for (const name of [
      "a[2501]",
      "a[0][99999]",
      "a[000000000001]",
      "__intent__",
      "__state__",
      "x".repeat(301),
    ])
      expect(refuseOddForm(form([[name, "1"]])), name).not.toBeNull();
    for (const name of ["a[2500]", "a[]", "estimate.likely", "a:question-id", "note:q"])
      expect(refuseOddForm(form([[name, "1"]])), name).toBeNull();
  });

  it("parseForm answers a refused form with a form-level error, and never throws on __state__", () => {
    const schema = z.object({ email: z.string() });
    for (const fd of [
      form([["__state__", "x"]]),
      form([
        ["email", "a"],
        ["__intent__", "{"],
      ]),
    ]) {
      const parsed = parseForm(fd, schema);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.fieldErrors.form?.[0]).toMatch(/field Finishline forms do not send/);
    }
  });
});
