// Limits on what an upload may contain. They are enforced while the archive is read (entry by
// entry, byte by byte), not after, so a hostile archive costs no more than these numbers.

export interface ReadLimits {
  /** the archive itself, as uploaded */
  maxArchiveBytes: number;
  /** files and folders in the archive */
  maxEntries: number;
  /** bytes once unpacked, over every entry (declared and actually produced) */
  maxTotalBytes: number;
  /** larger files are listed (their names still count for rules) but their text is not scanned */
  maxFileBytes: number;
  /** folders deep */
  maxDepth: number;
  /** an entry over 1 MB that unpacks to more than this many times its packed size is a bomb */
  maxRatio: number;
}

export const DEFAULT_LIMITS: ReadLimits = {
  maxArchiveBytes: 50 * 1024 * 1024,
  maxEntries: 20_000,
  maxTotalBytes: 250 * 1024 * 1024,
  maxFileBytes: 1024 * 1024,
  maxDepth: 32,
  maxRatio: 200,
};

export type ArchiveErrorCode =
  | "too-large"
  | "not-an-archive"
  | "corrupt"
  | "too-many-entries"
  | "too-much-data"
  | "bomb"
  | "path-traversal"
  | "absolute-path"
  | "link"
  | "special-file"
  | "encrypted"
  | "too-deep"
  | "unsupported";

/** A refused archive; `message` is written for the person who uploaded it. */
export class ArchiveError extends Error {
  constructor(
    readonly code: ArchiveErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ArchiveError";
  }
}

export function megabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

/** An entry name as it may appear in a message: printable, at most 80 characters. */
export function displayName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = name.replace(/[\u0000-\u001f\u007f]/g, "?");
  return clean.length > 80 ? `${clean.slice(0, 77)}…` : clean;
}

/** What an archive held, as far as "is there anything to read" goes (ReadStats, in part). */
interface ReadCounts {
  /** files outside skipped folders, read or not */
  files: number;
  /** files whose text was read */
  read: number;
  binary: number;
  tooLarge: number;
  /** files in dependency, build and tool folders (node_modules, dist, .git…) */
  ignored: number;
}

const UPLOAD_SOURCE =
  "Upload the app's source code: a .zip or .tar.gz of its repository (GitHub: Code → Download ZIP).";

/**
 * Why an archive gives nothing to scan, or undefined when some text was read. With no text read
 * every "absent" rule would fire (no tests, no CI, no error tracker) about code nobody saw.
 */
export function nothingToRead(stats: ReadCounts): string | undefined {
  if (stats.read > 0) return undefined;
  const total = stats.files + stats.ignored;
  if (total === 0) return `This archive is empty: there are no files in it to read. ${UPLOAD_SOURCE}`;
  const one = total === 1;
  const reasons = [
    stats.binary > 0 ? "binary" : null,
    stats.tooLarge > 0 ? `over ${megabytes(DEFAULT_LIMITS.maxFileBytes)}` : null,
    stats.ignored > 0
      ? one
        ? "in a folder we skip, such as node_modules or dist"
        : "in folders we skip, such as node_modules or dist"
      : null,
  ].filter((r): r is string => r !== null);
  const why = reasons.length === 0 ? "" : one ? `, which is ${reasons[0]}` : `, all ${joinOr(reasons)}`;
  return `We found no source files to read in this archive (it holds ${total} ${one ? "file" : "files"}${why}). ${UPLOAD_SOURCE}`;
}

function joinOr(words: string[]): string {
  return words.length <= 1 ? words.join("") : `${words.slice(0, -1).join(", ")} or ${words.at(-1)}`;
}
