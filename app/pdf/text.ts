// User text goes into the PDF exactly as typed, except what the font cannot draw. A glyph missing
// from DejaVu Sans (CJK, emoji) would come out as a wrong glyph, not a blank: react-pdf falls back to
// glyph 0 and the reader sees nonsense like "N÷" for "李雷". Those characters become U+FFFD, the
// conventional "cannot show this" mark, which DejaVu has. Invisible format characters (zero-width
// spaces, bidi controls) and control characters are dropped; tabs become spaces.
import { hasGlyph } from "./fonts";

export const REPLACEMENT = "\uFFFD";

// Fast path: printable ASCII, newlines, Latin-1 and Latin Extended-A (all in DejaVu) need no work.
const SAFE = /^[\n\u0020-\u007e\u00a0-\u00ac\u00ae-\u017f]*$/;
const FORMAT_OR_CONTROL = /[\p{Cf}\p{Cc}]/u;

export function printable(text: string): string {
  if (SAFE.test(text)) return text;
  let out = "";
  for (const char of text) {
    if (char === "\n") out += char;
    else if (char === "\t") out += " ";
    else if (FORMAT_OR_CONTROL.test(char)) continue;
    else out += hasGlyph(char.codePointAt(0)!) ? char : REPLACEMENT;
  }
  return out;
}

/** A copy of plain data (objects, arrays) with every string made printable. */
export function printableDeep<T>(value: T): T {
  if (typeof value === "string") return printable(value) as T;
  if (Array.isArray(value)) return value.map((v) => printableDeep(v)) as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    // "__proto__" would set the copy's prototype instead of a field; no document has such a field.
    for (const [k, v] of Object.entries(value)) if (k !== "__proto__") out[k] = printableDeep(v);
    return out as T;
  }
  return value;
}

/** Shortens to at most `max` characters on a word boundary where possible, with an ellipsis. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const cut = chars.slice(0, max - 1).join("");
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * A file path ("src/lib/ai.ts:4") that may wrap after each "/" and before the line number (zero-width
 * spaces), instead of in the fixed-size chunks long words get.
 */
export function breakablePath(path: string): string {
  return path.replace(/\//g, "/\u200B").replace(/:(\d+)$/, "\u200B:$1");
}
