// Reading rendered PDFs back for the tests: their text (pdf.js, through unpdf), what is missing from
// it, and what sticks out of the page.
import { extractText, extractTextItems } from "unpdf";

export async function pdfText(pdf: Uint8Array): Promise<{ pages: number; text: string; flat: string }> {
  // pdf.js takes ownership of the buffer it is given.
  const { totalPages, text } = await extractText(new Uint8Array(pdf), { mergePages: true });
  return { pages: totalPages, text, flat: text.replace(/\s+/g, " ") };
}

/**
 * Text with line breaks removed, including the hyphen a long word gets where it was split, and
 * without a space where an address (URL, email, path) broke before one of its separators.
 */
export function unwrapped(text: string): string {
  return text
    .replace(/-\n/g, "")
    .replace(/\n(?=[./\\_~?#%=&@-])/g, "")
    .replace(/\s+/g, " ");
}

/** The needles not found in the text: a failure lists them instead of dumping the whole document. */
export function missing(text: string, needles: string[]): string[] {
  return needles.filter((n) => !text.includes(n));
}

const A4_WIDTH = 595.28;

/** Text items that reach within 20 pt of the page's left or right edge. */
export async function overflowingItems(pdf: Uint8Array): Promise<string[]> {
  const { items } = await extractTextItems(new Uint8Array(pdf));
  return items.flatMap((page, i) =>
    page
      .filter((item) => item.str.trim() !== "" && (item.x < 20 || item.x + item.width > A4_WIDTH - 20))
      .map(
        (item) =>
          `page ${i + 1}: "${item.str}" at x=${item.x.toFixed(0)}..${(item.x + item.width).toFixed(0)}`,
      ),
  );
}

/** Each page's text, in order. */
export async function pdfPages(pdf: Uint8Array): Promise<string[]> {
  const { text } = await extractText(new Uint8Array(pdf), { mergePages: false });
  return text;
}
