// Text a partner typed (assumptions, exclusions) as blocks, read the same way on the proposal page and
// in its PDF: blank lines separate blocks; a block of several lines (with or without "-", "*", "•"
// or "1." markers) is a list, a single line a paragraph.
export type FreeTextBlock = { kind: "list"; items: string[] } | { kind: "paragraph"; text: string };

const BULLET = /^\s*(?:[-*•–]|\d+[.)])\s+/;

export function freeTextBlocks(text: string): FreeTextBlock[] {
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map((b) => b.trim())
    .filter(Boolean)
    .map((block) => {
      const lines = block
        .split("\n")
        .map((l) => l.trim())
        .filter(Boolean);
      return lines.length > 1 || BULLET.test(lines[0]!)
        ? { kind: "list", items: lines.map((l) => l.replace(BULLET, "")) }
        : { kind: "paragraph", text: lines[0]! };
    });
}
