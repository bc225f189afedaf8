// Fonts for the PDFs, registered once per thread (each render worker has its own react-pdf font
// store). DejaVu Sans covers Latin, Greek and Cyrillic, so accented names render as typed; the
// built-in PDF fonts cover only WinAnsi and would drop "Ł" or "š".
import { createRequire } from "node:module";
import path from "node:path";

import { Font } from "@react-pdf/renderer";

export const FONT_FAMILY = "DejaVu Sans";

/** Words longer than this may break between chunks of CHUNK characters (with a hyphen). */
const LONG_WORD = 24;
const CHUNK = 12;

/**
 * No mid-word hyphenation: an English hyphenation dictionary splits names and product terms badly
 * ("Sup-abase"). Very long unbroken strings (URLs, ids, "aaaa…") still need somewhere to break, or
 * they run out of their table cell, so they split into fixed-size chunks.
 */
export function hyphenate(word: string): string[] {
  if (word.length <= LONG_WORD) return [word];
  const chars = Array.from(word);
  if (chars.length <= LONG_WORD) return [word];
  const parts: string[] = [];
  for (let i = 0; i < chars.length; i += CHUNK) parts.push(chars.slice(i, i + CHUNK).join(""));
  return parts;
}

const VARIANTS = [
  { file: "DejaVuSans.ttf", fontWeight: "normal", fontStyle: "normal" },
  { file: "DejaVuSans-Bold.ttf", fontWeight: "bold", fontStyle: "normal" },
  { file: "DejaVuSans-Oblique.ttf", fontWeight: "normal", fontStyle: "italic" },
  { file: "DejaVuSans-BoldOblique.ttf", fontWeight: "bold", fontStyle: "italic" },
] as const;

function fontDir(): string {
  // Resolved through the package, not the working directory, so a worker started from anywhere finds it.
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
}

let registered: Promise<void> | undefined;

/** Registers DejaVu Sans (4 faces) and the hyphenation rule, and loads the faces; idempotent. */
export function registerPdfFonts(): Promise<void> {
  registered ??= (async () => {
    const dir = fontDir();
    Font.register({
      family: FONT_FAMILY,
      fonts: VARIANTS.map((v) => ({
        src: path.join(dir, v.file),
        fontWeight: v.fontWeight,
        fontStyle: v.fontStyle,
      })),
    });
    Font.registerHyphenationCallback(hyphenate);
    await Promise.all(
      VARIANTS.map((v) =>
        Font.load({ fontFamily: FONT_FAMILY, fontWeight: v.fontWeight, fontStyle: v.fontStyle }),
      ),
    );
  })();
  return registered;
}

const coverage = new Map<number, boolean>();

/** Whether every registered face of the family has a glyph for the code point (after registerPdfFonts). */
export function hasGlyph(codePoint: number): boolean {
  let known = coverage.get(codePoint);
  if (known === undefined) {
    known = VARIANTS.every((v) => {
      const source = Font.getFont({
        fontFamily: FONT_FAMILY,
        fontWeight: v.fontWeight,
        fontStyle: v.fontStyle,
      });
      return source.data?.hasGlyphForCodePoint(codePoint) ?? false;
    });
    coverage.set(codePoint, known);
  }
  return known;
}
