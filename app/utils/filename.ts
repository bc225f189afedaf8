/**
 * A Content-Disposition header for a download named after the product, "CartPilot plan.csv".
 *
 * Browsers take the UTF-8 name in filename* (RFC 6266, RFC 8187); curl -J, wget and older clients
 * take the ASCII filename. Both carry the same words, so a download is called the same everywhere;
 * the ASCII one only loses what ASCII cannot hold ("Café Crème" becomes "Cafe Creme").
 *
 * Control and format characters are dropped: a right-to-left override (U+202E) in a product name
 * would otherwise make "report‮fdp.exe" look like another file type. Characters that Windows or
 * macOS refuse in file names become spaces.
 */
export function attachmentName(product: string, suffix: string, ext: string): string {
  const name = fileName(product) || "Project";
  const full = `${name} ${suffix}`;
  // Accents folded away, and `%` left out because some clients percent-decode the ASCII name.
  const asciiProduct = fileName(
    name
      .normalize("NFKD")
      .replace(/[^\x20-\x7e]+/g, "")
      .replace(/%/g, ""),
  );
  const ascii = `${asciiProduct || "Project"} ${suffix}`;
  return `attachment; filename="${ascii}.${ext}"; filename*=UTF-8''${rfc8187(`${full}.${ext}`)}`;
}

function fileName(text: string): string {
  const flat = text
    .replace(/[\p{Cf}\p{Cs}]+/gu, "")
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, " ")
    .replace(/[\\/:*?"<>|]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  // Lone surrogates (\p{Cs}) are dropped above, for the same reason.
  // Cut by code points, so a name is never left with half an emoji (encodeURIComponent throws on one).
  return Array.from(flat).slice(0, 80).join("").trim();
}

/** RFC 8187 value characters: encodeURIComponent leaves ' ( ) * as they are, which the RFC does not allow. */
function rfc8187(text: string): string {
  return encodeURIComponent(text).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
