// Validates import files in a worker thread (import-worker.ts beside this file): parsing and checking a
// 5 MB file would otherwise hold the event loop for several hundred milliseconds. One worker,
// started on first use, replaced if it dies; files are checked one at a time. The answers are then
// checked here, against the question bank the server scores with.
//
// If the worker dies (out of memory, or stopped because a check took too long), only the file it
// was checking fails: the others waiting for it are sent again, once, to a fresh worker, so one
// user's hostile file does not fail another user's import (docs/decisions/032-bounded-form-parsing.md).
import { Worker } from "node:worker_threads";

import { getContent } from "~/models/content.server";
import { checkAnswers, type ExportCheck } from "~/utils/export-schema";
import { workerFile } from "~/utils/worker-file.server";

const TIMEOUT_MS = 30_000;
const FAILED = "The file could not be checked; try again.";

type Pending = {
  resolve: (r: ExportCheck) => void;
  timer: NodeJS.Timeout;
  /** kept until answered, to be sent again if the worker dies before it gets to this file */
  bytes: Uint8Array;
  retried: boolean;
};
type State = {
  worker: Worker;
  pending: Map<number, Pending>;
  next: number;
  /** the file the worker said it started on and has not answered yet */
  current: number | undefined;
};

const KEY = Symbol.for("finishline.import-worker");

function state(): State {
  const holder = globalThis as { [KEY]?: State };
  if (holder[KEY]) return holder[KEY];
  const worker = new Worker(workerFile("app/routes/engagements.import/import-worker.mjs"), {
    execArgv: [],
    resourceLimits: { maxOldGenerationSizeMb: 512 },
    stdout: false,
    stderr: false,
  });
  const s: State = { worker, pending: new Map(), next: 1, current: undefined };
  worker.unref();
  worker.on("message", (message: { ready?: true; started?: number; id?: number; result?: ExportCheck }) => {
    if (message.started !== undefined) s.current = message.started;
    if (message.id === undefined) return;
    if (s.current === message.id) s.current = undefined;
    const p = s.pending.get(message.id);
    if (!p) return;
    s.pending.delete(message.id);
    clearTimeout(p.timer);
    if (s.pending.size === 0) worker.unref();
    p.resolve(message.result!);
  });
  const gone = () => {
    if (holder[KEY] === s) delete holder[KEY];
    // The file being checked when it died is the one that killed it (files are checked in the
    // order sent: without word of which one started, the oldest waiting). It fails; the others
    // were never looked at and go to a fresh worker, once.
    const waiting = [...s.pending].sort(([a], [b]) => a - b);
    s.pending.clear();
    const culprit = s.current ?? waiting[0]?.[0];
    for (const [id, p] of waiting) {
      clearTimeout(p.timer);
      if (id === culprit || p.retried) p.resolve({ ok: false, message: FAILED });
      else void send(p.bytes, true).then(p.resolve);
    }
  };
  worker.on("error", gone);
  worker.on("exit", gone);
  holder[KEY] = s;
  return s;
}

/**
 * Decodes, parses and validates an export file, then checks its answers against the question bank.
 * The bytes are copied to the worker (and kept here until it answers, in case it must be asked again).
 */
export async function checkImportFile(bytes: Uint8Array): Promise<ExportCheck> {
  const checked = await send(bytes, false);
  if (!checked.ok) return checked;
  // Here rather than in the worker: against the very bank this server scores with, already loaded,
  // and at most 1,000 answers (a few milliseconds).
  const refused = checkAnswers(checked.data, getContent());
  return refused ? { ok: false, message: refused } : checked;
}

/** Parses and validates the file off the main thread: the schema's checks, and the file's own references. */
function send(bytes: Uint8Array, retried: boolean): Promise<ExportCheck> {
  const s = state();
  const id = s.next++;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      s.pending.delete(id);
      resolve({ ok: false, message: "Checking the file took too long." });
      void s.worker.terminate();
    }, TIMEOUT_MS);
    s.pending.set(id, { resolve, timer, bytes, retried });
    s.worker.ref();
    s.worker.postMessage({ id, bytes });
  });
}
