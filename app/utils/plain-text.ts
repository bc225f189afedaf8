// Which characters free text may hold, for the forms and an imported file alike (a file cannot bring
// in what the forms would refuse). Control characters (NUL, BEL, ESC…) have no business in what
// people type: they reach CSV exports and emails as they are, and confuse what reads them.

/** Text shown on one line (titles, names): no control characters, no line or paragraph separators. */
export const hasLineBreakOrControl = (text: string) => /[\p{Cc}\p{Zl}\p{Zp}]/u.test(text);

/** Text of several lines (descriptions): tabs and line breaks, no other control characters. */
export const hasControl = (text: string) => /[^\P{Cc}\t\n\r]/u.test(text);
