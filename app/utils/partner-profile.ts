// A partner's company as it goes on their proposals (decision 035): the account page's form, and the
// identity frozen into each version they publish.
import { z } from "zod";

import type { PartnerIdentity } from "~/engine/plan-types";

import { FORMAT_CONTROL_MESSAGE, hasFormatControl } from "./format-controls";
import { severalLines } from "./plain-text";

/** One line of text that heads a PDF page or sits under a title: no line breaks, nothing invisible. */
const OneLine = (max: number, tooLong: string) =>
  z
    .string()
    .trim()
    .max(max, tooLong)
    .refine((t) => !/[\p{Cc}\p{Zl}\p{Zp}]/u.test(t), "Keep it on one line.")
    .refine((t) => !hasFormatControl(t), FORMAT_CONTROL_MESSAGE)
    .default("");

/**
 * A website as typed: "example.com" is read as https://example.com; an http:// address is refused,
 * since the founder follows it from a proposal and a plain-http page can be altered on the way.
 */
const WebsiteSchema = z
  .string()
  .trim()
  .max(200, "Use at most 200 characters.")
  .transform((typed, ctx) => {
    if (typed === "") return "";
    const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(typed) ? typed : `https://${typed}`;
    let url: URL;
    try {
      url = new URL(withScheme);
    } catch {
      ctx.addIssue({ code: "custom", message: "Enter a web address, like https://example.com." });
      return z.NEVER;
    }
    if (url.protocol !== "https:") {
      ctx.addIssue({ code: "custom", message: "Use an https:// address." });
      return z.NEVER;
    }
    if (!url.hostname.includes(".") || url.username || url.password) {
      ctx.addIssue({ code: "custom", message: "Enter a web address, like https://example.com." });
      return z.NEVER;
    }
    // As typed, scheme added, without a lone trailing slash on a bare domain.
    return url.pathname === "/" && !url.search && !url.hash ? url.origin : url.href;
  })
  .default("");

export const PartnerProfileSchema = z.object({
  company: OneLine(100, "Use at most 100 characters."),
  website: WebsiteSchema,
  addressLine: OneLine(200, "Use at most 200 characters."),
  taxNote: OneLine(200, "Use at most 200 characters."),
  defaultTerms: severalLines(
    z.string().trim().max(5000, "Keep the terms to 5,000 characters or fewer."),
    "the terms",
  ).default(""),
});
export type PartnerProfile = z.output<typeof PartnerProfileSchema>;

/** The identity a version freezes, or null when the profile gives none (the proposal looks as before). */
export function identityOf(profile: PartnerProfile | null): PartnerIdentity | null {
  if (!profile) return null;
  const { company, website, addressLine, taxNote } = profile;
  if (!company && !website && !addressLine && !taxNote) return null;
  return { company, website, addressLine, taxNote };
}

/** "example.com/studio" for a link's text: the address without its scheme. */
export function websiteLabel(website: string): string {
  return website.replace(/^https:\/\//, "");
}
