// User text goes into the PDF exactly as typed, except what the fonts cannot draw. A character no
// font of the document has would come out as a wrong glyph, not a blank: react-pdf falls back to
// glyph 0 and the reader sees nonsense like "N÷" for "李雷". Those characters become U+FFFD, the
// conventional "cannot show this" mark, which DejaVu has. Emoji stay when there is an image for them
// (emoji.ts). Invisible format characters (zero-width spaces, bidi controls, variation selectors)
// and control characters are dropped, except the joiners ZWNJ and ZWJ, which Persian and Arabic
// spelling needs (DejaVu has them as empty glyphs); tabs become spaces.
import { emojiImage, emojiPattern } from "./emoji";
import { hasGlyph } from "./fonts";

export const REPLACEMENT = "\uFFFD";

// Fast path: printable ASCII, newlines, Latin-1 and Latin Extended-A (all in DejaVu) need no work.
const SAFE = /^[\n\u0020-\u007e\u00a0-\u00ac\u00ae-\u017f]*$/;
const FORMAT_CONTROL_OR_SELECTOR = /[\p{Cf}\p{Cc}\uFE00-\uFE0F]/u;
const JOINER = /[\u200C\u200D]/;
const invisible = (char: string) => FORMAT_CONTROL_OR_SELECTOR.test(char) && !JOINER.test(char);

type Covers = (codePoint: number) => boolean;

function plainText(text: string, covers: Covers): string {
  let out = "";
  for (const char of text) {
    if (char === "\n") out += char;
    else if (char === "\t") out += " ";
    else if (invisible(char)) continue;
    else out += covers(char.codePointAt(0)!) ? char : REPLACEMENT;
  }
  return out;
}

/**
 * The text as the document can print it. `covers` says which characters its fonts draw: DejaVu's
 * by default, a document's own list (fonts.ts planFonts) when it has fallbacks. An emoji without an
 * image becomes one U+FFFD (react-pdf would otherwise look for its image and warn).
 */
export function printable(text: string, covers: Covers = hasGlyph): string {
  if (SAFE.test(text)) return text;
  let out = "";
  let last = 0;
  for (const match of text.matchAll(emojiPattern())) {
    out += plainText(text.slice(last, match.index), covers);
    out += emojiImage(match[0]) ? match[0] : REPLACEMENT;
    last = match.index + match[0].length;
  }
  return out + plainText(text.slice(last), covers);
}

/** Every string in plain data (objects, arrays), in the order printableDeep visits them. */
function* strings(value: unknown): Generator<string> {
  if (typeof value === "string") yield value;
  else if (Array.isArray(value)) for (const v of value) yield* strings(v);
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) if (k !== "__proto__") yield* strings(v);
  }
}

/** The visible characters in plain data that DejaVu Sans cannot draw and that are not emoji pictures. */
export function missingChars(value: unknown): Set<string> {
  const missing = new Set<string>();
  const note = (text: string) => {
    for (const char of text) {
      if (!invisible(char) && !hasGlyph(char.codePointAt(0)!)) missing.add(char);
    }
  };
  for (const text of strings(value)) {
    if (SAFE.test(text)) continue;
    let last = 0;
    for (const match of text.matchAll(emojiPattern())) {
      note(text.slice(last, match.index));
      last = match.index + match[0].length;
    }
    note(text.slice(last));
  }
  return missing;
}

/** A copy of plain data (objects, arrays) with every string made printable. */
export function printableDeep<T>(value: T, covers: Covers = hasGlyph): T {
  if (typeof value === "string") return printable(value, covers) as T;
  if (Array.isArray(value)) return value.map((v) => printableDeep(v, covers)) as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    // "__proto__" would set the copy's prototype instead of a field; no document has such a field.
    for (const [k, v] of Object.entries(value)) if (k !== "__proto__") out[k] = printableDeep(v, covers);
    return out as T;
  }
  return value;
}

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

/**
 * Shortens to at most `max` characters on a word boundary where possible, with an ellipsis. It
 * counts and cuts whole graphemes, so an emoji sequence (👩‍💻, 👍🏿) or a letter with its marks
 * is never split.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = Array.from(graphemes.segment(text), (g) => g.segment);
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
