// What the PDF routes call: render through the worker pool, serve immutable proposals from the
// cache, and answer with download headers. Routes never import the renderer itself (render.tsx):
// it would lay out on the server's main thread.
import crypto from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";

import { getEnv } from "~/env.server";
import { engagementExists } from "~/models/engagement.server";
import type { ProposalRecord } from "~/models/proposal.server";
import { attachmentName } from "~/utils/filename";
import { sha256 } from "~/utils/ids.server";
import { workerFile } from "~/utils/worker-file.server";

import type { ProposalPdfInput, ReportData } from "../types";
import { PdfCache } from "./cache.server";
import { PdfBusyError, PdfOwnerBusyError, PdfTimeoutError, pdfPool } from "./pool.server";

/**
 * Which renderer a cached PDF came from, as the folder it is kept in: a hash of the PDF worker as
 * built (it bundles every document, section and word a PDF prints) and of our patches to the PDF
 * libraries. A release that changes what a PDF looks like or says renders cached PDFs again. A
 * layout number bumped by hand did this before, and was once forgotten: the sign-off reworded by
 * decision 043 kept being served from PDFs cached before it. Outside production the worker runs from
 * source, so PDFs are kept for the life of the process only.
 */
function rendererId(): string {
  if (process.env.NODE_ENV !== "production") return `dev-${process.pid}`;
  try {
    const hash = crypto.createHash("sha256");
    hash.update(readFileSync(workerFile("app/pdf/rendering/pdf-worker.mjs")));
    const patches = path.resolve("patches");
    for (const name of readdirSync(patches).sort())
      if (/^(@react-pdf|pdfkit|fontkit)/.test(name))
        hash.update(name).update(readFileSync(path.join(patches, name)));
    return `r-${hash.digest("hex").slice(0, 16)}`;
  } catch {
    return `pid-${process.pid}`;
  }
}

const KEY = Symbol.for("finishline.pdf-cache");

function pdfCache(): PdfCache {
  const holder = globalThis as { [KEY]?: PdfCache };
  if (!holder[KEY]) {
    const db = getEnv().DATABASE_URL;
    // Next to the database (data/pdf-cache by default), so each database has its own.
    const base = db === ":memory:" ? null : path.join(path.dirname(path.resolve(db)), "pdf-cache");
    const current = rendererId();
    if (base) void removeOtherRenderers(base, current);
    holder[KEY] = new PdfCache({ maxBytes: 50 * 1024 * 1024, dir: base && path.join(base, current) });
  }
  return holder[KEY];
}

/**
 * PDFs another renderer made are never read again: an earlier release's folder, and the layouts
 * before folders were named by renderer (loose files keyed by snapshot alone, shared between
 * engagements; `v2`, one folder for all; `v3`, keyed by a hand-bumped layout number). Removing them
 * is housekeeping, best effort. Every process of one release has the same renderer, so processes
 * never remove each other's; during a rolling restart the old one's PDFs are rendered again.
 */
async function removeOtherRenderers(base: string, current: string): Promise<void> {
  try {
    for (const name of await fs.readdir(base))
      if (name !== current) await fs.rm(path.join(base, name), { recursive: true, force: true });
  } catch {
    // no cache yet, or not ours to clean
  }
}

/** What a proposal's PDF shows: its snapshot and its sign-off (accepted here, imported, or open). */
function proposalPdfInput(proposal: ProposalRecord): ProposalPdfInput {
  const { acceptedAt, acceptedBy, imported, withdrawn } = proposal;
  return {
    snapshot: proposal.snapshot,
    snapshotHash: proposal.snapshotHash,
    imported: imported !== null,
    ...(withdrawn ? { withdrawn } : {}),
    acceptance:
      acceptedAt === null
        ? null
        : acceptedBy
          ? { ...acceptedBy, at: acceptedAt }
          : imported
            ? {
                name: "",
                email: "",
                at: acceptedAt,
                imported: { statedBy: imported.acceptedBy, by: imported.by, importedAt: imported.at },
              }
            : null,
  };
}

/**
 * Bound to the engagement and the proposal row, and to everything the document shows besides the
 * immutable snapshot (who accepted it, when, whether it was imported, its withdrawal): a cached PDF
 * is never served to another engagement, and never with another sign-off than the one it was
 * rendered with. The withdrawal joins the key only when there is one, so the documents of every
 * other version keep the keys they were cached under.
 */
function proposalCacheKey(
  engagementId: string,
  proposal: ProposalRecord,
  input: ProposalPdfInput = proposalPdfInput(proposal),
): string {
  const signOff = sha256(
    JSON.stringify([input.acceptance, proposal.imported, ...(input.withdrawn ? [input.withdrawn] : [])]),
  );
  return `${engagementKeys(engagementId)}${proposal.id}/${proposal.snapshotHash}/${signOff}`;
}

function engagementKeys(engagementId: string): string {
  return `proposal/${engagementId}/`;
}

const inflight = new Map<string, Promise<Uint8Array>>();

/** The proposal's PDF, from the cache when it was rendered before; concurrent misses render once. */
export async function proposalPdf(
  engagementId: string,
  proposal: ProposalRecord,
  owner: string,
): Promise<{ pdf: Uint8Array; cached: boolean }> {
  const cache = pdfCache();
  const input = proposalPdfInput(proposal);
  const key = proposalCacheKey(engagementId, proposal, input);
  const hit = await cache.get(engagementId, key);
  if (hit) return { pdf: hit, cached: true };
  let rendering = inflight.get(key);
  if (!rendering) {
    rendering = pdfPool()
      .render({ kind: "proposal", input }, { owner, group: engagementId })
      .then(async (pdf) => {
        await cache.set(engagementId, key, pdf);
        // Deleted while this rendered, by a request that could not wait for it (another server
        // process, decision 022): checked after the write, so whichever finishes last removes it.
        if (!engagementExists(engagementId)) await cache.deleteGroup(engagementId);
        return pdf;
      })
      .finally(() => inflight.delete(key));
    inflight.set(key, rendering);
  }
  return { pdf: await rendering, cached: false };
}

/**
 * Deletes the engagement's cached PDFs, after any render of one still running has finished (else it
 * would write its PDF back). Called once the engagement is gone from the database, so no new render
 * of it can start.
 */
export async function forgetEngagementPdfs(engagementId: string): Promise<void> {
  const running = [...inflight]
    .filter(([key]) => key.startsWith(engagementKeys(engagementId)))
    .map(([, r]) => r);
  await Promise.allSettled(running);
  await pdfCache().deleteGroup(engagementId);
}

/**
 * The assessment report changes with every answer and with who downloads it (a partner's company
 * heads theirs), so it is rendered on each request and never cached.
 */
export function reportPdf(data: ReportData, owner: string): Promise<Uint8Array> {
  return pdfPool().render({ kind: "report", input: data }, { owner, group: data.engagement.id });
}

/**
 * Runs a render: an overloaded or stuck pool is 503 Service Unavailable; one person asking for more
 * PDFs at once than they may have waiting is 429 (their pace, not the server's state).
 */
export async function orUnavailable<T>(render: Promise<T>): Promise<T> {
  try {
    return await render;
  } catch (error) {
    if (error instanceof PdfOwnerBusyError) {
      throw new Response(error.message, { status: 429, headers: { "Retry-After": "5" } });
    }
    if (error instanceof PdfBusyError) {
      throw new Response(error.message, { status: 503, headers: { "Retry-After": "10" } });
    }
    // Its own message ("PDF render took longer than 30000 ms") is for engineers (the pool counts
    // these); the person is shown this one, beside the link (components/pdf-download-link.tsx) or as
    // the page itself without JavaScript.
    if (error instanceof PdfTimeoutError) {
      throw new Response("The PDF took too long to prepare; try again in a minute.", {
        status: 503,
        headers: { "Retry-After": "10" },
      });
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
    // Per-user documents: kept in no cache at all, shared or the browser's.
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
  });
  if (cache) headers.set("X-Cache", cache);
  // Worker output is a plain (never shared) ArrayBuffer.
  return new Response(pdf as Uint8Array<ArrayBuffer>, { status: 200, headers });
}
