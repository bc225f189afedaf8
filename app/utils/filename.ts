/**
 * A Content-Disposition header for a download named after the product: an ASCII slug for old clients
 * and the UTF-8 original in filename* (RFC 6266), so "Café Crème" stays readable where supported.
 * Control and format characters are dropped from the original: a right-to-left override (U+202E)
 * in a product name would otherwise make "report‮fdp.exe" look like another file type.
 */
export function attachmentName(product: string, suffix: string, ext: string): string {
  const slug =
    product
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^A-Za-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .toLowerCase()
      .slice(0, 60) || "engagement";
  const full = `${product} ${suffix}`
    .replace(/\p{Cf}+/gu, "")
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, " ")
    .replace(/[\\/:*?"<>|]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return `attachment; filename="${slug}-${suffix}.${ext}"; filename*=UTF-8''${encodeURIComponent(`${full}.${ext}`)}`;
}
