// Fonts for the PDFs, registered once per thread (each render worker has its own react-pdf font
// store). DejaVu Sans sets almost everything: Latin with accents, Greek, Cyrillic, Arabic (joined,
// right to left: react-pdf shapes with fontkit and orders with bidi-js) and Hebrew. What it lacks
// comes from fallback fonts that react-pdf picks per character from a family list: Noto Sans
// CJK (Chinese, Japanese, Korean) and Noto Naskh Arabic / Noto Sans Hebrew for the letters DejaVu
// does not have. Emoji are images (emoji.ts). Decision 014.
//
// The CJK fonts are big (5-9 MB a face) and react-pdf loads every family of a list as soon as a
// document uses the list, so each document gets only the fallbacks its own text needs: a document
// in Latin script never opens them, and a worker opens each at most once.
import { createRequire } from "node:module";
import path from "node:path";

import { Font } from "@react-pdf/renderer";

import { emojiFile } from "./emoji";

export const FONT_FAMILY = "DejaVu Sans";

/** Words longer than this may break between chunks of CHUNK characters. */
const LONG_WORD = 24;
const CHUNK = 12;

/** Chinese, Japanese and Korean characters take a full em: they count twice towards a word's length. */
const WIDE =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uff60]/u;

/**
 * Closing punctuation, and the small kana and prolonged sound mark, never start a line; opening
 * brackets never end one (the basic rules of Chinese and Japanese line breaking).
 */
const NO_LINE_START = new Set(
  Array.from(
    "、。，．・：；？！）」』】〉》〕〗〙〛｝］｠”’ー々〻ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ…‥",
  ),
);
const NO_LINE_END = new Set(Array.from("（「『【〈《〔〖〘〚｛［｟“‘"));

/** URLs, email addresses and paths: no hyphen may go into them, or a copied link is another link. */
const ADDRESS = /[/\\@]|^www\./i;
/** Where an address breaks best: before these (a slash, a dot, a query separator…). */
const ADDRESS_BREAK = /[/\\.?&=#%_~:@-]/;

/**
 * Break points for react-pdf's line breaker, which splits text on spaces only and passes each word
 * here. It returns the word's parts: between two parts a line may break. It draws a hyphen at such a
 * break, except after a part followed by an empty string, which it takes as a zero-width space (a
 * break with nothing added).
 *
 * No mid-word hyphenation of ordinary words: an English hyphenation dictionary splits names and
 * product terms badly ("Sup-abase"). But some text needs places to break, or it runs out of its
 * table cell:
 * - Chinese, Japanese and Korean, written without spaces, break between any two of their
 *   characters, without a hyphen (and not before closing punctuation or after opening brackets);
 * - long URLs, email addresses and paths break before a slash, dot or other separator (or every
 *   CHUNK characters when they have none), without a hyphen: copying one out of the PDF gives it back;
 * - other very long unbroken strings ("aaaa…", ids) split into chunks of CHUNK characters, with a
 *   hyphen.
 */
export function hyphenate(word: string): string[] {
  if (WIDE.test(word)) return breakCjk(word);
  return breakRun(word);
}

/** The parts of a word without CJK characters: whole, or split as an address or a long string. */
function breakRun(word: string): string[] {
  if (word.length <= LONG_WORD / 2) return [word];
  const chars = Array.from(word);
  if (chars.length <= LONG_WORD) return [word];
  if (ADDRESS.test(word)) return withoutHyphens(addressParts(chars));
  return chunks(chars);
}

function chunks(chars: string[]): string[] {
  const parts: string[] = [];
  for (let i = 0; i < chars.length; i += CHUNK) parts.push(chars.slice(i, i + CHUNK).join(""));
  return parts;
}

/**
 * An address in pieces, none longer than CHUNK characters, broken the way style guides break URLs:
 * after "//", and before a dot, slash, hyphen or other separator ("example", ".com", "/docs"), so a
 * line never ends in what could be read as punctuation or an added hyphen.
 */
function addressParts(chars: string[]): string[] {
  const parts: string[] = [];
  let part = "";
  chars.forEach((c, i) => {
    const previous = chars[i - 1];
    const beforeSeparator =
      ADDRESS_BREAK.test(c) && c !== ":" && previous !== undefined && !ADDRESS_BREAK.test(previous);
    const afterSlashes = previous === "/" && chars[i - 2] === "/" && c !== "/";
    if (part && (beforeSeparator || afterSlashes || Array.from(part).length >= CHUNK)) {
      parts.push(part);
      part = "";
    }
    part += c;
  });
  if (part) parts.push(part);
  return parts;
}

/** The parts with an empty string between each two: each break is a break without a hyphen. */
function withoutHyphens(parts: string[]): string[] {
  return parts.flatMap((part, i) => (i === 0 ? [part] : ["", part]));
}

/**
 * A word with CJK characters: each of them on its own, the runs of other characters between them
 * as breakRun splits them; a line may break between any two, never with a hyphen, except inside a
 * run that breakRun hyphenates.
 */
function breakCjk(word: string): string[] {
  // Each unit is one CJK character, or a run of other characters in the parts breakRun gives it.
  const units: string[][] = [];
  let run = "";
  const endRun = () => {
    if (run) units.push(breakRun(run));
    run = "";
  };
  for (const c of word) {
    if (WIDE.test(c)) {
      endRun();
      units.push([c]);
    } else run += c;
  }
  endRun();
  // What may not be separated stays together: closing punctuation with what precedes it, opening
  // brackets with what follows.
  const kept: string[][] = [];
  let opening = "";
  for (const unit of units) {
    const previous = kept.at(-1);
    if (previous && !opening && NO_LINE_START.has(unit[0]!)) {
      previous[previous.length - 1] += unit[0]!;
      previous.push(...unit.slice(1));
    } else if (unit.length === 1 && NO_LINE_END.has(unit[0]!)) {
      opening += unit[0]!;
    } else {
      kept.push([opening + unit[0]!, ...unit.slice(1)]);
      opening = "";
    }
  }
  if (opening) {
    const last = kept.at(-1);
    if (last) last[last.length - 1] += opening;
    else kept.push([opening]);
  }
  return kept.flatMap((parts, i) => (i === 0 ? parts : ["", ...parts]));
}

const VARIANTS = [
  { file: "DejaVuSans.ttf", fontWeight: "normal", fontStyle: "normal" },
  { file: "DejaVuSans-Bold.ttf", fontWeight: "bold", fontStyle: "normal" },
  { file: "DejaVuSans-Oblique.ttf", fontWeight: "normal", fontStyle: "italic" },
  { file: "DejaVuSans-BoldOblique.ttf", fontWeight: "bold", fontStyle: "italic" },
] as const;

/** The directory of an installed package, through Node's resolution (not the working directory). */
function packageDir(name: string, entry = name): string {
  const resolved = createRequire(import.meta.url).resolve(entry);
  const marker = path.join("node_modules", name);
  return resolved.slice(0, resolved.lastIndexOf(marker) + marker.length);
}

interface Fallback {
  family: string;
  package: string;
  regular: string;
  bold: string;
}

/**
 * Fallback fonts, all Noto (SIL Open Font License), from @embedpdf's font packages. The CJK ones are
 * Noto Sans CJK's regional faces: the SC face has the most characters (kana included), the KR face
 * has Hangul, the JP face draws shared characters the Japanese way.
 */
const FALLBACKS = {
  sc: {
    family: "Noto Sans SC",
    package: "@embedpdf/fonts-sc",
    regular: "NotoSansHans-Regular.otf",
    bold: "NotoSansHans-Bold.otf",
  },
  jp: {
    family: "Noto Sans JP",
    package: "@embedpdf/fonts-jp",
    regular: "NotoSansJP-Regular.otf",
    bold: "NotoSansJP-Bold.otf",
  },
  kr: {
    family: "Noto Sans KR",
    package: "@embedpdf/fonts-kr",
    regular: "NotoSansKR-Regular.otf",
    bold: "NotoSansKR-Bold.otf",
  },
  arabic: {
    family: "Noto Naskh Arabic",
    package: "@embedpdf/fonts-arabic",
    regular: "NotoNaskhArabic-Regular.ttf",
    bold: "NotoNaskhArabic-Bold.ttf",
  },
  hebrew: {
    family: "Noto Sans Hebrew",
    package: "@embedpdf/fonts-hebrew",
    regular: "NotoSansHebrew-Regular.ttf",
    bold: "NotoSansHebrew-Bold.ttf",
  },
} satisfies Record<string, Fallback>;
type FallbackId = keyof typeof FALLBACKS;

/** Registers a fallback's faces without reading them. Italic is the upright face, loaded once. */
function registerFallback({ family, package: pkg, regular, bold }: Fallback) {
  const dir = path.join(packageDir(pkg), "fonts");
  Font.register({
    family,
    fonts: [
      { src: path.join(dir, regular), fontWeight: "normal", fontStyle: "normal" },
      { src: path.join(dir, bold), fontWeight: "bold", fontStyle: "normal" },
      { src: path.join(dir, regular), fontWeight: "normal", fontStyle: "italic" },
      { src: path.join(dir, bold), fontWeight: "bold", fontStyle: "italic" },
    ],
  });
  // react-pdf resolves a style to a face or throws, and every text style with fontStyle italic asks
  // each family of its list for an italic face. These scripts have no italics: the italic face is
  // the upright file, and shares its parsed font instead of reading 5-9 MB a second time.
  const sources = Font.getRegisteredFonts()[family]?.sources ?? [];
  for (const source of sources) {
    const upright = sources.find((s) => s.src === source.src && s !== source && s.fontStyle === "normal");
    if (!upright || source.fontStyle === "normal") continue;
    source.load = () =>
      (source.loadResultPromise ??= upright.load().then(() => {
        source.data = upright.data;
      }));
  }
}

/**
 * A weight as react-pdf's font store looks faces up by it. Its lookup compares a named weight
 * ("bold") with the registered faces' numeric ones (700) and, finding no exact match, falls back to
 * the next lighter face: asked for "bold" it gives the regular face, so the bold face was never
 * loaded here and bold text was measured as regular, a tenth narrower than it prints (QA 7, finding 6).
 */
function numericWeight(weight: "normal" | "bold"): number {
  return weight === "bold" ? 700 : 400;
}

let registered: Promise<void> | undefined;

/**
 * Registers DejaVu Sans (4 faces, loaded now), the fallbacks (loaded when a document needs them),
 * the emoji images and the hyphenation rule; idempotent.
 */
export function registerPdfFonts(): Promise<void> {
  registered ??= (async () => {
    const dir = path.join(packageDir("dejavu-fonts-ttf", "dejavu-fonts-ttf/package.json"), "ttf");
    Font.register({
      family: FONT_FAMILY,
      fonts: VARIANTS.map((v) => ({
        src: path.join(dir, v.file),
        fontWeight: v.fontWeight,
        fontStyle: v.fontStyle,
      })),
    });
    for (const fallback of Object.values(FALLBACKS)) registerFallback(fallback);
    Font.registerEmojiSource({ builder: emojiFile });
    Font.registerHyphenationCallback(hyphenate);
    await Promise.all(
      VARIANTS.map((v) =>
        Font.load({ fontFamily: FONT_FAMILY, fontWeight: numericWeight(v.fontWeight), fontStyle: v.fontStyle }),
      ),
    );
  })();
  return registered;
}

const coverage = new Map<number, boolean>();

/** Whether every registered face of DejaVu Sans has a glyph for the code point (after registerPdfFonts). */
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

/**
 * Text of only printable ASCII, Latin-1, Latin Extended-A, typographic punctuation (dashes, quotes,
 * bullets, ellipsis, primes…) and a few symbols (€ ™ → − ≈): what a proposal is written in. DejaVu
 * Sans shapes such text the same word by word as whole (rendering/shaping-cache.ts).
 */
export const LATIN_TEXT =
  /^[\u0020-\u007e\u00a0-\u017f\u2010-\u2027\u2030-\u205e\u20ac\u2122\u2192\u2212\u2248]*$/;

/**
 * The width in points of `text` set in DejaVu Sans at `size` (after registerPdfFonts), for layout
 * that must fit a box react-pdf does not wrap for us, such as text in an Svg. Before the fonts are
 * loaded it errs wide: 0.7 em a character.
 */
export function textWidth(text: string, size: number, bold = false): number {
  let font;
  try {
    font = Font.getFont({
      fontFamily: FONT_FAMILY,
      fontWeight: numericWeight(bold ? "bold" : "normal"),
      fontStyle: "normal",
    }).data;
  } catch {
    // not registered in this thread
  }
  if (!font) return Array.from(text).length * size * 0.7;
  // Latin text is shaped as textkit shapes it, so through the document's shaping cache, word by word
  // (rendering/shaping-cache.ts): the timeline measures a long title again at every length it tries.
  // The same width as `layout(text)`.
  const run = LATIN_TEXT.test(text) ? font.layout(text, [], undefined, undefined, "ltr") : font.layout(text);
  return (run.advanceWidth / font.unitsPerEm) * size;
}

async function fallbackHas(id: FallbackId, codePoint: number): Promise<boolean> {
  const descriptor = { fontFamily: FALLBACKS[id].family, fontWeight: "normal", fontStyle: "normal" } as const;
  await Font.load(descriptor);
  return Font.getFont(descriptor).data?.hasGlyphForCodePoint(codePoint) ?? false;
}

const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const HANGUL = /\p{Script=Hangul}/u;
const CJK =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}\u3000-\u33ff\uff00-\uffef]/u;
const ARABIC = /\p{Script_Extensions=Arabic}/u;
const HEBREW = /\p{Script_Extensions=Hebrew}/u;
const SYMBOL = /[\p{S}\p{P}\p{N}]/u;

/** What the fonts of one document can draw: its font list and the characters it covers. */
export interface FontPlan {
  fontFamily: string[];
  covers: (codePoint: number) => boolean;
}

/**
 * The font list for a document whose text (every string it prints) has these characters beyond
 * DejaVu Sans, loading the fallbacks that draw them. A character no fallback draws stays uncovered
 * (printable() shows it as U+FFFD). The same characters always get the same fonts.
 *
 * The CJK faces disagree on how some shared characters look; the document's own script decides
 * which goes first: kana means Japanese, Hangul means Korean, otherwise Chinese.
 */
export async function planFonts(missing: Iterable<string>): Promise<FontPlan> {
  await registerPdfFonts();
  const chars = [...new Set(missing)];
  if (chars.length === 0) return { fontFamily: [FONT_FAMILY], covers: hasGlyph };
  const cjk: FallbackId[] = chars.some((c) => KANA.test(c))
    ? ["jp", "sc", "kr"]
    : chars.some((c) => HANGUL.test(c))
      ? ["kr", "sc", "jp"]
      : ["sc", "jp", "kr"];
  const order: FallbackId[] = [...cjk, "arabic", "hebrew"];
  const used = new Set<FallbackId>();
  const covered = new Set<number>();
  for (const char of chars) {
    // Only the fonts made for the character's script are tried, so a stray character does not
    // open every font. Symbols, punctuation and digits DejaVu lacks may be in SC, the largest; the
    // letters of other scripts (Thai, Devanagari…) are in none of them.
    const candidates: FallbackId[] = CJK.test(char)
      ? cjk
      : ARABIC.test(char)
        ? ["arabic"]
        : HEBREW.test(char)
          ? ["hebrew"]
          : SYMBOL.test(char)
            ? ["sc"]
            : [];
    const cp = char.codePointAt(0)!;
    for (const id of candidates) {
      if (await fallbackHas(id, cp)) {
        used.add(id);
        covered.add(cp);
        break;
      }
    }
  }
  return {
    fontFamily: [FONT_FAMILY, ...order.filter((id) => used.has(id)).map((id) => FALLBACKS[id].family)],
    covers: (cp) => hasGlyph(cp) || covered.has(cp),
  };
}
