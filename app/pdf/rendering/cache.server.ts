// Bytes of rendered PDFs that can never change: a published proposal's snapshot is immutable, so
// its PDF (per acceptance state) is rendered once and served from here. In memory, least recently
// used first out, bounded by bytes; optionally also on disk so a restart does not re-render.
// Every entry belongs to a group (the engagement), on disk a folder of its own, so deleting an
// engagement deletes its PDFs too: they hold its plan and prices.
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

import { LRUCache } from "lru-cache";

interface PdfCacheOptions {
  /** memory budget (default 50 MB) */
  maxBytes?: number;
  /** directory for the disk copy; null for memory only */
  dir?: string | null;
}

export class PdfCache {
  readonly maxBytes: number;
  readonly dir: string | null;
  private entries: LRUCache<string, Uint8Array>;
  private counters = { hits: 0, diskHits: 0, misses: 0, evictions: 0 };

  constructor(options: PdfCacheOptions = {}) {
    this.maxBytes = options.maxBytes ?? 50 * 1024 * 1024;
    this.dir = options.dir ?? null;
    this.entries = new LRUCache({
      maxSize: this.maxBytes,
      sizeCalculation: (pdf) => Math.max(1, pdf.byteLength),
      dispose: (_pdf, _key, reason) => {
        if (reason === "evict") this.counters.evictions += 1;
      },
    });
  }

  async get(group: string, key: string): Promise<Uint8Array | undefined> {
    checkGroup(group);
    const hit = this.entries.get(memoryKey(group, key));
    if (hit) {
      this.counters.hits += 1;
      return hit;
    }
    const fromDisk = await this.readDisk(group, key);
    if (fromDisk) {
      this.counters.diskHits += 1;
      this.remember(group, key, fromDisk);
      return fromDisk;
    }
    this.counters.misses += 1;
    return undefined;
  }

  async set(group: string, key: string, pdf: Uint8Array): Promise<void> {
    checkGroup(group);
    this.remember(group, key, pdf);
    await this.writeDisk(group, key, pdf);
  }

  /** Forgets every PDF of the group, in memory and on disk. */
  async deleteGroup(group: string): Promise<void> {
    checkGroup(group);
    const prefix = memoryKey(group, "");
    for (const key of [...this.entries.keys()]) if (key.startsWith(prefix)) this.entries.delete(key);
    if (this.dir) await fs.rm(this.groupDir(group), { recursive: true, force: true });
  }

  stats() {
    return { entries: this.entries.size, bytes: this.entries.calculatedSize, ...this.counters };
  }

  private remember(group: string, key: string, pdf: Uint8Array): void {
    // Larger than the whole budget: serve it, keep only the disk copy.
    if (pdf.byteLength > this.maxBytes) return;
    this.entries.set(memoryKey(group, key), pdf);
  }

  private groupDir(group: string): string {
    return path.join(this.dir!, group);
  }

  private file(group: string, key: string): string {
    // Keys may hold any characters; the file name is a hash of the key.
    return path.join(this.groupDir(group), `${crypto.createHash("sha256").update(key).digest("hex")}.pdf`);
  }

  private async readDisk(group: string, key: string): Promise<Uint8Array | undefined> {
    if (!this.dir) return undefined;
    try {
      return new Uint8Array(await fs.readFile(this.file(group, key)));
    } catch {
      return undefined;
    }
  }

  /** Best effort: a full disk or a read-only directory costs a re-render later, never a failed request. */
  private async writeDisk(group: string, key: string, pdf: Uint8Array): Promise<void> {
    if (!this.dir) return;
    const target = this.file(group, key);
    const temp = `${target}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
    try {
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(temp, pdf);
      // Rename is atomic: a concurrent reader sees the whole file or none.
      await fs.rename(temp, target);
    } catch {
      await fs.rm(temp, { force: true }).catch(() => undefined);
    }
  }
}

// A group names a folder: an id, never a path.
function checkGroup(group: string): void {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(group))
    throw new Error(`not a PDF cache group: ${JSON.stringify(group)}`);
}

// NUL cannot occur in a group (an id), so one group's prefix never matches another's keys.
function memoryKey(group: string, key: string): string {
  return `${group}\0${key}`;
}
