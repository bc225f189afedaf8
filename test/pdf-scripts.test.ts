// Every script in the PDFs (decision 014): names and free text in Latin with accents, Chinese,
// Japanese, Korean, Arabic, Hebrew and emoji, in both documents, read back from the PDF's text.
// Letters are text (pdf.js extracts them through the fonts' Unicode maps); emoji are pictures, so
// for them the test counts the pictures and checks that no U+FFFD was printed instead.
import { Document, Page, renderToBuffer, Text } from "@react-pdf/renderer";
import { createElement } from "react";
import { beforeAll, describe, expect, it } from "vitest";

import type { ProposalSnapshot } from "../app/engine/plan-types";
import { hyphenate, planFonts, registerPdfFonts } from "../app/pdf/blocks/fonts";
import { missingChars, REPLACEMENT, truncate } from "../app/pdf/blocks/text";
import { renderProposalPdf, renderReportPdf } from "../app/pdf/rendering/render";
import type { ReportData } from "../app/pdf/types";

import { loadDemo } from "./support/demo";
import { missing, overflowingItems, pdfText } from "./support/pdf-text";

type Demo = Awaited<ReturnType<typeof loadDemo>>;

const LATIN = "Crème brûlée";
const EMOJI = ["🥐", "✅"];
const CHINESE = "面包店";
const JAPANESE = "パン屋";
const KOREAN = "빵집";
const ARABIC = "مخبز";
const HEBREW = "מאפייה";
/** The words every document must print, as pdf.js reads them back (right-to-left ones in logical order). */
const WORDS = [LATIN, CHINESE, JAPANESE, KOREAN, ARABIC, HEBREW];

const NAME = `${LATIN} ${EMOJI.join(" ")} ${CHINESE}`;
const FOUNDER = { name: `${KOREAN} 김민준`, email: "minjun@example.com" };
/** Free text in every script, with a sentence long enough to wrap, and more than one word right to left. */
const NOTES = [
  `${JAPANESE}の注文は朝七時まで。`,
  `${ARABIC} الحي يفتح في الساعة السابعة، ${HEBREW} פתוחה בבוקר.`,
  `Chinese without spaces wraps too: ${"面包店的订单系统需要在早上七点之前完成所有付款".repeat(3)}`,
].join("\n\n");

/** Image XObjects the size of an emoji picture (64 px): the emoji, and nothing else in these documents. */
function emojiPictures(pdf: Uint8Array): number {
  return (
    Buffer.from(pdf)
      .toString("latin1")
      .match(/\/Subtype \/Image[^>]*\/Width 64/g)?.length ?? 0
  );
}

/** Names of the fonts embedded in the PDF, without their subset prefixes. */
function embeddedFonts(pdf: Uint8Array): string[] {
  const names = Buffer.from(pdf)
    .toString("latin1")
    .matchAll(/\/BaseFont \/(?:[A-Z]{6}\+)?([\w-]+)/g);
  return [...new Set(Array.from(names, (m) => m[1]!))].sort();
}

function proposalIn(demo: Demo): ProposalSnapshot {
  const { snapshot } = demo;
  const [first, ...rest] = snapshot.items;
  return {
    ...snapshot,
    engagement: {
      ...snapshot.engagement,
      name: NAME,
      description: `${NAME}: ${JAPANESE}, ${ARABIC}, ${HEBREW}`,
    },
    preparedFor: FOUNDER,
    items: [{ ...first!, title: `${JAPANESE} checkout for ${KOREAN} ${EMOJI[0]}` }, ...rest],
    assumptions: NOTES,
  };
}

function reportIn(demo: Demo): ReportData {
  const { report } = demo;
  let noted = false;
  const sections = report.sections.map((section) => ({
    ...section,
    questions: section.questions.map((q) => {
      if (noted || q.state !== "answered") return q;
      noted = true; // the founder's note on the first answered question, printed in italics
      return { ...q, note: NOTES };
    }),
  }));
  return {
    ...report,
    engagement: {
      ...report.engagement,
      name: NAME,
      description: `${NAME}: ${JAPANESE}, ${ARABIC}, ${HEBREW}`,
    },
    preparedFor: [FOUNDER],
    sections,
  };
}

let demo: Demo;
beforeAll(async () => {
  demo = await loadDemo();
});

describe.each([
  { document: "proposal", render: () => renderProposalPdf(proposalIn(demo), null) },
  { document: "assessment report", render: () => renderReportPdf(reportIn(demo)) },
])("the $document PDF with names and notes in every script", ({ render }) => {
  let pdf: Uint8Array;
  let text: string;
  let flat: string;
  beforeAll(async () => {
    pdf = await render();
    ({ text, flat } = await pdfText(pdf));
  }, 60_000);

  it("prints Latin with accents, Chinese, Japanese, Korean, Arabic and Hebrew as typed", () => {
    expect(missing(flat, WORDS)).toEqual([]);
    expect(missing(flat, [`${KOREAN} 김민준`, `${JAPANESE}の注文は朝七時まで。`])).toEqual([]);
  });

  it("prints nothing as U+FFFD", () => {
    expect(text).not.toContain(REPLACEMENT);
  });

  it("draws the emoji as pictures, and credits them", () => {
    // The name is on the cover and in every page's header, each time with both emoji.
    expect(emojiPictures(pdf)).toBeGreaterThanOrEqual(2 * EMOJI.length);
    expect(flat).toContain("Emoji graphics: Twemoji");
  });

  it("embeds the fallback fonts the text needs", () => {
    const fonts = embeddedFonts(pdf);
    expect(fonts.some((f) => f.startsWith("NotoSansJP"))).toBe(true); // kana: Japanese first
    expect(fonts.some((f) => f.startsWith("NotoSansKR"))).toBe(true); // Hangul
  });

  it("wraps Chinese without spaces inside the page", async () => {
    expect(await overflowingItems(pdf)).toEqual([]);
  });
});

describe("right-to-left text", () => {
  it("sets the words of a right-to-left phrase from right to left", async () => {
    // pdf.js reads a line's glyphs left to right and turns right-to-left runs back into logical
    // order: it gives back the phrase as typed only if the glyphs were laid out right to left, word
    // by word. (Across runs of different fonts its guess is less reliable, so one font per phrase.)
    await registerPdfFonts();
    const phrases = [`${ARABIC} الحي يفتح`, `${HEBREW} פתוחה בבוקר`];
    const { fontFamily } = await planFonts(missingChars(phrases));
    const lines = phrases.map((p) => createElement(Text, { key: p }, p));
    const page = createElement(Page, { size: "A6", style: { fontFamily, fontSize: 12, padding: 20 } }, lines);
    const pdf = await renderToBuffer(createElement(Document, null, page));
    expect(missing((await pdfText(new Uint8Array(pdf))).flat, phrases)).toEqual([]);
  });
});

describe("documents in Latin script only", () => {
  it("need no fallback font and no emoji picture", async () => {
    await registerPdfFonts();
    expect(missingChars(demo.report)).toEqual(new Set());
    expect((await planFonts(missingChars(demo.snapshot))).fontFamily).toEqual(["DejaVu Sans"]);
    const pdf = await renderReportPdf(demo.report);
    expect(embeddedFonts(pdf).filter((f) => !f.startsWith("DejaVuSans"))).toEqual([]);
    expect(emojiPictures(pdf)).toBe(0);
    expect((await pdfText(pdf)).flat).not.toContain("Twemoji");
  });
});

describe("picking the fallback fonts", () => {
  beforeAll(() => registerPdfFonts());

  it("adds only the fonts of the scripts in the text, the document's own CJK script first", async () => {
    const plan = async (text: string) => (await planFonts(missingChars([text]))).fontFamily;
    expect(await plan(`${LATIN} ${EMOJI.join("")} Ωμέγα Привет`)).toEqual(["DejaVu Sans"]);
    expect(await plan(CHINESE)).toEqual(["DejaVu Sans", "Noto Sans SC"]);
    expect(await plan(`${CHINESE} ${JAPANESE}`)).toEqual(["DejaVu Sans", "Noto Sans JP"]);
    expect(await plan(KOREAN)).toEqual(["DejaVu Sans", "Noto Sans KR"]);
    // DejaVu draws Arabic and Hebrew upright; Naskh gives Arabic its italic (DejaVu Oblique has none)
    expect(await plan(ARABIC)).toEqual(["DejaVu Sans", "Noto Naskh Arabic"]);
    expect(await plan(HEBREW)).toEqual(["DejaVu Sans"]);
  });

  it("covers what its fonts draw and nothing else", async () => {
    const { covers } = await planFonts(missingChars([`${CHINESE} ก`]));
    expect(covers(CHINESE.codePointAt(0)!)).toBe(true);
    expect(covers("ก".codePointAt(0)!)).toBe(false); // Thai: in none of the fonts
  });
});

describe("cutting text in any script", () => {
  it("lets Chinese break between any two characters, without a hyphen (an empty part between them)", () => {
    const long = "面包店的订单系统需要在早上七点之前完成所有付款";
    const parts = hyphenate(long);
    expect(parts.join("")).toBe(long);
    expect(parts.filter((p) => p !== "")).toEqual(Array.from(long));
    expect(hyphenate("面包店")).toEqual(["面", "", "包", "", "店"]);
  });

  it("truncates between graphemes, never inside an emoji sequence", () => {
    const family = "👩‍👩‍👧‍👦";
    expect(truncate(`${"a".repeat(8)}${family}${family}b`, 10)).toBe(`${"a".repeat(8)}${family}…`);
  });
});
