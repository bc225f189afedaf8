// What a PDF route answers when the pool will not render: the words are shown to people, beside the
// download link (components/pdf-download-link.tsx) or as the page itself without JavaScript.
import { describe, expect, it } from "vitest";

import { orUnavailable } from "../app/pdf/rendering/pdf.server";
import { PdfBusyError, PdfOwnerBusyError, PdfTimeoutError } from "../app/pdf/rendering/pool.server";

async function refusal(error: Error) {
  const thrown: unknown = await orUnavailable(Promise.reject(error)).catch((e: unknown) => e);
  expect(thrown).toBeInstanceOf(Response);
  const res = thrown as Response;
  return { status: res.status, retryAfter: res.headers.get("Retry-After"), text: await res.text() };
}

describe("orUnavailable", () => {
  it("answers one person's excess with 429 and an overloaded or stuck pool with 503, in words for people", async () => {
    expect(await refusal(new PdfOwnerBusyError())).toEqual({
      status: 429,
      retryAfter: "5",
      text: "You already have PDFs being prepared; wait for them to finish.",
    });
    expect(await refusal(new PdfBusyError())).toEqual({
      status: 503,
      retryAfter: "10",
      text: "Too many PDFs are being rendered; try again shortly.",
    });
    expect(await refusal(new PdfTimeoutError(30_000))).toEqual({
      status: 503,
      retryAfter: "10",
      text: "The PDF took too long to prepare; try again in a minute.",
    });
  });

  it("passes a render that worked, and lets any other failure through as it is", async () => {
    expect(await orUnavailable(Promise.resolve("pdf"))).toBe("pdf");
    const failure = new Error("PDF render failed: bad input");
    await expect(orUnavailable(Promise.reject(failure))).rejects.toBe(failure);
  });
});
