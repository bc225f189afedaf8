// Emoji in the PDFs are pictures, not glyphs: PDF has no colour-font support that react-pdf can
// write, so react-pdf draws each emoji it finds (with emoji-regex-xs, as here) as a small image from
// the registered emoji source. The images are Twemoji's 64 px PNGs from the emoji-datasource-twitter
// package, read from disk: nothing is fetched while rendering.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

import emojiRegex from "emoji-regex-xs";

/** The same expression react-pdf's layout uses to find emoji (a fresh one: it is global, stateful). */
export function emojiPattern(): RegExp {
  return emojiRegex();
}

function imageDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve("emoji-datasource-twitter/package.json")), "img/twitter/64");
}

/**
 * A sequence of code points as a lookup key: hex without leading zeros or variation selectors.
 * react-pdf names an emoji by its code points without U+FE0F ("2764" for ❤️, "31-20e3" for 1️⃣),
 * while the files keep them and pad to four digits ("2764-fe0f.png", "0031-fe0f-20e3.png").
 */
function key(hexes: string[]): string {
  return hexes
    .map((h) => parseInt(h, 16))
    .filter((cp) => cp !== 0xfe0f && cp !== 0xfe0e)
    .map((cp) => cp.toString(16))
    .join("-");
}

let files: Map<string, string> | undefined;

/** Every emoji image the package has, by key; read once per thread (about 3,800 names). */
function imageFiles(): Map<string, string> {
  if (!files) {
    const dir = imageDir();
    files = new Map(
      fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".png"))
        .map((f) => [key(f.slice(0, -4).split("-")), path.join(dir, f)]),
    );
  }
  return files;
}

/** The image file for an emoji as the text has it, or null when the package has none. */
export function emojiImage(emoji: string): string | null {
  return imageFiles().get(key(Array.from(emoji, (c) => c.codePointAt(0)!.toString(16)))) ?? null;
}

/**
 * For Font.registerEmojiSource: react-pdf asks for "1f950" or "1f44d-1f3ff". Text is made
 * printable first (text.ts), which keeps only emoji that have an image, so the fallback name is
 * never read in practice; if it were, react-pdf would warn and draw the text instead.
 */
export function emojiFile(code: string): string {
  return imageFiles().get(key(code.split("-"))) ?? path.join(imageDir(), `${code}.png`);
}
