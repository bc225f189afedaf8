// The react-pdf textkit patch (patches/@react-pdf+textkit+7.0.1.patch, decision 037): a paragraph
// with no right-to-left character, Arabic number or directional control is given one left-to-right
// run without classifying each character. Its runs must be the ones the full bidi algorithm gives, and text with Hebrew or Arabic
// must still go through it.
import { beforeAll, describe, expect, it } from "vitest";

type Direction = "ltr" | "rtl" | undefined;
type Run = { start: number; end: number; attributes: { bidiLevel?: number } };
type Paragraph = { string: string; runs: Array<{ start: number; end: number; attributes: object }> };

/** textkit's bidi engine as react-pdf loads it; a dependency of react-pdf, not ours. */
let bidi: () => (paragraph: Paragraph) => { runs: Run[] };

beforeAll(async () => {
  const textkit = "@react-pdf/textkit";
  ({ bidi } = (await import(/* @vite-ignore */ textkit)) as { bidi: typeof bidi });
});

/** The levels per character that the engine's runs say. */
function levels(string: string, direction: Direction): number[] {
  const paragraph = { string, runs: [{ start: 0, end: string.length, attributes: { direction } }] };
  const { runs } = bidi()(paragraph);
  const out: number[] = [];
  for (const run of runs) {
    for (let i = run.start; i < run.end; i++) out.push(run.attributes.bidiLevel ?? -1);
  }
  return out;
}

describe("bidi runs (patched)", () => {
  it("gives a left-to-right paragraph without right-to-left characters one run at level 0", () => {
    for (const direction of ["ltr", undefined] as const) {
      for (const text of [
        "Scope of work",
        "Prove users can't reach each other's data — 1.5–10 h (#3, #12)",
        "Zoë Ångström: naïve café, Łódź; Ω≈π? [x] {y} <z> ‹q› «q»",
        "tab\tand newline\n",
        "“Quoted” • bullets… 12 € ‰ → ≈ − ™ ½ Привет Ελληνικά 日本語 한국어 ไทย हिन्दी \u200e",
        "",
      ]) {
        expect(levels(text, direction)).toEqual(Array.from(text, () => 0));
      }
    }
  });

  it("still runs the full algorithm for right-to-left text and right-to-left paragraphs", () => {
    // "Pay שלום 12" in a left-to-right paragraph: the Hebrew word and the space after it at level 1,
    // the number after it at 2 (UAX #9)
    const mixed = "Pay \u05e9\u05dc\u05d5\u05dd 12";
    expect(levels(mixed, "ltr")).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2]);
    // Arabic letters and Arabic-Indic digits
    expect(levels("\u0645\u0631\u062d\u0628\u0627 \u0661\u0662", "rtl")).toEqual([1, 1, 1, 1, 1, 1, 2, 2]);
    // a right-to-left mark or isolate in Latin text
    expect(levels("a\u200fb", "ltr")).toEqual([0, 1, 0]);
    expect(levels("a\u2067b\u2069c", "ltr")).toEqual([0, 0, 2, 0, 0]);
    // Latin text in a right-to-left paragraph is at level 2, not 0
    expect(levels("abc", "rtl")).toEqual([2, 2, 2]);
  });
});
