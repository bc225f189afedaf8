// Renders the documents to PDF bytes. This is what a render worker runs (see pdf-worker.mjs); tests
// may call it in-process. Never import it from a route: react-pdf lays out on the calling thread
// and would block the server's event loop for the whole render.
import { renderToBuffer } from "@react-pdf/renderer";
import type { ReactElement } from "react";

import { emojiPattern } from "../blocks/emoji";
import { planFonts, registerPdfFonts } from "../blocks/fonts";
import { missingChars, printableDeep } from "../blocks/text";
import { ProposalDocument } from "../documents/proposal-document";
import { ReportDocument } from "../documents/report-document";
import type { PdfJob, ProposalAcceptance, ProposalPdfInput, ReportData } from "../types";
import { beginDocument } from "./shaping-cache";
import { warmUpReport, warmUpSnapshot } from "./warm-up";

type RenderableDocument = Parameters<typeof renderToBuffer>[0];

async function toBytes(element: ReactElement): Promise<Uint8Array> {
  beginDocument();
  const buffer = await renderToBuffer(element as RenderableDocument);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/**
 * The input as the document can print it, and the fonts for it: fallbacks are loaded for the
 * characters DejaVu Sans lacks, and what no font draws becomes U+FFFD.
 */
async function prepare<T>(input: T): Promise<{ input: T; fontFamily: string[]; emoji: boolean }> {
  await registerPdfFonts();
  const fonts = await planFonts(missingChars(input));
  const printable = printableDeep(input, fonts.covers);
  return {
    input: printable,
    fontFamily: fonts.fontFamily,
    emoji: emojiPattern().test(JSON.stringify(printable)),
  };
}

export async function renderProposalPdf(
  snapshot: ProposalPdfInput["snapshot"],
  acceptance: ProposalAcceptance | null,
  options: Pick<ProposalPdfInput, "snapshotHash" | "imported" | "withdrawn"> = {},
): Promise<Uint8Array> {
  const { input, fontFamily, emoji } = await prepare<ProposalPdfInput>({
    snapshot,
    acceptance,
    snapshotHash: options.snapshotHash,
    imported: options.imported,
    // Only when there is one, so every other version's input (and its fonts) is as before.
    ...(options.withdrawn ? { withdrawn: options.withdrawn } : {}),
  });
  return toBytes(<ProposalDocument input={input} fontFamily={fontFamily} emoji={emoji} />);
}

export async function renderReportPdf(data: ReportData): Promise<Uint8Array> {
  const { input, fontFamily, emoji } = await prepare(data);
  return toBytes(<ReportDocument data={input} fontFamily={fontFamily} emoji={emoji} />);
}

export function renderPdf(job: PdfJob): Promise<Uint8Array> {
  switch (job.kind) {
    case "proposal":
      return renderProposalPdf(job.input.snapshot, job.input.acceptance, {
        snapshotHash: job.input.snapshotHash,
        imported: job.input.imported,
        withdrawn: job.input.withdrawn,
      });
    case "report":
      return renderReportPdf(job.input);
    default:
      throw new Error(`Unknown PDF job kind: ${(job as { kind: string }).kind}`);
  }
}

/**
 * Loads the fonts and renders a small proposal and report once, so a fresh worker's first real
 * render does not also pay for font parsing and cold (not yet optimised) code paths.
 */
export async function warmUp(): Promise<void> {
  await renderProposalPdf(warmUpSnapshot(), { name: "Zoë", email: "zoe@example.com", at: 0 });
  await renderReportPdf(warmUpReport());
}
