// Where a server keeps an engagement's cached PDFs: `pdf-cache/<renderer>/<engagement id>` next to
// its database, the renderer folder named by a hash of the PDF code as built (pdf.server.ts,
// `rendererId`). A server keeps one renderer folder and removes the others at start.
import fs from "node:fs";
import path from "node:path";

export function pdfCacheDir(dataDir: string, engagementId: string): string {
  const base = path.join(dataDir, "pdf-cache");
  const renderers = fs.existsSync(base) ? fs.readdirSync(base) : [];
  if (renderers.length > 1)
    throw new Error(`more than one renderer folder in ${base}: ${renderers.join(", ")}`);
  return path.join(base, renderers[0] ?? "(nothing cached yet)", engagementId);
}
