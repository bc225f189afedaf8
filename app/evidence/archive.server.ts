// Reads an uploaded .zip or .tar.gz in memory, with every limit enforced while reading, and returns
// the repository's files for the scanner. Nothing is ever written to disk: the archive's bytes and
// the text read from it live only in this process (the scan worker) and are dropped with it.
// Refusals are ArchiveErrors with a message for the person who uploaded the file.

import { Readable } from "node:stream";
import { crc32, createGunzip, inflateRawSync } from "node:zlib";

import tarStream from "tar-stream";
import yauzl from "yauzl";

import { isIgnoredPath, stripCommonRoot } from "~/engine/evidence/paths";
import type { ScanFile } from "~/engine/evidence/types";

import { ArchiveError, DEFAULT_LIMITS, displayName, megabytes, type ReadLimits } from "./limits";

export interface ReadStats {
  format: "zip" | "tar.gz" | "directory";
  /** entries in the archive, folders included */
  entries: number;
  files: number;
  /** files whose text was read */
  read: number;
  /** files listed but not read: over the per-file limit */
  tooLarge: number;
  binary: number;
  /** dependency, build and tool folders (node_modules, dist, .git…) */
  ignored: number;
  /** bytes unpacked */
  bytes: number;
}

export interface ReadResult {
  files: ScanFile[];
  stats: ReadStats;
}

type ArchiveFormat = "zip" | "tar.gz";

/** By content, not by name: a renamed file is still what its first bytes say. */
function sniffFormat(bytes: Uint8Array): ArchiveFormat | undefined {
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b) {
    const kind = (bytes[2] << 8) | bytes[3];
    if (kind === 0x0304 || kind === 0x0506 || kind === 0x0708) return "zip";
  }
  if (bytes.length >= 3 && bytes[0] === 0x1f && bytes[1] === 0x8b && bytes[2] === 0x08) return "tar.gz";
  return undefined;
}

export async function readArchive(
  bytes: Uint8Array,
  limits: ReadLimits = DEFAULT_LIMITS,
): Promise<ReadResult> {
  if (bytes.byteLength > limits.maxArchiveBytes) {
    throw new ArchiveError(
      "too-large",
      `The archive is larger than ${megabytes(limits.maxArchiveBytes)}. Upload the source code only, without node_modules, build output or media files.`,
    );
  }
  const format = sniffFormat(bytes);
  if (!format) {
    throw new ArchiveError("not-an-archive", "This file is not a .zip or .tar.gz archive.");
  }
  const collector = new Collector(format, limits);
  if (format === "zip")
    await readZip(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), collector);
  else await readTarGz(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), collector);
  return collector.result();
}

/** Checks every entry against the limits and keeps the text of the files worth scanning. */
export class Collector {
  private readonly files = new Map<string, ScanFile>();
  readonly stats: ReadStats;
  private declaredBytes = 0;

  constructor(
    format: ReadStats["format"],
    readonly limits: ReadLimits,
  ) {
    this.stats = { format, entries: 0, files: 0, read: 0, tooLarge: 0, binary: 0, ignored: 0, bytes: 0 };
  }

  /**
   * Validates one entry's name and declared size. Returns the normalised path, or undefined for a
   * folder. Throws for anything that makes the whole archive unacceptable.
   */
  enter(rawName: string, declaredSize: number, isDirectory: boolean): string | undefined {
    const { limits } = this;
    if (++this.stats.entries > limits.maxEntries) {
      throw new ArchiveError(
        "too-many-entries",
        `The archive has more than ${limits.maxEntries.toLocaleString("en")} files and folders. Upload the source code only, without node_modules or build output.`,
      );
    }
    const path = normaliseEntryName(rawName);
    if (path.split("/").length > limits.maxDepth) {
      throw new ArchiveError(
        "too-deep",
        `"${displayName(rawName)}" is nested more than ${limits.maxDepth} folders deep, which no real project needs. The archive was not read.`,
      );
    }
    this.declaredBytes += Math.max(0, declaredSize);
    if (this.declaredBytes > limits.maxTotalBytes) throw tooMuchData(limits);
    return isDirectory || path === "" ? undefined : path;
  }

  /** Counts bytes as they are unpacked: declared sizes can lie. */
  count(bytes: number): void {
    this.stats.bytes += bytes;
    if (this.stats.bytes > this.limits.maxTotalBytes) throw tooMuchData(this.limits);
  }

  /** Whether a file's content is worth reading (not ignored, not over the per-file limit). */
  wants(path: string, size: number): boolean {
    if (this.files.has(path)) return false;
    if (isIgnoredPath(path)) {
      this.stats.ignored++;
      return false;
    }
    this.stats.files++;
    if (size > this.limits.maxFileBytes) {
      this.stats.tooLarge++;
      this.files.set(path, { path, size });
      return false;
    }
    return true;
  }

  add(path: string, content: Buffer): void {
    if (isBinary(content)) {
      this.stats.binary++;
      this.files.set(path, { path, size: content.length });
      return;
    }
    this.stats.read++;
    this.files.set(path, { path, size: content.length, text: content.toString("utf8") });
  }

  result({ stripRoot = true }: { stripRoot?: boolean } = {}): ReadResult {
    const files = [...this.files.values()];
    return { files: stripRoot ? stripCommonRoot(files) : files, stats: this.stats };
  }
}

function tooMuchData(limits: ReadLimits): ArchiveError {
  return new ArchiveError(
    "too-much-data",
    `Unpacked, the archive would be larger than ${megabytes(limits.maxTotalBytes)}, so it was not read. Upload the source code only, without node_modules, build output or media files.`,
  );
}

/**
 * Entry names are repository paths: relative, forward slashes, no `..`. Anything else is refused
 * outright rather than "fixed", because an archive built to escape its folder is not a code export.
 */
function normaliseEntryName(raw: string): string {
  if (raw.includes("\u0000")) {
    throw new ArchiveError(
      "corrupt",
      "The archive contains a file name with a NUL character; it was not read.",
    );
  }
  const name = raw.replace(/\\/g, "/");
  if (name.startsWith("/") || /^[A-Za-z]:/.test(name)) {
    throw new ArchiveError(
      "absolute-path",
      `The archive contains an absolute path ("${displayName(raw)}"). A code export only has paths inside its own folder, so it was not read.`,
    );
  }
  const parts = name.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.includes("..")) {
    throw new ArchiveError(
      "path-traversal",
      `The archive contains a path that points outside it ("${displayName(raw)}"), so it was not read.`,
    );
  }
  return parts.join("/");
}

function isBinary(content: Buffer): boolean {
  return content.subarray(0, 8000).includes(0);
}

function linkError(name: string): ArchiveError {
  return new ArchiveError(
    "link",
    `The archive contains a link ("${displayName(name)}"). Links can point outside the code, so archives with links are not read. Export the code without them.`,
  );
}

function corrupt(detail?: string): ArchiveError {
  return new ArchiveError(
    "corrupt",
    `The archive is damaged or incomplete and could not be read${detail ? ` (${detail})` : ""}. Download it again and retry.`,
  );
}

/** Errors from the archive libraries become "damaged"; our own refusals pass through. */
function asArchiveError(error: unknown): ArchiveError {
  if (error instanceof ArchiveError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return corrupt(message.split("\n")[0].slice(0, 120));
}

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
const UNIX = 3;

async function readZip(buffer: Buffer, collector: Collector): Promise<void> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(buffer, {
      lazyEntries: true,
      // Names are checked by normaliseEntryName, with messages a person can act on.
      decodeStrings: false,
      validateEntrySizes: true,
    });
  } catch (error) {
    throw asArchiveError(error);
  }
  try {
    for (;;) {
      const entry = await nextEntry(zip);
      if (!entry) break;
      const rawName = yauzl.getFileNameLowLevel(
        entry.generalPurposeBitFlag,
        entry.fileNameRaw,
        entry.extraFields,
        false,
      );
      const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
      const fromUnix = entry.versionMadeBy >> 8 === UNIX;
      if (fromUnix && mode === S_IFLNK) throw linkError(rawName);
      if (fromUnix && mode !== 0 && mode !== S_IFREG && mode !== S_IFDIR) {
        throw new ArchiveError(
          "special-file",
          `The archive contains "${displayName(rawName)}", which is not a regular file or folder, so it was not read.`,
        );
      }
      const isDirectory = rawName.endsWith("/") || rawName.endsWith("\\") || (fromUnix && mode === S_IFDIR);
      const path = collector.enter(rawName, entry.uncompressedSize, isDirectory);
      if (path === undefined) continue;
      if (entry.isEncrypted()) {
        throw new ArchiveError(
          "encrypted",
          `"${displayName(rawName)}" in the archive is password-protected. Upload an archive without a password.`,
        );
      }
      if (!entry.canDecodeFileData()) {
        throw new ArchiveError(
          "unsupported",
          `"${displayName(rawName)}" uses a compression method this reader does not support. Create the archive again with standard zip compression.`,
        );
      }
      const limits = collector.limits;
      if (
        entry.uncompressedSize > 1024 * 1024 &&
        entry.uncompressedSize > limits.maxRatio * Math.max(1, entry.compressedSize)
      ) {
        throw new ArchiveError(
          "bomb",
          `"${displayName(rawName)}" unpacks to more than ${limits.maxRatio} times its packed size. That is how zip bombs work, so the archive was not read.`,
        );
      }
      if (!collector.wants(path, entry.uncompressedSize)) continue;
      collector.add(path, await readEntry(zip, buffer, entry, collector));
    }
  } catch (error) {
    throw asArchiveError(error);
  } finally {
    zip.close();
  }
}

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | undefined> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      zip.off("entry", onEntry);
      zip.off("end", onEnd);
      zip.off("error", onError);
    };
    const onEntry = (entry: yauzl.Entry) => (cleanup(), resolve(entry));
    const onEnd = () => (cleanup(), resolve(undefined));
    const onError = (error: Error) => (cleanup(), reject(error));
    zip.on("entry", onEntry);
    zip.on("end", onEnd);
    zip.on("error", onError);
    zip.readEntry();
  });
}

/**
 * An entry's bytes, straight from the archive buffer: the packed data is sliced out and inflated
 * in one call whose output is capped at the declared size, then checked against the declared size
 * and CRC. (A stream per entry costs more than the inflating itself for typical small source files.)
 */
async function readEntry(
  zip: yauzl.ZipFile,
  buffer: Buffer,
  entry: yauzl.Entry,
  collector: Collector,
): Promise<Buffer> {
  const { fileDataStart } = await zip.readLocalFileHeaderPromise(entry, { minimal: true });
  const end = fileDataStart + entry.compressedSize;
  if (end > buffer.length) throw corrupt("a file's data runs past the end of the archive");
  const packed = buffer.subarray(fileDataStart, end);
  let data: Buffer;
  if (entry.compressionMethod === 0) {
    data = packed;
  } else {
    try {
      // One byte over the declared size is enough to know the size was a lie.
      data = inflateRawSync(packed, { maxOutputLength: Math.max(1, entry.uncompressedSize + 1) });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw corrupt(
        /larger than|maxOutputLength|buffer/i.test(message) ? "a file is larger than it claims" : message,
      );
    }
  }
  if (data.length !== entry.uncompressedSize) throw corrupt("a file is not the size it claims");
  if (crc32(data) !== entry.crc32) throw corrupt("a file does not match its checksum");
  collector.count(data.length);
  return data;
}

async function readTarGz(buffer: Buffer, collector: Collector): Promise<void> {
  const gunzip = createGunzip();
  const extract = tarStream.extract();
  const source = Readable.from([buffer]);
  let failure: unknown;
  const fail = (error: unknown) => {
    failure ??= error;
    source.destroy();
    gunzip.destroy();
    extract.destroy();
  };
  // Every unpacked byte is counted as gzip produces it, so a gzip bomb stops at the limit.
  gunzip.on("data", (chunk: Buffer) => {
    try {
      collector.count(chunk.length);
    } catch (error) {
      fail(error);
    }
  });
  gunzip.on("error", fail);
  source.on("error", fail);
  source.pipe(gunzip).pipe(extract);
  try {
    for await (const entry of extract) {
      const { header } = entry;
      const rawName = header.name;
      const type = header.type ?? "file";
      if (type === "symlink" || type === "link") {
        entry.resume();
        throw linkError(rawName);
      }
      if (type !== "file" && type !== "contiguous-file" && type !== "directory") {
        entry.resume();
        throw new ArchiveError(
          "special-file",
          `The archive contains "${displayName(rawName)}", which is not a regular file or folder, so it was not read.`,
        );
      }
      const size = header.size ?? 0;
      const path = collector.enter(rawName, size, type === "directory");
      if (path === undefined || !collector.wants(path, size)) {
        // Skipped entries still have to be read past; their bytes were counted by the gunzip tap.
        for await (const _chunk of entry) void _chunk;
        continue;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of entry as AsyncIterable<Buffer>) chunks.push(chunk);
      collector.add(path, Buffer.concat(chunks));
    }
  } catch (error) {
    fail(error);
  }
  if (failure) throw asArchiveError(failure);
  if (collector.stats.entries === 0) throw corrupt("no files found: is this a gzipped tar archive?");
}
