// Text shaping once per string and face within one document.
//
// react-pdf's textkit shapes every run of text with fontkit's `layout` (OpenType substitution and
// positioning: 18% of a proposal's render), and shapes the same string again every time it comes
// back. In the demo proposal 2,948 runs are shaped and 1,196 are distinct: the running header and
// footer of every page, "Deliverables", "Done when", bullets and units. Shaping is a pure function
// of the face and (string, features, script, language, direction), and textkit only reads the glyph
// run it gets back (it copies the positions before scaling them, and react-pdf's renderer copies the
// glyph list before changing it), so one result can serve every repeat.
//
// The cache belongs to one document: after `beginDocument()` a face's cache empties on its next use,
// so memory is bounded by one document's text and a render never reuses what the worker shaped for
// another document.
// Only textkit's call is cached, the one that passes all five arguments with direction "ltr";
// pdfkit's own calls (`layout(text, features)`) scale the positions they get in place and must keep
// fresh ones.
//
// Text in DejaVu Sans that is all Latin with typographic punctuation (fonts.ts LATIN_TEXT) is shaped a
// word at a time: a run is its words, each with the spaces after it, shaped once per document and
// put end to end. Words repeat far more than whole runs (a description shares most of its words with
// the others), so a proposal shapes about a third of the characters (the demo: 23,000 of 65,000,
// in 3,214 words instead of 1,040 runs). It gives the very glyphs and positions the whole run gets:
// DejaVu Sans has no substitution or kerning across a space, checked for every pair of these
// characters in all four faces (shaping-cache.test.ts checks a sample).
// A run's words not yet shaped are shaped together, in one call (per script, as fontkit guesses it
// from the text), and cut back into words: a call costs far more than a word (6 December, second pass).
import { Font } from "@react-pdf/renderer";

import { FONT_FAMILY, LATIN_TEXT } from "../blocks/fonts";

type Layout = (
  text: string,
  features?: unknown,
  script?: string,
  language?: string,
  direction?: string,
) => unknown;
type ShapingFont = {
  layout: Layout;
  familyName?: string;
  unitsPerEm?: number;
  hasGlyphForCodePoint?: (codePoint: number) => boolean;
};
type GlyphRun = { glyphs: unknown[]; positions: unknown[] };

/** A word with the spaces after it, or the spaces a run starts with. */
const WORDS = / +|[^ ]+ */g;

/** The words' glyph runs as one: a run of the same class as the first, so its getters still work. */
function joinRuns(runs: GlyphRun[]): GlyphRun {
  const glyphs: unknown[] = [];
  const positions: unknown[] = [];
  for (const run of runs) {
    for (const glyph of run.glyphs) glyphs.push(glyph);
    for (const position of run.positions) positions.push(position);
  }
  const first = runs[0]!;
  return Object.assign(Object.create(Object.getPrototypeOf(first) as object) as GlyphRun, first, {
    glyphs,
    positions,
  });
}

/** A letter of the Latin script: fontkit shapes a string with one (its script guess) as Latin. */
const LATIN_LETTER = /\p{Script=Latin}/u;

const spaceGlyphs = new WeakMap<ShapingFont, number>();
/** The id of a face's glyph for U+0020. */
function spaceGlyph(font: ShapingFont): number {
  let id = spaceGlyphs.get(font);
  if (id === undefined) {
    id = (font as ShapingFont & { glyphForCodePoint(cp: number): { id: number } }).glyphForCodePoint(32).id;
    spaceGlyphs.set(font, id);
  }
  return id;
}

/**
 * Cuts the glyph run of `words` put end to end back into one run per word, or null when its glyphs
 * do not fall into exactly those words. Each word was shaped ending in spaces (one was added to a
 * word without): a word's glyphs end after the space glyphs that follow its other glyphs, which must
 * be as many as its spaces; the added space is dropped. Each part is what shaping the word alone
 * gives: DejaVu Sans has no kerning or substitution across a space, nor with a space at the end
 * (shaping-cache.test.ts checks every character in all four faces).
 */
export function splitWords(batch: GlyphRun, words: string[], space: number): GlyphRun[] | null {
  const glyphs = batch.glyphs as { id: number }[];
  const runs: GlyphRun[] = [];
  let start = 0;
  for (const word of words) {
    let spaces = 0;
    while (word[word.length - 1 - spaces] === " ") spaces++;
    const added = spaces === 0 ? 1 : 0;
    let end = start;
    while (end < glyphs.length && glyphs[end]!.id !== space) end++;
    if (end === start) return null;
    let trailing = 0;
    while (end + trailing < glyphs.length && glyphs[end + trailing]!.id === space) trailing++;
    if (trailing !== spaces + added) return null;
    const stop = end + trailing - added;
    runs.push(
      Object.assign(Object.create(Object.getPrototypeOf(batch) as object) as GlyphRun, batch, {
        glyphs: batch.glyphs.slice(start, stop),
        positions: batch.positions.slice(start, stop),
      }),
    );
    start = end + trailing;
  }
  return start === glyphs.length ? runs : null;
}

/** Far above one proposal's distinct runs (1,196 for the demo, about 3,000 for 150 items). */
const MAX_ENTRIES = 20_000;

/** Raised by each `beginDocument()`; a cache made in an earlier document empties on its next use. */
let documentNumber = 0;
const cached = new WeakSet<ShapingFont>();

function isShapingFont(value: unknown): value is ShapingFont {
  return typeof value === "object" && value !== null && typeof (value as ShapingFont).layout === "function";
}

/**
 * textkit picks a face for every character of every text it lays out: it asks each face whether it
 * has the character (a cmap lookup) and reads its unitsPerEm (a getter that looks up the head table)
 * twice per character. Both are fixed for a face: the answers are kept on the face itself.
 */
function rememberMetrics(font: ShapingFont): void {
  if (typeof font.unitsPerEm === "number") {
    Object.defineProperty(font, "unitsPerEm", { value: font.unitsPerEm, configurable: true });
  }
  const has = font.hasGlyphForCodePoint;
  if (typeof has !== "function") return;
  const known = new Map<number, boolean>();
  font.hasGlyphForCodePoint = function (this: ShapingFont, codePoint: number) {
    let answer = known.get(codePoint);
    if (answer === undefined) {
      answer = has.call(this, codePoint);
      known.set(codePoint, answer);
    }
    return answer;
  };
}

/** Wraps a parsed font's `layout` with a cache of the current document's runs, once. */
function cacheShaping(font: ShapingFont): void {
  if (cached.has(font)) return;
  cached.add(font);
  rememberMetrics(font);
  const layout = font.layout;
  const byWord = font.familyName === FONT_FAMILY;
  const shaped = new Map<string, unknown>();
  let shapedIn = documentNumber;
  /** `text` shaped with the call's other arguments, once per document. */
  function shape(self: ShapingFont, prefix: string, text: string, args: Parameters<Layout>) {
    let run = shaped.get(prefix + text);
    if (run === undefined) {
      run = layout.call(self, text, args[1], args[2], args[3], args[4]);
      shaped.set(prefix + text, run);
    }
    return run;
  }
  /**
   * The words of a run not shaped yet in this document, shaped in one call per script and cut back
   * into words (see splitWords): fontkit's cost is mostly per call (a shaping plan, then every
   * lookup of the face walked over the glyphs), so a run's new words cost about one word.
   */
  function shapeTogether(self: ShapingFont, prefix: string, words: string[], args: Parameters<Layout>) {
    const missing = new Set<string>();
    // Leading spaces stay alone: in a batch they would join the spaces before them.
    for (const word of words) if (word[0] !== " " && !shaped.has(prefix + word)) missing.add(word);
    if (missing.size < 2) return;
    const latin: string[] = [];
    const other: string[] = [];
    for (const word of missing) (LATIN_LETTER.test(word) ? latin : other).push(word);
    for (const group of [latin, other]) {
      if (group.length < 2) continue;
      const padded = group.map((word) => (word.endsWith(" ") ? word : `${word} `));
      const batch = layout.call(self, padded.join(""), args[1], args[2], args[3], args[4]) as GlyphRun;
      const runs = splitWords(batch, group, spaceGlyph(self));
      // Anything unexpected (a character drawn as the space glyph): the words are shaped one by one.
      if (!runs) continue;
      group.forEach((word, i) => shaped.set(prefix + word, runs[i]));
    }
  }
  font.layout = function (this: ShapingFont, ...args: Parameters<Layout>) {
    const [text, features, script, language, direction] = args;
    if (args.length !== 5 || direction !== "ltr" || typeof text !== "string") {
      return layout.apply(this, args);
    }
    if (shapedIn !== documentNumber || shaped.size >= MAX_ENTRIES) {
      shaped.clear();
      shapedIn = documentNumber;
    }
    const prefix = `${features === undefined ? "" : JSON.stringify(features)}\u0000${script ?? ""}\u0000${language ?? ""}\u0000`;
    if (!byWord || !text.includes(" ") || !LATIN_TEXT.test(text)) return shape(this, prefix, text, args);
    let run = shaped.get(prefix + text);
    if (run === undefined) {
      const words = text.match(WORDS)!;
      shapeTogether(this, prefix, words, args);
      const runs: GlyphRun[] = [];
      for (const word of words) runs.push(shape(this, prefix, word, args) as GlyphRun);
      run = runs.length === 1 ? runs[0] : joinRuns(runs);
      shaped.set(prefix + text, run);
    }
    return run;
  };
}

/**
 * Before each render: starts a new document for every cache, and caches the faces loaded since the
 * last render (a fallback font loaded during a render is cached from the next one).
 */
export function beginDocument(): void {
  documentNumber += 1;
  for (const family of Object.values(Font.getRegisteredFonts())) {
    for (const source of family.sources) {
      if (isShapingFont(source.data)) cacheShaping(source.data);
    }
  }
}
