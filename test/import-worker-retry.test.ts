// When the import worker dies, only the file it was checking fails: the files waiting behind it are
// checked again by a fresh worker (docs/decisions/032-bounded-form-parsing.md, audit finding 6).
import { describe, expect, it } from "vitest";

import { checkImportFile } from "~/routes/engagements.import/import-check.server";

const KEY = Symbol.for("finishline.import-worker");
const FAILED = "The file could not be checked; try again.";
const bytes = (text: string) => new TextEncoder().encode(text);

describe("import checks survive the worker dying", () => {
  it("the file being checked fails; the ones waiting are checked by a new worker", async () => {
    const first = checkImportFile(bytes("{}"));
    const second = checkImportFile(bytes('{"format":"not-ours"}'));
    const third = checkImportFile(bytes("not json"));
    const holder = globalThis as unknown as Record<symbol, { worker: { terminate(): Promise<number> } }>;
    const worker = holder[KEY]!.worker;
    await worker.terminate();
    const [a, b, c] = await Promise.all([first, second, third]);
    expect(a).toEqual({ ok: false, message: FAILED });
    // Checked, and refused for what they are, not for the crash.
    for (const r of [b, c]) {
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).not.toBe(FAILED);
    }
    expect(holder[KEY]!.worker).not.toBe(worker);
  }, 60_000);
});
