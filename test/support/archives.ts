// Builds .zip and .tar.gz archives in memory for tests, including hostile ones (links, paths that
// escape, encrypted entries, sizes that lie). The zip writer is hand-written on purpose: real zip
// tools refuse to produce most of these, and committing binary bombs to the repository is worse.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

import tarStream from "tar-stream";

export interface ZipEntrySpec {
  name: string;
  data?: Buffer | string;
  /** deflate (default) or store */
  method?: "deflate" | "store";
  /** unix mode, e.g. 0o120777 for a symbolic link (default: a regular file) */
  mode?: number;
  /** sets the "encrypted" flag */
  encrypted?: boolean;
  /** lie about the unpacked size */
  declaredSize?: number;
}

export function zip(entries: ZipEntrySpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const raw = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data ?? "", "utf8");
    const method = e.method === "store" ? 0 : 8;
    const packed = method === 8 ? zlib.deflateRawSync(raw) : raw;
    const name = Buffer.from(e.name, "utf8");
    const crc = zlib.crc32(raw);
    const flags = 0x0800 | (e.encrypted ? 1 : 0); // UTF-8 names
    const size = e.declaredSize ?? raw.length;
    const mode = e.mode ?? (e.name.endsWith("/") ? 0o040755 : 0o100644);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, packed);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix: the mode bits count
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(0, 30);
    central.writeUInt16LE(0, 32);
    central.writeUInt16LE(0, 34);
    central.writeUInt16LE(0, 36);
    central.writeUInt32LE((mode << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

export interface TarEntrySpec {
  name: string;
  data?: Buffer | string;
  type?: "file" | "directory" | "symlink" | "link" | "fifo" | "character-device";
  linkname?: string;
  /** a file of this many zero bytes, streamed (for bombs) instead of `data` */
  zeros?: number;
}

export async function tarGz(entries: TarEntrySpec[]): Promise<Buffer> {
  const pack = tarStream.pack();
  const gzip = zlib.createGzip({ level: 9 });
  const out: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    gzip.on("data", (c: Buffer) => out.push(c));
    gzip.on("end", resolve);
    gzip.on("error", reject);
  });
  pack.pipe(gzip);
  for (const e of entries) {
    const type = e.type ?? "file";
    if (e.zeros !== undefined) {
      const sink = pack.entry({ name: e.name, size: e.zeros, type: "file" });
      const chunk = Buffer.alloc(1024 * 1024);
      for (let left = e.zeros; left > 0; left -= chunk.length) {
        const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
        if (!sink.write(piece)) await new Promise<void>((r) => sink.once("drain", () => r()));
      }
      await new Promise<void>((resolve, reject) =>
        sink.end((err?: Error | null) => (err ? reject(err) : resolve())),
      );
      continue;
    }
    const data =
      type === "file" ? (Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data ?? "", "utf8")) : undefined;
    await new Promise<void>((resolve, reject) =>
      pack.entry(
        { name: e.name, type, linkname: e.linkname, size: data?.length ?? 0 },
        data ?? Buffer.alloc(0),
        (err) => (err ? reject(err) : resolve()),
      ),
    );
  }
  pack.finalize();
  await done;
  return Buffer.concat(out);
}

/** Every file of a folder (dot files included), as archive entries under `prefix`. */
function entriesOf(dir: string, prefix = ""): Array<{ name: string; data: Buffer }> {
  const result: Array<{ name: string; data: Buffer }> = [];
  const walk = (current: string) => {
    for (const entry of fs
      .readdirSync(current, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else
        result.push({
          name: prefix + path.relative(dir, full).split(path.sep).join("/"),
          data: fs.readFileSync(full),
        });
    }
  };
  walk(dir);
  return result;
}

/** A folder of the example repositories as a zip, wrapped in one folder like a GitHub download. */
export function fixtureZip(name: string): Buffer {
  return zip(entriesOf(path.resolve("test/fixtures/repos", name), `${name}-main/`));
}

export async function fixtureTarGz(name: string): Promise<Buffer> {
  return tarGz(entriesOf(path.resolve("test/fixtures/repos", name), `${name}/`));
}
