// Validates import files in a worker thread (import-worker.ts beside this file): parsing and checking a
// 5 MB file would otherwise hold the event loop for several hundred milliseconds. One worker,
// started on first use, replaced if it dies; files are checked one at a time. The answers are then
// checked here, against the question bank the server scores with.
import { Worker } from "node:worker_threads";

import { getContent } from "~/models/content.server";
import { checkAnswers, type ExportCheck } from "~/utils/export-schema";
import { workerFile } from "~/utils/worker-file.server";

const TIMEOUT_MS = 30_000;

type Pending = { resolve: (r: ExportCheck) => void; timer: NodeJS.Timeout };
type State = { worker: Worker; pending: Map<number, Pending>; next: number };

const KEY = Symbol.for("finishline.import-worker");

function failAll(state: State, message: string) {
  for (const { resolve, timer } of state.pending.values()) {
    clearTimeout(timer);
    resolve({ ok: false, message });
  }
  state.pending.clear();
}

function state(): State {
  const holder = globalThis as { [KEY]?: State };
  if (holder[KEY]) return holder[KEY];
  const worker = new Worker(workerFile("app/routes/engagements.import/import-worker.mjs"), {
    execArgv: [],
    resourceLimits: { maxOldGenerationSizeMb: 512 },
    stdout: false,
    stderr: false,
  });
  const s: State = { worker, pending: new Map(), next: 1 };
  worker.unref();
  worker.on("message", (message: { ready?: true; id?: number; result?: ExportCheck }) => {
    if (message.id === undefined) return;
    const p = s.pending.get(message.id);
    if (!p) return;
    s.pending.delete(message.id);
    clearTimeout(p.timer);
    if (s.pending.size === 0) worker.unref();
    p.resolve(message.result!);
  });
  const gone = () => {
    if (holder[KEY] === s) delete holder[KEY];
    failAll(s, "The file could not be checked; try again.");
  };
  worker.on("error", gone);
  worker.on("exit", gone);
  holder[KEY] = s;
  return s;
}

/**
 * Decodes, parses and validates an export file, then checks its answers against the question bank.
 * The bytes are transferred, not copied: `bytes` is unusable here afterwards.
 */
export async function checkImportFile(bytes: Uint8Array): Promise<ExportCheck> {
  const checked = await checkInWorker(bytes);
  if (!checked.ok) return checked;
  // Here rather than in the worker: against the very bank this server scores with, already loaded,
  // and at most 1,000 answers (a few milliseconds).
  const refused = checkAnswers(checked.data, getContent());
  return refused ? { ok: false, message: refused } : checked;
}

/** Parses and validates the file off the main thread: the schema's checks, and the file's own references. */
function checkInWorker(bytes: Uint8Array): Promise<ExportCheck> {
  const s = state();
  const id = s.next++;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      s.pending.delete(id);
      resolve({ ok: false, message: "Checking the file took too long." });
      void s.worker.terminate();
    }, TIMEOUT_MS);
    s.pending.set(id, { resolve, timer });
    s.worker.ref();
    s.worker.postMessage({ id, bytes }, [bytes.buffer as ArrayBuffer]);
  });
}
