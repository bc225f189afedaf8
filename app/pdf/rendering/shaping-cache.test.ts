// The per-document shaping cache, and the pdfkit patch that reuses one embedded font per parsed face
// (patches/pdfkit+0.20.1.patch): both are render-time savings that must not change what is drawn.
import { Font } from "@react-pdf/renderer";
import { beforeAll, describe, expect, it } from "vitest";

import { FONT_FAMILY, LATIN_TEXT, registerPdfFonts } from "../blocks/fonts";

import { beginDocument, splitWords } from "./shaping-cache";

type GlyphRun = { glyphs: { id: number }[]; positions: { xAdvance: number }[] };
type Face = { layout: (...args: unknown[]) => GlyphRun };

type PdfKitDocument = { font(src: unknown, size: number): unknown; _font: unknown; _fontCount: number };

let face: Face;
/** pdfkit as react-pdf loads it; a dependency of react-pdf, not ours, and without types. */
let PDFDocument: new (options: object) => PdfKitDocument;

beforeAll(async () => {
  const pdfkit = "pdfkit";
  ({ default: PDFDocument } = (await import(/* @vite-ignore */ pdfkit)) as { default: typeof PDFDocument });
  await registerPdfFonts();
  face = Font.getFont({ fontFamily: FONT_FAMILY, fontWeight: "normal", fontStyle: "normal" })
    .data as unknown as Face;
  beginDocument();
});

const shape = (text: string, features: unknown = undefined) =>
  face.layout(text, features, undefined, undefined, "ltr");

describe("shaping cache", () => {
  it("shapes a repeated string once within a document, to the same glyphs as a fresh shaping", () => {
    beginDocument();
    const first = shape("Done when the checkout is live");
    expect(shape("Done when the checkout is live")).toBe(first);
    // pdfkit's own two-argument call is never cached, and shapes the same glyphs
    const fresh = face.layout("Done when the checkout is live", undefined);
    expect(fresh).not.toBe(first);
    expect(fresh.glyphs.map((g) => g.id)).toEqual(first.glyphs.map((g) => g.id));
  });

  it("keeps different strings and different features apart", () => {
    beginDocument();
    const plain = shape("office");
    expect(shape("offices")).not.toBe(plain);
    const noLigatures = shape("office", { liga: false });
    expect(noLigatures).not.toBe(plain);
    expect(shape("office", { liga: false })).toBe(noLigatures);
  });

  it("starts empty for each document", () => {
    beginDocument();
    const inFirst = shape("Proposal v1");
    beginDocument();
    const inSecond = shape("Proposal v1");
    expect(inSecond).not.toBe(inFirst);
    expect(inSecond.glyphs.map((g) => g.id)).toEqual(inFirst.glyphs.map((g) => g.id));
    expect(inSecond.positions.map((p) => p.xAdvance)).toEqual(inFirst.positions.map((p) => p.xAdvance));
  });
});

describe("shaping Latin text word by word", () => {
  const faces = () =>
    (
      [
        ["normal", "normal"],
        ["bold", "normal"],
        ["normal", "italic"],
        ["bold", "italic"],
      ] as const
    ).map(
      ([fontWeight, fontStyle]) =>
        Font.getFont({ fontFamily: FONT_FAMILY, fontWeight, fontStyle }).data as unknown as Face,
    );
  const glyphsOf = (run: GlyphRun) =>
    run.glyphs.map((g, i) => {
      const p = run.positions[i] as GlyphRun["positions"][number] & { xOffset: number; yOffset: number };
      return [g.id, p.xAdvance, p.xOffset, p.yOffset];
    });

  it("gives the glyphs and positions of the whole run", () => {
    beginDocument();
    const texts = [
      "Done when the checkout is live",
      "  two  spaces, leading and trailing  ",
      "Office fit-out: AV, To, Ty, “quoted”, L’Oréal — Łódź, œuvre, naïve café",
      "WAVE  Tyre, P.A.Y.E.; fi fl ffi 1/2 ½ 100 % 12–15 h… (see #3, #12)",
    ];
    for (const f of faces()) {
      for (const text of texts) {
        // two arguments: the library's own call, never cached or split
        const whole = f.layout(text, []);
        const byWord = f.layout(text, [], undefined, undefined, "ltr");
        expect(byWord).not.toBe(whole);
        expect(glyphsOf(byWord)).toEqual(glyphsOf(whole));
      }
    }
  });

  it("is exact at every space: no kerning or substitution across one, in any face", () => {
    beginDocument();
    // Every character of LATIN_TEXT but the space.
    const latin = Array.from({ length: 0x2260 }, (_, i) => String.fromCharCode(0x21 + i)).filter(
      (c) => LATIN_TEXT.test(c) && c !== " ",
    );
    expect(latin).toHaveLength(94 + 224 + 24 + 47 + 5);
    // Letters that kern the most in DejaVu Sans, on either side of the space.
    const kerning = Array.from("AFLPTVWYfkrvwy.,'\"“”‘’-–…");
    for (const f of faces()) {
      const fresh = (text: string) => JSON.stringify(glyphsOf(f.layout(text, [])));
      const joined = (a: string, b: string) =>
        JSON.stringify([...glyphsOf(f.layout(`${a} `, [])), ...glyphsOf(f.layout(b, []))]);
      const differing = kerning.flatMap((a) =>
        latin.flatMap((b) => [`${a} ${b}`, `${b} ${a}`]).filter((t) => fresh(t) !== joined(t[0]!, t[2]!)),
      );
      expect(differing).toEqual([]);
    }
  });

  it("is exact at the end of a run: no character kerns with or changes before a space, in any face", () => {
    // A run's last word has no space of its own; shaped with others it gets one, then loses it.
    const latin = Array.from({ length: 0x2260 }, (_, i) => String.fromCharCode(0x21 + i)).filter(
      (c) => LATIN_TEXT.test(c) && c !== " ",
    );
    for (const f of faces()) {
      const differing = latin.filter((c) => {
        const alone = glyphsOf(f.layout(c, []));
        const spaced = glyphsOf(f.layout(`${c} `, []));
        return JSON.stringify(spaced.slice(0, -1)) !== JSON.stringify(alone);
      });
      expect(differing).toEqual([]);
    }
  });

  it("shapes a run's new words in one call, each as it shapes alone", () => {
    // Every character of LATIN_TEXT in words of three (letters, digits, punctuation: two scripts
    // as fontkit guesses them), a run without a trailing space, and the document's usual words.
    const latin = Array.from({ length: 0x2260 }, (_, i) => String.fromCharCode(0x21 + i)).filter(
      (c) => LATIN_TEXT.test(c) && c !== " ",
    );
    const words: string[] = [];
    for (let i = 0; i < latin.length; i += 3) words.push(latin.slice(i, i + 3).join(""));
    words.push("Done", "when", "12–15", "h…", "(see", "#3)", "office", "naïve", "1/2", "€40", "—");
    for (const f of faces()) {
      beginDocument();
      const engine = (f as unknown as { _layoutEngine: { layout: (...a: unknown[]) => unknown } })
        ._layoutEngine;
      const calls: string[] = [];
      const original = engine.layout;
      engine.layout = function (this: unknown, ...a: unknown[]) {
        calls.push(a[0] as string);
        return original.apply(this, a);
      };
      try {
        for (let i = 0; i < words.length; i += 12) {
          const run = words.slice(i, i + 12).join("  ");
          calls.length = 0;
          f.layout(run, [], undefined, undefined, "ltr");
          // one call for the Latin words and one for the others; a no-break space or soft hyphen
          // is drawn as the space glyph, so words with one are shaped alone
          if (!/[\u00a0\u00ad]/.test(run)) expect(calls.length, run).toBeLessThanOrEqual(2);
        }
      } finally {
        engine.layout = original;
      }
      for (const word of words) {
        for (const w of [word, `${word}  `]) {
          // cached (from a batch) against a fresh two-argument shaping, never cached
          const cached = f.layout(w, [], undefined, undefined, "ltr");
          expect(glyphsOf(cached), w).toEqual(glyphsOf(f.layout(w, [])));
        }
      }
    }
  });

  it("shapes words alone when their glyphs do not fall into the words", () => {
    const run = (ids: number[]) => ({ glyphs: ids.map((id) => ({ id })), positions: ids.map(() => ({})) });
    // 3 is the space glyph: "ab " and "c" as shaped together
    expect(splitWords(run([1, 2, 3, 4, 3]), ["ab ", "c"], 3)?.map((r) => r.glyphs.length)).toEqual([3, 1]);
    // a character drawn as the space glyph (a no-break space) inside a word, or at its end
    expect(splitWords(run([1, 3, 2, 3, 4, 3]), ["a\u00a0b ", "c"], 3)).toBeNull();
    expect(splitWords(run([1, 3, 3, 4, 3]), ["a\u00a0 ", "c"], 3)).toBeNull();
    // fewer glyphs than characters across a space (a ligature over it)
    expect(splitWords(run([1, 4]), ["ab ", "c"], 3)).toBeNull();
  });

  it("shapes each word once per document", () => {
    beginDocument();
    const first = shape("Done when the checkout is live");
    const second = shape("the checkout is done");
    // "the ", "checkout " and "is " are the same shaped words in both runs (positions are new objects
    // for each shaping; glyphs are shared by the font anyway)
    for (let i = 0; i < 16; i++) expect(second.positions[i]).toBe(first.positions[i + 10]);
  });
});

describe("a face's fixed metrics", () => {
  it("keeps unitsPerEm and which characters the face has on the face, with the font's answers", () => {
    const f = face as unknown as {
      unitsPerEm: number;
      hasGlyphForCodePoint: (cp: number) => boolean;
      head: { unitsPerEm: number };
    };
    expect(Object.getOwnPropertyDescriptor(f, "unitsPerEm")?.value).toBe(f.head.unitsPerEm);
    expect(Object.hasOwn(f, "hasGlyphForCodePoint")).toBe(true);
    for (const [char, has] of [
      ["A", true],
      ["ł", true],
      ["李", false],
      ["A", true],
      ["李", false],
    ] as const) {
      expect(f.hasGlyphForCodePoint(char.codePointAt(0)!)).toBe(has);
    }
  });
});

describe("pdfkit with a parsed face (patched)", () => {
  it("embeds a face passed as an object once, however many runs use it", () => {
    const doc = new PDFDocument({ autoFirstPage: false });
    doc.font(face, 10);
    const embedded = doc._font;
    const count = doc._fontCount;
    for (let i = 0; i < 50; i++) doc.font(face, 9 + (i % 3));
    expect(doc._font).toBe(embedded);
    // Unpatched, every call opened (and discarded) another embedded font: 50 more.
    expect(doc._fontCount).toBe(count);
  });
});
