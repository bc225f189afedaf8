// Which characters free text may hold, for the forms and an imported file alike (a file cannot bring
// in what the forms would refuse). Control characters (NUL, BEL, ESC…) have no business in what
// people type: they reach CSV exports and emails as they are, and confuse what reads them.
import type { z } from "zod";

import { FORMAT_CONTROL_MESSAGE, hasFormatControl, withoutFormatControls } from "./format-controls";

/** Text shown on one line (titles, names): no control characters, no line or paragraph separators. */
export const hasLineBreakOrControl = (text: string) => /[\p{Cc}\p{Zl}\p{Zp}]/u.test(text);

/** Text of several lines (descriptions): tabs and line breaks, no other control characters. */
export const hasControl = (text: string) => /[^\P{Cc}\t\n\r]/u.test(text);

/**
 * Text of several lines without control and format characters; line breaks and tabs stay. For what
 * was stored before its form refused them (comments before 6 December) and for emails: shown as it
 * is, a NUL or an ESC is a box on the page and a command in a terminal, and a right-to-left override
 * turns the rest of the text around.
 */
export const withoutControls = (text: string) => withoutFormatControls(text).replace(/[^\P{Cc}\t\n]/gu, "");

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
