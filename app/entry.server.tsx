import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";

import { NonceProvider } from "./utils/nonce";

// Loaders that return promises (we have none) get this long before the data stream gives up on them.
export const streamTimeout = 5_000;

/**
 * Renders the whole document to a string, then appends the loader data.
 *
 * Why not React's streaming renderer: every loader has finished before rendering starts (we defer
 * nothing), so streaming buys nothing here, and React 18's Node stream renderer encodes each of a
 * page's thousands of small strings separately: measured 3× the CPU of `renderToString` for the
 * same markup, the largest single cost of a page (docs/decisions/006-render-to-string.md).
 *
 * Remix's single fetch normally streams the loader data from <RemixServer> through suspending
 * components, which `renderToString` cannot wait for. So we take the data stream out of the
 * context, read it whole (it is short: the page's loader data) and append it after the document,
 * where Remix would write it, handing it to the same `streamController`.
 */
export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  const dataStream = remixContext.serverHandoffStream;
  remixContext.serverHandoffStream = undefined;
  const data = dataStream ? await readAll(dataStream) : null;
  const markup = renderToString(
    <NonceProvider value={nonce}>
      <RemixServer context={remixContext} url={request.url} nonce={nonce} />
    </NonceProvider>,
  );
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  const document = Buffer.from(`<!DOCTYPE html>${markup}`);
  // Bytes, not a string: a string body is first checked for lone surrogates, a full scan of the page.
  const body = data
    ? Buffer.concat([document, dataOpen(nonce), escapeLessThan(data), dataClose(nonce)])
    : document;
  return new Response(body, { headers: responseHeaders, status: responseStatusCode });
}

// Remix writes the data as a JavaScript string literal inside a script. We put the bytes as they are
// into a JSON script element (never executed; its text is read back verbatim) and enqueue its
// text: no second round of escaping on every page (0.1–0.2 ms of a 2 ms page, measured), no
// decoding of the bytes into a string, and a fifth fewer bytes sent. It carries the nonce anyway,
// so that every script tag on a page does.
const DATA_ID = "__remix-data";
const dataOpen = (nonce: string) =>
  Buffer.from(`<script type="application/json" id="${DATA_ID}" nonce="${nonce}">`);
const dataClose = (nonce: string) =>
  Buffer.from(
    `</script><script nonce="${nonce}">(function(c){c.enqueue(document.getElementById("${DATA_ID}").textContent);c.close()})(window.__remixContext.streamController)</script>`,
  );

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) chunks.push(read.value);
  return Buffer.concat(chunks);
}

// The data is turbo-stream's JSON lines, where "<" can only occur inside a string, so "\u003c" is
// always a valid replacement, and with no "<" left the HTML parser can neither see "</script" nor
// "<!--" in the element. (0x3c never occurs inside a multi-byte UTF-8 character.)
const LT = 0x3c;
const ESCAPED_LT = Buffer.from("\\u003c");
function escapeLessThan(bytes: Buffer): Buffer {
  let at = bytes.indexOf(LT);
  if (at < 0) return bytes;
  const parts: Buffer[] = [];
  let from = 0;
  while (at >= 0) {
    parts.push(bytes.subarray(from, at), ESCAPED_LT);
    from = at + 1;
    at = bytes.indexOf(LT, from);
  }
  parts.push(bytes.subarray(from));
  return Buffer.concat(parts);
}
