// `npm run scan` as a user runs it: a child process, its exit code and its output.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { fixtureZip, zip } from "./support/archives";
import { AI_BUILT_SUGGESTIONS, PLANTED_SECRETS } from "./support/evidence";

const root = path.resolve(__dirname, "..");
const tsx = path.join(root, "node_modules", ".bin", "tsx");

function scan(...args: string[]) {
  const result = spawnSync(tsx, [path.join("scripts", "scan.ts"), ...args], {
    cwd: root,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempFile(name: string, bytes: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "finishline-scan-cli-"));
  tempDirs.push(dir);
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

describe("npm run scan", () => {
  it("prints the suggestions with file, line and redacted excerpt", () => {
    const { code, stdout, stderr } = scan("test/fixtures/repos/ai-built");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^Scanned ai-built: 16 files \(16 read; 0 too large, 0 binary, 0 in dependency or build folders\) in \d+ ms\.\n25 findings, 9 suggested answers\. Secrets are always shown redacted\.\n/,
    );
    expect(stdout).toContain(
      [
        "auth.supabase-rls: In Supabase, what do the Security Advisor and your Row Level Security rules say about your tables?",
        '  Suggested from your code: Off on at least one table (Supabase shows "Unrestricted" or "RLS disabled", or the Security Advisor warns about it)  (medium confidence)',
        "    - A table is created without Row Level Security — supabase/migrations/20240601000000_init.sql:10",
        "        create table public.orders (",
      ].join("\n"),
    );
    expect(stdout).toContain("        VITE_STRIPE_SECRET_KEY=sk_live_[REDACTED]");
    // Findings that decide no answer are printed as notes, with no option.
    expect(stdout).toContain(
      [
        "ops.deploy-process: How does a change get from the code to the live app?",
        "  Found in your code (no answer suggested):",
        "    - No CI workflow in the code",
      ].join("\n"),
    );
    expect(stdout).not.toContain("We press Publish in the builder");
    for (const secret of PLANTED_SECRETS) expect(stdout).not.toContain(secret);
  });

  it("--json prints a scan file, and reads archives the same way as folders", () => {
    const dir = scan("test/fixtures/repos/ai-built", "--json");
    const file = tempFile("ai-built.zip", fixtureZip("ai-built"));
    const archive = scan(file, "--json");
    expect(dir.code).toBe(0);
    expect(archive.code).toBe(0);
    const a = JSON.parse(dir.stdout);
    const b = JSON.parse(archive.stdout);
    expect(a).toMatchObject({ format: "finishline-scan", formatVersion: 1, source: "ai-built" });
    expect(b.source).toBe("ai-built.zip");
    expect(b.findings).toEqual(a.findings);
    expect(
      a.suggestions.map((s: { question: string; option: string; confidence: string }) => [
        s.question,
        s.option,
        s.confidence,
      ]),
    ).toEqual(AI_BUILT_SUGGESTIONS.map(([q, o, c]) => [q, o, c]));
    for (const secret of PLANTED_SECRETS) expect(dir.stdout).not.toContain(secret);
  });

  it("a refused archive exits 1 with its message; wrong usage exits 2", () => {
    const evil = tempFile("evil.zip", zip([{ name: "../../etc/x", data: "x" }]));
    const refused = scan(evil);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe("");
    expect(refused.stderr.trim()).toBe(
      'The archive contains a path that points outside it ("../../etc/x"), so it was not read.',
    );
    // Nothing to read: no scan file that would claim "no tests, no CI" of code never seen.
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "finishline-scan-cli-"));
    tempDirs.push(empty);
    fs.mkdirSync(path.join(empty, "node_modules"));
    fs.writeFileSync(path.join(empty, "node_modules", "index.js"), "module.exports = 1;\n");
    const nothing = scan(empty, "--json");
    expect(nothing.code).toBe(1);
    expect(nothing.stdout).toBe("");
    expect(nothing.stderr.trim()).toBe(
      `No source files to read in ${empty} (1 file: 0 binary, 0 too large, 1 in dependency or build folders). Scan the folder or archive that holds the app's source code.`,
    );
    expect(scan().code).toBe(2);
    expect(scan("no/such/dir").stderr).toMatch(/^Not found: no\/such\/dir/);
  });
});
