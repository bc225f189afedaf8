// Reading uploaded archives: the example repositories read the same as their folders, and hostile
// archives (generated here, not committed) end in a clear refusal.
import crypto from "node:crypto";
import zlib from "node:zlib";

import { describe, expect, it } from "vitest";

import { readArchive } from "../app/evidence/archive.server";
import { ArchiveError, DEFAULT_LIMITS, nothingToRead, type ReadLimits } from "../app/evidence/limits";
import { readDirectory } from "../app/evidence/read-dir.server";

import { fixtureTarGz, fixtureZip, tarGz, zip } from "./support/archives";

async function refusal(bytes: Buffer | Promise<Buffer>, limits: ReadLimits = DEFAULT_LIMITS) {
  try {
    await readArchive(await bytes, limits);
  } catch (error) {
    if (error instanceof ArchiveError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("the archive was accepted");
}

const small = (overrides: Partial<ReadLimits>): ReadLimits => ({ ...DEFAULT_LIMITS, ...overrides });

describe("archives with nothing to read", () => {
  // Scanning them would "find" no tests, no CI and no error tracker in code nobody saw.
  it.each([
    ["an empty zip", () => zip([]), "This archive is empty: there are no files in it to read."],
    [
      "a .tar.gz of dependencies only",
      () =>
        tarGz([
          { name: "app/node_modules/x/index.js", data: "module.exports = 1" },
          { name: "app/.git/HEAD", data: "ref: refs/heads/main" },
        ]),
      "We found no source files to read in this archive (it holds 2 files, all in folders we skip, such as node_modules or dist).",
    ],
    [
      "a folder with no files",
      () => zip([{ name: "app/" }, { name: "app/src/" }]),
      "This archive is empty: there are no files in it to read.",
    ],
    [
      "one binary file",
      () => zip([{ name: "logo.png", data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]) }]),
      "We found no source files to read in this archive (it holds 1 file, which is binary).",
    ],
    [
      "binary, oversized and dependency files",
      () =>
        zip([
          { name: "public/logo.png", data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]) },
          { name: "data/big.json", data: crypto.randomBytes(DEFAULT_LIMITS.maxFileBytes).toString("hex") },
          { name: "node_modules/x/index.js", data: "module.exports = 1" },
        ]),
      "We found no source files to read in this archive (it holds 3 files, all binary, over 1 MB or in folders we skip, such as node_modules or dist).",
    ],
  ])("%s: a message that says why", async (_, make, message) => {
    const { stats } = await readArchive(await make());
    const refused = nothingToRead(stats);
    expect(refused).toContain(message);
    expect(refused).toContain("Upload the app's source code");
  });

  it("one source file is enough to scan", async () => {
    const { stats } = await readArchive(zip([{ name: "src/app.ts", data: "export {}" }]));
    expect(nothingToRead(stats)).toBeUndefined();
  });
});

describe("reading the example repositories", () => {
  const folder = readDirectory("test/fixtures/repos/ai-built");
  const byPath = (files: Array<{ path: string; text?: string }>) =>
    Object.fromEntries(files.map((f) => [f.path, f.text]));

  it("a GitHub-style zip (one wrapper folder) reads like the folder", async () => {
    const { files, stats } = await readArchive(fixtureZip("ai-built"));
    expect(byPath(files)).toEqual(byPath(folder.files));
    expect(stats).toMatchObject({ format: "zip", files: 16, read: 16, binary: 0, tooLarge: 0 });
  });

  it("a zip of just the src folder keeps src/ in its paths", async () => {
    const { files } = await readArchive(
      zip([
        { name: "src/App.tsx", data: "export default function App() {}" },
        { name: "src/lib/ai.ts", data: "export {}" },
      ]),
    );
    expect(files.map((f) => f.path)).toEqual(["src/App.tsx", "src/lib/ai.ts"]);
  });

  it("a .tar.gz reads like the folder", async () => {
    const { files, stats } = await readArchive(await fixtureTarGz("ai-built"));
    expect(byPath(files)).toEqual(byPath(folder.files));
    expect(stats).toMatchObject({ format: "tar.gz", files: 16, read: 16 });
  });

  it("lists but does not read binary, oversized and dependency files", async () => {
    const { files, stats } = await readArchive(
      zip([
        { name: "src/app.ts", data: "export {}" },
        { name: "public/logo.png", data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]) },
        { name: "data/big.json", data: crypto.randomBytes(3000).toString("hex") },
        { name: "node_modules/x/index.js", data: "module.exports = 1" },
      ]),
      small({ maxFileBytes: 4000 }),
    );
    expect(files.map((f) => [f.path, f.text !== undefined])).toEqual([
      ["src/app.ts", true],
      ["public/logo.png", false],
      ["data/big.json", false],
    ]);
    expect(stats).toMatchObject({ files: 3, read: 1, binary: 1, tooLarge: 1, ignored: 1 });
  });
});

describe("hostile archives are refused with a clear message", () => {
  it("not an archive at all", async () => {
    expect(await refusal(Buffer.from("just some text"))).toEqual({
      code: "not-an-archive",
      message: "This file is not a .zip or .tar.gz archive.",
    });
  });

  it("an archive over the size limit, before reading anything", async () => {
    const r = await refusal(
      zip([{ name: "a.txt", data: "x".repeat(5000), method: "store" }]),
      small({ maxArchiveBytes: 1000 }),
    );
    expect(r.code).toBe("too-large");
    expect(r.message).toMatch(/^The archive is larger than 0 MB\. Upload the source code only/);
  });

  it("a zip bomb (default limits): one entry unpacking to 1000x its size", async () => {
    const r = await refusal(zip([{ name: "bomb.txt", data: Buffer.alloc(20 * 1024 * 1024) }]));
    expect(r).toEqual({
      code: "bomb",
      message:
        '"bomb.txt" unpacks to more than 200 times its packed size. That is how zip bombs work, so the archive was not read.',
    });
  });

  it("a gzip bomb (default limits): a .tar.gz unpacking past 250 MB stops at the limit", async () => {
    const r = await refusal(tarGz([{ name: "bomb.bin", zeros: 260 * 1024 * 1024 }]));
    expect(r.code).toBe("too-much-data");
    expect(r.message).toMatch(/^Unpacked, the archive would be larger than 250 MB, so it was not read\./);
  }, 60_000);

  it("too much data in total, counted from declared sizes before reading", async () => {
    const entries = Array.from({ length: 5 }, (_, i) => ({
      name: `f${i}.txt`,
      data: crypto.randomBytes(400),
    }));
    expect((await refusal(zip(entries), small({ maxTotalBytes: 1500 }))).code).toBe("too-much-data");
  });

  it("too many entries", async () => {
    const entries = Array.from({ length: 11 }, (_, i) => ({ name: `f${i}.txt`, data: "x" }));
    const r = await refusal(zip(entries), small({ maxEntries: 10 }));
    expect(r.code).toBe("too-many-entries");
    expect(r.message).toMatch(/^The archive has more than 10 files and folders\./);
  });

  it("nesting deeper than the limit", async () => {
    const deep = `${Array.from({ length: 40 }, (_, i) => `d${i}`).join("/")}/x.ts`;
    const r = await refusal(zip([{ name: deep, data: "x" }]));
    expect(r.code).toBe("too-deep");
    expect(r.message).toMatch(/is nested more than 32 folders deep/);
  });

  it.each([
    [
      "zip",
      () =>
        zip([
          { name: "ok.ts", data: "x" },
          { name: "../../etc/cron.d/evil", data: "x" },
        ]),
    ],
    ["tar.gz", () => tarGz([{ name: "src/../../evil.sh", data: "x" }])],
  ])("path traversal (%s)", async (_, make) => {
    const r = await refusal(make());
    expect(r.code).toBe("path-traversal");
    expect(r.message).toMatch(
      /^The archive contains a path that points outside it \("[^"]+"\), so it was not read\.$/,
    );
  });

  it.each([
    ["zip, unix", () => zip([{ name: "/etc/passwd", data: "x" }])],
    ["zip, windows", () => zip([{ name: "C:\\Windows\\evil.dll", data: "x" }])],
    ["tar.gz", () => tarGz([{ name: "/tmp/evil", data: "x" }])],
  ])("absolute paths (%s)", async (_, make) => {
    expect((await refusal(make())).code).toBe("absolute-path");
  });

  it.each([
    ["zip symlink", () => zip([{ name: "link", data: "/etc/passwd", mode: 0o120777, method: "store" }])],
    ["tar symlink", () => tarGz([{ name: "link", type: "symlink", linkname: "/etc/passwd" }])],
    [
      "tar hard link",
      () =>
        tarGz([
          { name: "a.txt", data: "x" },
          { name: "b.txt", type: "link", linkname: "a.txt" },
        ]),
    ],
  ])("links (%s)", async (_, make) => {
    const r = await refusal(make());
    expect(r.code).toBe("link");
    expect(r.message).toMatch(
      /^The archive contains a link \("(?:link|b\.txt)"\)\. Links can point outside the code/,
    );
  });

  it("special files (a FIFO in a tar)", async () => {
    expect((await refusal(tarGz([{ name: "pipe", type: "fifo" }]))).code).toBe("special-file");
  });

  it("encrypted entries", async () => {
    const r = await refusal(zip([{ name: "secret.ts", data: "x", encrypted: true }]));
    expect(r).toEqual({
      code: "encrypted",
      message: '"secret.ts" in the archive is password-protected. Upload an archive without a password.',
    });
  });

  it("sizes that lie", async () => {
    const r = await refusal(zip([{ name: "liar.ts", data: "x".repeat(10_000), declaredSize: 10 }]));
    expect(r.code).toBe("corrupt");
  });

  it.each([
    ["truncated zip", () => fixtureZip("clean").subarray(0, 900)],
    [
      "zip header, then garbage",
      () => Buffer.concat([Buffer.from([0x50, 0x4b, 3, 4]), crypto.randomBytes(2000)]),
    ],
    ["truncated tar.gz", async () => (await fixtureTarGz("clean")).subarray(0, 300)],
    ["gzip that is not a tar", () => zlib.gzipSync(Buffer.from("hello, not a tarball"))],
  ])("corrupt archives (%s)", async (_, make) => {
    const r = await refusal(make());
    expect(r.code).toBe("corrupt");
    expect(r.message).toMatch(/^The archive is damaged or incomplete and could not be read/);
  });
});
