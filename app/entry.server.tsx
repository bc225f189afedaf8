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
 * in the same script Remix itself would write there.
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
  const data = dataStream ? await new Response(dataStream).text() : "";
  const markup = renderToString(
    <NonceProvider value={nonce}>
      <RemixServer context={remixContext} url={request.url} nonce={nonce} />
    </NonceProvider>,
  );
  const transfer = dataStream
    ? `<script nonce="${nonce}">window.__remixContext.streamController.enqueue(${scriptJson(data)});` +
      `window.__remixContext.streamController.close();</script>`
    : "";
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  // Bytes, not a string: a string body is first checked for lone surrogates, a full scan of the page.
  return new Response(Buffer.from(`<!DOCTYPE html>${markup}${transfer}`), {
    headers: responseHeaders,
    status: responseStatusCode,
  });
}

/**
 * A string as a JavaScript literal that is safe inside <script>. JSON is valid JavaScript (U+2028
 * and U+2029 included, since ES2019); the HTML parser only ends a script at `</script` and treats
 * `<!--` specially, so escaping every `<` is enough.
 */
function scriptJson(text: string): string {
  return JSON.stringify(text).replaceAll("<", "\\u003c");
}
