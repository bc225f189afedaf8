import type { HeadersFunction } from "@remix-run/node";

/**
 * Routes that throw Responses with meaningful headers (429 + Retry-After) re-export this as `headers`:
 * Remix drops a thrown Response's headers unless the route passes them on. An action that answers a
 * form with 429 rather than throwing (a comment past its limit, shown beside the box) keeps its
 * Retry-After the same way; its other headers stay its own.
 */
export const passErrorHeaders: HeadersFunction = ({ errorHeaders, actionHeaders }) => {
  if (errorHeaders) return errorHeaders;
  const headers = new Headers();
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};
