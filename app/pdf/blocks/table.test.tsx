// The PDF tables' repeated header row must never be left on a page of its own. react-pdf repeats a
// `fixed` child on every page its parent reaches, so a table whose box (rows plus its bottom margin)
// runs past the page by even a point used to print a lone header at the top of the next page
// (the report's "What drives the estimate" table did that on page 6 of the demo report).
import { Document, Page, renderToBuffer, Text, View } from "@react-pdf/renderer";
import { beforeAll, describe, expect, it } from "vitest";

import { pdfPages } from "../../../test/support/pdf-text";
import { registerPdfFonts } from "./fonts";
import { bodyLayout, Heading, Section } from "./primitives";
import { s } from "./styles";
import { Table, TableHead, TableRow, type Column } from "./table";

const COLUMNS: Column[] = [{ label: "Headerwork" }, { label: "Headerhours", width: 60, align: "right" }];
const ROWS = 4;

async function render(spacer: number, rows = ROWS): Promise<string[]> {
  const doc = (
    <Document>
      <Page size="A4" style={s.page} layout={bodyLayout({ title: "T", detail: "D", note: "N" })}>
        <Section first>
          <View style={{ height: spacer }} />
          <Table>
            <TableHead columns={COLUMNS} />
            {Array.from({ length: rows }, (_, i) => (
              <TableRow key={i} columns={COLUMNS} cells={[`Rowtext ${i + 1}`, `${i + 1} h`]} />
            ))}
          </Table>
          {/* As in the report: a heading kept with what follows it, then more of the section. */}
          <Heading>Afterheading</Heading>
          <Text style={s.p}>Aftertext that follows the heading on the same page.</Text>
        </Section>
      </Page>
    </Document>
  );
  const buffer = await renderToBuffer(doc);
  return pdfPages(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength));
}

describe("PDF table", () => {
  beforeAll(async () => {
    await registerPdfFonts();
  });

  it("never leaves its header row on a page without a row of the table under it", async () => {
    // Move the table down the page a point or two at a time, so that its end crosses the bottom of
    // the page at every offset the margin below it can take.
    const lone: string[] = [];
    let crossed = 0;
    for (let spacer = 560; spacer <= 700; spacer += 2) {
      const pages = await render(spacer);
      if (pages.length > 1) crossed++;
      pages.forEach((text, i) => {
        // Header labels are printed in capitals.
        if (text.includes("HEADERWORK") && !text.includes("Rowtext"))
          lone.push(`spacer ${spacer}: page ${i + 1}`);
      });
      // Every row is printed exactly once, whatever page it lands on.
      for (let r = 1; r <= ROWS; r++) {
        expect(pages.join("\n").split(`Rowtext ${r}`).length - 1).toBe(1);
      }
    }
    // The sweep really did push the table (or what follows it) over the page's end.
    expect(crossed).toBeGreaterThan(5);
    expect(lone).toEqual([]);
  });

  it("repeats its header on every page a long table runs onto", async () => {
    const pages = await render(400, 80);
    const withRows = pages.filter((text) => text.includes("Rowtext"));
    expect(withRows.length).toBeGreaterThanOrEqual(3);
    for (const text of withRows) expect(text).toContain("HEADERWORK");
    expect(pages.join("\n")).toContain("Rowtext 80");
  });
});
