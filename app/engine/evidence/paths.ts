// Which paths of a repository the scanner reads. Dependencies, build output and version-control
// internals are not the app's own code: skipping them keeps scans fast and findings about the app.

/**
 * Dependency, tool and version-control folders, and `dist`: never the app's own code, wherever they
 * are (`app/dist/` is a project called "app" zipped with its build, not a route).
 */
const IGNORED_DIRS = new Set([
  "node_modules",
  "dist",
  ".git",
  ".hg",
  ".svn",
  ".next",
  ".nuxt",
  ".svelte-kit",
  ".output",
  ".vercel",
  ".netlify",
  ".turbo",
  ".cache",
  ".parcel-cache",
  "bower_components",
  "__pycache__",
  ".venv",
  "venv",
  ".idea",
  ".vscode",
  "__MACOSX",
]);

/**
 * Names of build output and vendored copies beside a project's (or a package's) files:
 * `client/build/`, `vendor/`. Inside the app's own source folders the same words are the app's own
 * routes and modules (a marketplace's `app/vendor/dashboard/page.tsx`, an insurer's
 * `app/coverage/page.tsx`), so they are skipped only when no source folder encloses them. (A project zipped inside a folder named like one, `app/build/…`,
 * is read, but the scanner filters again once the wrapper folder is taken off.)
 */
const OUTPUT_DIRS = new Set(["build", "out", "coverage", "vendor"]);
const APP_SOURCE_DIRS = new Set(["src", "app", "pages", "components", "lib"]);

/** True for paths inside dependency, build-output or tool folders (and macOS resource forks). */
export function isIgnoredPath(path: string): boolean {
  const parts = path.split("/");
  const name = parts.pop()!;
  let inSource = false;
  for (const dir of parts) {
    if (IGNORED_DIRS.has(dir) || (OUTPUT_DIRS.has(dir) && !inSource)) return true;
    if (APP_SOURCE_DIRS.has(dir)) inSource = true;
  }
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
