// Which paths of a repository the scanner reads. Dependencies, build output and version-control
// internals are not the app's own code: skipping them keeps scans fast and findings about the app.

const IGNORED_DIRS = new Set([
  "node_modules",
  ".git",
  ".hg",
  ".svn",
  "dist",
  "build",
  "out",
  ".next",
  ".nuxt",
  ".svelte-kit",
  ".output",
  ".vercel",
  ".netlify",
  ".turbo",
  ".cache",
  ".parcel-cache",
  "coverage",
  "vendor",
  "bower_components",
  "__pycache__",
  ".venv",
  "venv",
  ".idea",
  ".vscode",
  "__MACOSX",
]);

/** True for paths inside dependency, build-output or tool folders (and macOS resource forks). */
export function isIgnoredPath(path: string): boolean {
  const parts = path.split("/");
  if (parts.some((p) => IGNORED_DIRS.has(p))) return true;
  const name = parts[parts.length - 1];
  return (
    name === ".DS_Store" || name.startsWith("._") || /\.min\.(?:js|css)$/.test(name) || /\.map$/.test(name)
  );
}

/**
 * GitHub and most builders wrap a download in one folder (`my-app-main/…`). Rules are written from
 * the repository root, so a single folder that holds everything is taken off every path.
 */
export function stripCommonRoot<T extends { path: string }>(files: T[]): T[] {
  if (files.length === 0) return files;
  const first = files[0].path.split("/")[0];
  if (!files.every((f) => f.path.startsWith(`${first}/`))) return files;
  return files.map((f) => ({ ...f, path: f.path.slice(first.length + 1) }));
}
