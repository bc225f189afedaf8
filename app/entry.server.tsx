// Remix's standard Node entry (streaming with renderToPipeableStream), plus the request's CSP nonce
// on every script React and Remix write. Why the standard entry and not a hand-made one:
// docs/decisions/006-standard-streaming-entry.md.
import { PassThrough } from "node:stream";

import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";

import { NonceProvider } from "./utils/nonce";

// Loaders that return promises (we have none) get this long before the data stream gives up on them;
// the render itself is aborted a second later.
export const streamTimeout = 5_000;

// Well over any page we render (the largest, the partner's review of a full assessment, is ~80 KB).
const DOCUMENT_BYTES = 1024 * 1024;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    // Armed once renderToPipeableStream has returned: armed before, a render that threw at once left
    // the timer to call an `abort` that was never assigned, a ReferenceError that ended the process.
    const abortTimer: { id?: ReturnType<typeof setTimeout> } = {};
    const ready = () => {
      clearTimeout(abortTimer.id);
      // Room for the whole document: React stops writing at a full buffer and the web stream
      // around it waits a tick per 16 KB (Node's default), which split pages into flushed pieces.
      const body = new PassThrough({ highWaterMark: DOCUMENT_BYTES });
      responseHeaders.set("Content-Type", "text/html; charset=utf-8");
      resolve(
        new Response(createReadableStreamFromReadable(body), {
          headers: responseHeaders,
          status: responseStatusCode,
        }),
      );
      pipe(body);
    };
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        // The response starts once the whole document is rendered (Remix's template does this for
        // crawlers), not at the shell: no loader of ours returns deferred data, so the rest is only
        // Remix's data scripts, ready a few ticks later. Sent at the shell, a page went out in three
        // flushed pieces, and the compression middleware ran three passes over it: /ping served
        // 241–337 brotli responses a second instead of 407–549 (decision 006). A loader that ever
        // returns a promise to stream should bring back onShellReady for browsers.
        onAllReady: ready,
        onShellReady() {
          shellRendered = true;
        },
        onShellError(error: unknown) {
          clearTimeout(abortTimer.id);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors inside the shell are reported by onShellError; later ones are logged here.
          if (shellRendered) console.error(error);
        },
      },
    );
    // Cleared once the document is complete: left to run, the timer kept the finished render (and
    // through its callbacks the whole EntryContext) alive for six seconds after every page, which
    // under load meant hundreds of finished pages promoted to the old generation (decision 017).
    abortTimer.id = setTimeout(() => abort(), streamTimeout + 1000);
  });
}
