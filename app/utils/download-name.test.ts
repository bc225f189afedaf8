import { describe, expect, it } from "vitest";

import { downloadName } from "./download-name";
import { attachmentName } from "./filename";

describe("downloadName", () => {
  it("takes the UTF-8 name of the header the PDF routes send", () => {
    expect(
      downloadName(attachmentName("Café Crème", "proposal v2", "pdf"), "/engagements/x/proposals/2.pdf"),
    ).toBe("Café Crème proposal v2.pdf");
    expect(downloadName(attachmentName("東京ストア", "readiness report", "pdf"), "/r.pdf")).toBe(
      "東京ストア readiness report.pdf",
    );
  });

  it("takes the plain filename when there is no filename*, quoted or not", () => {
    expect(downloadName('attachment; filename="CartPilot plan.csv"', "/x")).toBe("CartPilot plan.csv");
    expect(downloadName('attachment; filename="say \\"hi\\".pdf"', "/x")).toBe('say "hi".pdf');
    expect(downloadName("attachment; filename=report.pdf", "/x")).toBe("report.pdf");
  });

  it("falls back to the plain filename when filename* is malformed or not UTF-8", () => {
    expect(downloadName("attachment; filename=\"a.pdf\"; filename*=UTF-8''%E0%A4%A", "/x")).toBe("a.pdf");
    expect(downloadName("attachment; filename=\"a.pdf\"; filename*=iso-8859-1''%E9.pdf", "/x")).toBe("a.pdf");
  });

  it("falls back to the address's last segment without a usable header", () => {
    expect(downloadName(null, "/engagements/abc/report.pdf")).toBe("report.pdf");
    expect(downloadName("attachment", "/engagements/abc/proposals/3.pdf?x=1#top")).toBe("3.pdf");
    expect(downloadName('attachment; filename=""', "/a/My%20report.pdf")).toBe("My report.pdf");
  });

  it("never names a folder", () => {
    expect(downloadName('attachment; filename="../../etc/passwd"', "/x")).toBe("passwd");
    expect(downloadName("attachment; filename*=UTF-8''..%2F..%5Cevil.pdf", "/x")).toBe("evil.pdf");
    expect(downloadName(null, "/engagements/abc/")).toBe("download");
  });
});
