import type { HeadersFunction } from "@remix-run/node";

/**
 * Routes that throw Responses with meaningful headers (429 + Retry-After) re-export this as `headers`:
 * Remix drops a thrown Response's headers unless the route passes them on.
 */
export const passErrorHeaders: HeadersFunction = ({ errorHeaders }) => errorHeaders ?? new Headers();
