// Runs a scan of uploaded bytes off the event loop. Each upload gets its own worker thread, with a
// memory cap and a time budget, and the thread is terminated as soon as it answers or runs out of
// time: nothing of the code outlives the scan. Loading the scanner takes a worker ~0.7 s, so one
// spare worker is started ahead of time (prewarmScanner) and replaced after each use.
// At most MAX_CONCURRENT scans run at once; more are refused (ScanBusyError), not queued, because
// an upload request should not wait minutes for its turn. A user has at most one scan going
// (claimUserScan), so one person cannot take every slot.

import { Worker } from "node:worker_threads";

import type { EvidenceRuleSet } from "~/engine/evidence/types";
import { workerFile } from "~/utils/worker-file.server";

import { DEFAULT_LIMITS, type ReadLimits } from "./limits";
import type { ScanJobResult } from "./scan-job.server";

export interface ScanOptions {
  limits?: ReadLimits;
  /** reading and scanning, once the worker has the job (default 20 s) */
  budgetMs?: number;
  /** loading a worker (default 30 s) */
  bootMs?: number;
  /** a different worker entry (tests); such workers are never kept as the spare */
  workerFile?: string;
}

type ScanOutcome =
  { ok: true; job: ScanJobResult } | { ok: false; code: string; message: string; detail?: string };

export class ScanBusyError extends Error {
  constructor() {
    super("Other scans are running right now. Try again in a minute.");
    this.name = "ScanBusyError";
  }
}

const MAX_CONCURRENT = 2;
const MAX_HEAP_MB = 768;
const DEFAULT_WORKER = () => workerFile("app/evidence/scan-worker.mjs");

const FAILED = "The scan failed unexpectedly and nothing was kept.";
const TIMEOUT =
  "Scanning this code took longer than the time allowed, so it was stopped and nothing was kept. Try again with the source code only (without node_modules, build output or generated files).";
const MEMORY =
  "Scanning this code needed more memory than a scan may use, so it was stopped and nothing was kept.";

interface Spawned {
  worker: Worker;
  /** resolves when the worker has loaded the scanner; rejects if it dies first */
  ready: Promise<void>;
}

// Module copies (server entry, Remix bundle) share one state.
const KEY = Symbol.for("finishline.scanner");
type State = { running: number; spare?: Spawned; users?: Set<string> };
function state(): State {
  const holder = globalThis as { [KEY]?: State };
  return (holder[KEY] ??= { running: 0 });
}

/**
 * Claims the one scan a user may have going at a time (the caller holds it from reading the upload
 * to the answer), or undefined while theirs is still going. Without it one user could hold every
 * slot of MAX_CONCURRENT, and everyone else would be refused. Per process, like the slots.
 * The returned function gives the claim back (once).
 */
export function claimUserScan(userId: string): (() => void) | undefined {
  const users = (state().users ??= new Set());
  if (users.has(userId)) return undefined;
  users.add(userId);
  let held = true;
  return () => {
    if (held) users.delete(userId);
    held = false;
  };
}

function spawn(file: string): Spawned {
  const worker = new Worker(file, {
    resourceLimits: { maxOldGenerationSizeMb: MAX_HEAP_MB },
    stdout: false,
    stderr: false,
  });
  const ready = new Promise<void>((resolve, reject) => {
    const onMessage = (m: { ready?: boolean }) => m.ready && (cleanup(), resolve());
    const onError = (e: Error) => (cleanup(), reject(e));
    const onExit = (code: number) => (cleanup(), reject(new Error(`scan worker exited with code ${code}`)));
    const cleanup = () => {
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
    };
    worker.on("message", onMessage);
    worker.once("error", onError);
    worker.once("exit", onExit);
  });
  ready.catch(() => undefined); // observed by whoever uses the worker
  // An idle spare must not keep the process alive (scripts, tests, shutdown).
  worker.unref();
  return { worker, ready };
}

/** Starts the spare worker if there is none, so the next upload does not wait for it to load. */
export function prewarmScanner(): void {
  const s = state();
  if (!s.spare) s.spare = spawn(DEFAULT_WORKER());
}

function take(file: string | undefined): Spawned {
  const s = state();
  if (file !== undefined) return spawn(file);
  const spare = s.spare ?? spawn(DEFAULT_WORKER());
  s.spare = undefined;
  return spare;
}

export function scansRunning(): number {
  return state().running;
}

export async function scanInWorker(
  bytes: Uint8Array,
  rules: EvidenceRuleSet,
  options: ScanOptions = {},
): Promise<ScanOutcome> {
  const s = state();
  if (s.running >= MAX_CONCURRENT) throw new ScanBusyError();
  s.running++;
  const spawned = take(options.workerFile);
  try {
    return await run(spawned, bytes, rules, options);
  } finally {
    s.running--;
    void spawned.worker.terminate();
    if (options.workerFile === undefined) prewarmScanner();
  }
}

async function run(
  { worker, ready }: Spawned,
  bytes: Uint8Array,
  rules: EvidenceRuleSet,
  options: ScanOptions,
): Promise<ScanOutcome> {
  worker.ref();
  const bootMs = options.bootMs ?? 30_000;
  let bootTimer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      ready,
      new Promise((_, reject) => {
        bootTimer = setTimeout(() => reject(new Error(`scan worker not ready after ${bootMs} ms`)), bootMs);
      }),
    ]);
  } catch (error) {
    return { ok: false, code: "failed", message: FAILED, detail: String(error) };
  } finally {
    clearTimeout(bootTimer);
  }

  const budgetMs = options.budgetMs ?? 20_000;
  // A private copy to transfer (Buffer#slice would share memory): the caller keeps its buffer.
  const view = new Uint8Array(bytes.byteLength);
  view.set(bytes);
  return new Promise<ScanOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: ScanOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    // The scanner stops itself at its deadline; this is the backstop for a read or a regex that
    // never comes back to check it. The worker is terminated either way.
    const timer = setTimeout(
      () => finish({ ok: false, code: "timeout", message: TIMEOUT }),
      budgetMs + 2_000,
    );
    worker.on("message", (message: ScanOutcome | { ready: true }) => {
      if ("ready" in message) return;
      if (message.ok) return finish(message);
      if (message.code === "timeout") return finish({ ok: false, code: "timeout", message: TIMEOUT });
      if (message.code === "failed")
        return finish({ ok: false, code: "failed", message: FAILED, detail: message.message });
      finish(message);
    });
    worker.once("error", (error: Error & { code?: string }) =>
      finish(
        error.code === "ERR_WORKER_OUT_OF_MEMORY"
          ? { ok: false, code: "memory", message: MEMORY, detail: error.message }
          : { ok: false, code: "failed", message: FAILED, detail: error.stack ?? error.message },
      ),
    );
    worker.once("exit", (code) =>
      finish({ ok: false, code: "failed", message: FAILED, detail: `worker exited with code ${code}` }),
    );
    worker.postMessage({ bytes: view.buffer, rules, limits: options.limits ?? DEFAULT_LIMITS, budgetMs }, [
      view.buffer,
    ]);
  });
}
