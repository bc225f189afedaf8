// What the request log says a request asked for. The path names the page, but four pages take a
// secret in it (a password reset, an invitation, an email confirmation or change): anyone who reads
// the log could use a link that has not been used yet. Query strings can hold what a person typed
// (a quote checked on the results page), so only their names are kept.

const TOKEN_PATHS = /^(\/(?:reset-password|invite|account\/confirm|account\/email))\/[^/?#]+/;

/** "/reset-password/Zx3…?next=%2F" -> "/reset-password/:token?next" */
export function logPath(url: string): string {
  const q = url.indexOf("?");
  const path = (q === -1 ? url : url.slice(0, q)).replace(TOKEN_PATHS, "$1/:token");
  if (q === -1) return path;
  const names = [...new Set([...new URLSearchParams(url.slice(q + 1)).keys()])];
  return names.length > 0 ? `${path}?${names.join("&")}` : path;
}
