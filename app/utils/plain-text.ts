// Which characters free text may hold, for the forms and an imported file alike (a file cannot bring
// in what the forms would refuse). Control characters (NUL, BEL, ESC…) have no business in what
// people type: they reach CSV exports and emails as they are, and confuse what reads them.
import type { z } from "zod";

import { FORMAT_CONTROL_MESSAGE, hasFormatControl } from "./format-controls";

/** Text shown on one line (titles, names): no control characters, no line or paragraph separators. */
export const hasLineBreakOrControl = (text: string) => /[\p{Cc}\p{Zl}\p{Zp}]/u.test(text);

/** Text of several lines (descriptions): tabs and line breaks, no other control characters. */
export const hasControl = (text: string) => /[^\P{Cc}\t\n\r]/u.test(text);

/**
 * A form's text of several lines that others read (terms, assumptions, reasons shown on a
 * proposal): line breaks and tabs, no other control characters, and none of the invisible
 * formatting characters that make a text read differently from what it is ("RUE 90" on the page,
 * "09 EUR" in the PDF: security review 2, finding 4).
 */
export function severalLines(schema: z.ZodString, what: string) {
  return schema
    .refine(
      (text) => !hasControl(text),
      `Remove the control characters from ${what} (line breaks and tabs are fine).`,
    )
    .refine((text) => !hasFormatControl(text), FORMAT_CONTROL_MESSAGE);
}

/** The same for text of one line (a reason given in a single field). */
export function oneLine(schema: z.ZodString, what: string) {
  return schema
    .refine((text) => !hasLineBreakOrControl(text), `Keep ${what} on one line, without control characters.`)
    .refine((text) => !hasFormatControl(text), FORMAT_CONTROL_MESSAGE);
}
