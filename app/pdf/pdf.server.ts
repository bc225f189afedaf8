// What the PDF routes call: render through the worker pool, serve immutable proposals from the
// cache, and answer with download headers. Routes never import the renderer itself (render.tsx):
// it would lay out on the server's main thread.
import path from "node:path";

import { getEnv } from "~/env.server";
import type { ProposalRecord } from "~/models/proposal.server";
import { attachmentName } from "~/utils/filename";

import { PdfCache } from "./cache.server";
import { PdfBusyError, PdfTimeoutError, pdfPool } from "./pool.server";
import type { ReportData } from "./types";

/**
 * Part of every cache key: bump it when the documents' layout changes, so cached PDFs of published
 * proposals are rendered again in the new layout (the numbers cannot change: they are the snapshot's).
 */
export const PDF_LAYOUT_VERSION = 1;

const KEY = Symbol.for("finishline.pdf-cache");

export function pdfCache(): PdfCache {
  const holder = globalThis as { [KEY]?: PdfCache };
  if (!holder[KEY]) {
    const db = getEnv().DATABASE_URL;
    // Next to the database (data/pdf-cache by default), so each database has its own.
    const dir = db === ":memory:" ? null : path.join(path.dirname(path.resolve(db)), "pdf-cache");
    holder[KEY] = new PdfCache({ maxBytes: 50 * 1024 * 1024, dir });
  }
  return holder[KEY];
}

/** A proposal's PDF changes only when it is accepted (the sign-off block); its snapshot never. */
export function proposalCacheKey(proposal: Pick<ProposalRecord, "snapshotHash" | "acceptedAt">): string {
  return `proposal/v${PDF_LAYOUT_VERSION}/${proposal.snapshotHash}/${proposal.acceptedAt ?? "open"}`;
}

const inflight = new Map<string, Promise<Uint8Array>>();

/** The proposal's PDF, from the cache when it was rendered before; concurrent misses render once. */
export async function proposalPdf(proposal: ProposalRecord): Promise<{ pdf: Uint8Array; cached: boolean }> {
  const cache = pdfCache();
  const key = proposalCacheKey(proposal);
  const hit = await cache.get(key);
  if (hit) return { pdf: hit, cached: true };
  let rendering = inflight.get(key);
  if (!rendering) {
    rendering = pdfPool()
      .render({
        kind: "proposal",
        input: {
          snapshot: proposal.snapshot,
          snapshotHash: proposal.snapshotHash,
          acceptance:
            proposal.acceptedAt !== null && proposal.acceptedBy
              ? { ...proposal.acceptedBy, at: proposal.acceptedAt }
              : null,
        },
      })
      .then(async (pdf) => {
        await cache.set(key, pdf);
        return pdf;
      })
      .finally(() => inflight.delete(key));
    inflight.set(key, rendering);
  }
  return { pdf: await rendering, cached: false };
}

/** The assessment report changes with every answer, so it is rendered on each request. */
export function reportPdf(data: ReportData): Promise<Uint8Array> {
  return pdfPool().render({ kind: "report", input: data });
}

/** Runs a render, turning an overloaded or stuck pool into 503 Service Unavailable. */
export async function orUnavailable<T>(render: Promise<T>): Promise<T> {
  try {
    return await render;
  } catch (error) {
    if (error instanceof PdfBusyError || error instanceof PdfTimeoutError) {
      throw new Response(`${error.message}`, { status: 503, headers: { "Retry-After": "10" } });
    }
    throw error;
  }
}

export function pdfResponse(
  pdf: Uint8Array,
  { product, name, cache }: { product: string; name: string; cache?: "hit" | "miss" },
): Response {
  const headers = new Headers({
    "Content-Type": "application/pdf",
    "Content-Length": String(pdf.byteLength),
    "Content-Disposition": attachmentName(product, name, "pdf"),
    // Per-user documents: never in a shared cache; the browser asks again each time.
    "Cache-Control": "private, no-cache",
    "X-Content-Type-Options": "nosniff",
  });
  if (cache) headers.set("X-Cache", cache);
  // Worker output is a plain (never shared) ArrayBuffer.
  return new Response(pdf as Uint8Array<ArrayBuffer>, { status: 200, headers });
}
