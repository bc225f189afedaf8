// The react-pdf layout patch (patches/@react-pdf+layout+5.2.0.patch, decision 037): a document whose
// pages have a `layout` is paginated twice, the first time only to count its pages for "Page n of N".
// Patched, that first round no longer builds and lays out each page again; the pages and their
// numbers must stay as they were.
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
});
