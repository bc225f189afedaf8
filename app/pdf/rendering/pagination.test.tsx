// The react-pdf layout patch (patches/@react-pdf+layout+5.2.0.patch, decision 037). A document whose
// pages have a `layout` is paginated twice, the first time only to count its pages for "Page n of N":
// patched, that first round no longer builds and lays out each page again. And the same text in the
// same box is laid out once per document, however often a running header repeats it. The pages,
// their numbers and their text must stay as they were.
import { Document, Page, Text, View, renderToBuffer, type PageLayoutProps } from "@react-pdf/renderer";
import { beforeAll, describe, expect, it } from "vitest";

import { pdfText } from "../../../test/support/pdf-text";
import { FONT_FAMILY, registerPdfFonts } from "../blocks/fonts";

beforeAll(async () => {
  await registerPdfFonts();
});

describe("pagination with a page layout (patched)", () => {
  it("builds each page once, after counting, with the right totals", async () => {
    const calls: Array<{ page: number | undefined; total: number | undefined }> = [];
    function Layout({ children, pageNumber, totalPages }: PageLayoutProps) {
      calls.push({ page: pageNumber, total: totalPages });
      return (
        <View style={{ flexGrow: 1 }}>
          <View style={{ flexGrow: 1 }}>{children}</View>
          <Text>{`Page ${pageNumber ?? 1} of ${totalPages ?? 1}`}</Text>
        </View>
      );
    }
    const pdf = await renderToBuffer(
      <Document>
        <Page size="A4" style={{ fontFamily: FONT_FAMILY, padding: 40 }} layout={Layout}>
          {Array.from({ length: 3 }, (_, i) => (
            <View key={i} break={i > 0} style={{ height: 300 }}>
              <Text>{`Part ${i + 1}`}</Text>
            </View>
          ))}
        </Page>
      </Document>,
    );
    const { pages, flat } = await pdfText(new Uint8Array(pdf));
    expect(pages).toBe(3);
    for (const n of [1, 2, 3]) expect(flat).toContain(`Part ${n} Page ${n} of 3`);
    // Two calls set the template up. The counting round measures each page's room (3 calls, no
    // total yet); the second measures and builds each page with the total (6). Unpatched, the
    // counting round built its pages too: 3 more calls without a total, 14 in all.
    expect(calls.filter((c) => c.total === undefined)).toHaveLength(5);
    expect(calls.filter((c) => c.total === 3)).toHaveLength(6);
    expect(calls).toHaveLength(11);
  });

  it("lays out a text repeated on every page once, and prints it on every page", async () => {
    const words: string[] = [];
    // A hyphenation callback sees each word of a text each time the text is laid out.
    const counting = (word: string) => {
      words.push(word);
      return [word];
    };
    const Layout = ({ children, pageNumber, totalPages }: PageLayoutProps) => (
      <View style={{ flexGrow: 1 }}>
        <Text hyphenationCallback={counting}>Quarterly engagement header</Text>
        <View style={{ flexGrow: 1 }}>{children}</View>
        <Text>{`Page ${pageNumber ?? 1} of ${totalPages ?? 1}`}</Text>
      </View>
    );
    const document = (
      <Document>
        <Page size="A4" style={{ fontFamily: FONT_FAMILY, padding: 40 }} layout={Layout}>
          {Array.from({ length: 3 }, (_, i) => (
            <View key={i} break={i > 0} style={{ height: 300 }}>
              <Text>{`Part ${i + 1}`}</Text>
            </View>
          ))}
        </Page>
      </Document>
    );
    const { flat } = await pdfText(new Uint8Array(await renderToBuffer(document)));
    for (const n of [1, 2, 3]) expect(flat).toContain(`Quarterly engagement header Part ${n} Page ${n} of 3`);
    // Laid out once per box it is measured in (two here); unpatched, once per template instance: 10.
    const headerLayouts = () => words.filter((w) => w.startsWith("Quarterly")).length;
    const once = headerLayouts();
    expect(once).toBeGreaterThan(0);
    expect(once).toBeLessThanOrEqual(2);
    // A second document lays it out afresh: nothing is kept from one document to the next.
    await renderToBuffer(document);
    expect(headerLayouts()).toBe(2 * once);
  });
});
