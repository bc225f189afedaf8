/**
 * The name to save a downloaded file under, as a browser would pick it: the UTF-8 `filename*` of the
 * response's Content-Disposition (RFC 6266, RFC 8187), else its plain `filename`, else the last
 * segment of the address it came from ("report.pdf"). For a download fetched by script, which the
 * browser does not name itself (see filename.ts for the header the server sends).
 */
export function downloadName(contentDisposition: string | null, href: string): string {
  return (contentDisposition && fromHeader(contentDisposition)) || lastSegment(href) || "download";
}

function fromHeader(header: string): string | null {
  const extended = /(?:^|;)\s*filename\*\s*=\s*([^;]+)/i.exec(header)?.[1]?.trim();
  if (extended) {
    const m = /^([\w!#$%&+^`{}~-]+)'[^']*'(.+)$/.exec(extended);
    if (m && m[1]!.toLowerCase() === "utf-8") {
      const decoded = safeDecode(m[2]!);
      if (decoded) return baseName(decoded);
    }
  }
  const plain = /(?:^|;)\s*filename\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/i.exec(header)?.[1]?.trim();
  if (!plain) return null;
  const unquoted = plain.startsWith('"') ? plain.slice(1, -1).replace(/\\(.)/g, "$1") : plain;
  return baseName(unquoted);
}

function lastSegment(href: string): string | null {
  const path = href.split(/[?#]/)[0] ?? "";
  return baseName(safeDecode(path.slice(path.lastIndexOf("/") + 1)) ?? "");
}

/** Never a folder: only what follows the last slash or backslash. */
function baseName(name: string): string | null {
  return name.split(/[\\/]/).pop()?.trim() || null;
}

function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
