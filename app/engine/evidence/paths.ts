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
 * Folders that hold code inside a project. One of these alone at the top is the code itself zipped
 * (a founder sending just `src/`), not a wrapper, unless a project file sits directly inside it.
 */
const SOURCE_FOLDERS = new Set([
  "src",
  "app",
  "lib",
  "pages",
  "components",
  "server",
  "api",
  "functions",
  "supabase",
  "public",
  "client",
]);
const PROJECT_FILES =
  /^(?:package\.json|requirements\.txt|pyproject\.toml|go\.mod|Gemfile|composer\.json|deno\.jsonc?|Cargo\.toml|README(?:\.\w+)?|\.gitignore)$/i;

/**
 * GitHub and most builders wrap a download in one folder (`my-app-main/…`). Rules are written from
 * the repository root, so a single folder that holds everything is taken off every path. A lone
 * `src/` (or another usual code folder) without a project file in it is kept: it is part of the path
 * the founder will look for.
 */
export function stripCommonRoot<T extends { path: string }>(files: T[]): T[] {
  if (files.length === 0) return files;
  const first = files[0].path.split("/")[0];
  if (!files.every((f) => f.path.startsWith(`${first}/`))) return files;
  const inside = files.map((f) => f.path.slice(first.length + 1));
  if (SOURCE_FOLDERS.has(first.toLowerCase()) && !inside.some((p) => PROJECT_FILES.test(p))) return files;
  return files.map((f, i) => ({ ...f, path: inside[i]! }));
}
