// A small pool of worker threads that render PDFs. react-pdf lays out on the thread that calls it
// and holds it for the whole render (0.5-2 s for our documents), so rendering on the server's main
// thread would stall every other request. Here each worker renders one document at a time, jobs
// wait in a bounded queue, a crashed or stuck worker is replaced, and workers start on first use.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";

import type { PdfJob } from "./types";

export interface PdfPoolOptions {
  /** worker threads (default: CPUs - 1, at least 1, at most 2) */
  size?: number;
  /** jobs waiting beyond the running ones before render() refuses with PdfBusyError (default 32) */
  maxQueue?: number;
  /** per render, from dispatch to a worker; the worker is terminated on expiry (default 30 s) */
  timeoutMs?: number;
  /** a worker is retired after this many renders, to bound slow leaks (default 200) */
  maxJobsPerWorker?: number;
  /** heap limit per worker in MB; a runaway render kills its worker, not the process (default 1024) */
  maxHeapMb?: number;
  /** a worker that has not loaded the renderer by then is terminated (default 60 s) */
  bootTimeoutMs?: number;
  /** worker entry file (default app/pdf/pdf-worker.mjs from the working directory) */
  workerFile?: string;
}

export class PdfBusyError extends Error {
  constructor() {
    super("Too many PDFs are being rendered; try again shortly.");
    this.name = "PdfBusyError";
  }
}

export class PdfTimeoutError extends Error {
  constructor(ms: number) {
    super(`PDF render took longer than ${ms} ms`);
    this.name = "PdfTimeoutError";
  }
}

export class PdfRenderError extends Error {
  constructor(detail: string) {
    super(`PDF render failed: ${detail}`);
    this.name = "PdfRenderError";
  }
}

interface Task {
  id: number;
  job: PdfJob;
  resolve: (pdf: Uint8Array) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  /** loaded and warmed up: only ready workers get jobs, so boot time never counts as render time */
  ready: boolean;
  task: Task | null;
  timer: NodeJS.Timeout | null;
  jobs: number;
  gone: boolean;
}

type WorkerMessage =
  { ready: true } | { id: number; ok: true; pdf: Uint8Array } | { id: number; ok: false; error: string };

export interface PdfPoolStats {
  workers: number;
  busy: number;
  queued: number;
  rendered: number;
  failed: number;
  crashed: number;
  timedOut: number;
  refused: number;
  started: number;
}

export function defaultPoolSize(): number {
  const cpus = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(2, cpus - 1));
}

export class PdfPool {
  readonly size: number;
  readonly maxQueue: number;
  readonly timeoutMs: number;
  readonly maxJobsPerWorker: number;
  readonly maxHeapMb: number;
  readonly bootTimeoutMs: number;
  readonly workerFile: string;

  private slots: Slot[] = [];
  private queue: Task[] = [];
  private nextId = 1;
  private closed = false;
  /** workers in a row that died before becoming ready; at 3 the queue is failed instead of retried forever */
  private bootFailures = 0;
  private counters = { rendered: 0, failed: 0, crashed: 0, timedOut: 0, refused: 0, started: 0 };

  constructor(options: PdfPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? defaultPoolSize());
    this.maxQueue = options.maxQueue ?? 32;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxJobsPerWorker = options.maxJobsPerWorker ?? 200;
    this.maxHeapMb = options.maxHeapMb ?? 1024;
    this.bootTimeoutMs = options.bootTimeoutMs ?? 60_000;
    this.workerFile = options.workerFile ?? path.resolve("app/pdf/pdf-worker.mjs");
    if (!fs.existsSync(this.workerFile)) {
      throw new Error(
        `PDF worker entry not found at ${this.workerFile} (the server must run from the project root)`,
      );
    }
  }

  /** Renders in a worker; rejects with PdfBusyError, PdfTimeoutError or PdfRenderError. */
  render(job: PdfJob): Promise<Uint8Array> {
    if (this.closed) return Promise.reject(new Error("PDF pool is closed"));
    // The queue only ever holds jobs no worker could take (pump() dispatches synchronously).
    if (this.queue.length >= this.maxQueue) {
      this.counters.refused += 1;
      return Promise.reject(new PdfBusyError());
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, resolve, reject });
      this.pump();
    });
  }

  stats(): PdfPoolStats {
    return {
      workers: this.slots.length,
      busy: this.slots.filter((s) => s.task).length,
      queued: this.queue.length,
      ...this.counters,
    };
  }

  /** Starts the workers now instead of on the first render (each loads and warms up the renderer). */
  warm(): void {
    while (!this.closed && this.slots.length < this.size) this.spawn();
  }

  /** Resolves once every worker has started and warmed up (starting them if needed). */
  async ready(): Promise<void> {
    this.warm();
    while (!this.closed && this.slots.some((s) => !s.ready)) await new Promise((r) => setTimeout(r, 20));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.reject(new Error("PDF pool is closed"));
    await Promise.all(this.slots.map((slot) => this.retire(slot, new Error("PDF pool is closed"))));
  }

  private pump(): void {
    if (this.closed) return;
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.ready && !slot.task && !slot.gone) this.dispatch(slot, this.queue.shift()!);
    }
    const booting = this.slots.filter((s) => !s.ready).length;
    let wanted = Math.min(this.queue.length - booting, this.size - this.slots.length);
    try {
      while (wanted-- > 0) this.spawn();
    } catch (error) {
      // new Worker() itself refused (bad entry file): nothing queued can run.
      const reason = new PdfRenderError(
        `cannot start a worker: ${error instanceof Error ? error.message : error}`,
      );
      for (const task of this.queue.splice(0)) task.reject(reason);
    }
  }

  private spawn(): Slot {
    this.counters.started += 1;
    const worker = new Worker(this.workerFile, {
      // A clean slate: no inherited --import/--require flags (tsx, vitest); the entry registers tsx itself.
      execArgv: [],
      // A larger young generation: layout allocates many short-lived objects, and fewer scavenges
      // made renders about 15% faster.
      resourceLimits: { maxOldGenerationSizeMb: this.maxHeapMb, maxYoungGenerationSizeMb: 96 },
      stdout: false,
      stderr: false,
    });
    const slot: Slot = { worker, ready: false, task: null, timer: null, jobs: 0, gone: false };
    slot.timer = setTimeout(
      () => void this.retire(slot, new Error("PDF worker did not start in time")),
      this.bootTimeoutMs,
    );
    worker.on("message", (message: WorkerMessage) => this.onMessage(slot, message));
    worker.on("error", (error) => this.onExit(slot, error));
    worker.on("exit", (code) => this.onExit(slot, new Error(`PDF worker exited with code ${code}`)));
    // Idle workers must not keep the process alive (tests, scripts); a busy one is ref'd below.
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  private dispatch(slot: Slot, task: Task): void {
    slot.task = task;
    slot.worker.ref();
    slot.timer = setTimeout(() => {
      this.counters.timedOut += 1;
      void this.retire(slot, new PdfTimeoutError(this.timeoutMs));
    }, this.timeoutMs);
    slot.worker.postMessage({ id: task.id, job: task.job });
  }

  private finish(slot: Slot): Task | null {
    const task = slot.task;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.task = null;
    if (!slot.gone) slot.worker.unref();
    return task;
  }

  private onMessage(slot: Slot, message: WorkerMessage): void {
    if ("ready" in message) {
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = null;
      slot.ready = true;
      this.bootFailures = 0;
      this.pump();
      return;
    }
    if (!slot.task || message.id !== slot.task.id) return;
    const task = this.finish(slot)!;
    slot.jobs += 1;
    if (message.ok) {
      this.counters.rendered += 1;
      task.resolve(message.pdf);
    } else {
      this.counters.failed += 1;
      task.reject(new PdfRenderError(message.error));
    }
    if (slot.jobs >= this.maxJobsPerWorker) void this.retire(slot, new Error("PDF worker retired"));
    this.pump();
  }

  /** The worker died (crash, out of memory, terminate): fail its job, forget it, carry on. */
  private onExit(slot: Slot, error: Error): void {
    if (slot.gone) return;
    slot.gone = true;
    this.slots = this.slots.filter((s) => s !== slot);
    const task = this.finish(slot);
    if (task) {
      this.counters.crashed += 1;
      task.reject(new PdfRenderError(error.message));
    }
    if (!slot.ready) this.bootFailed(error);
    this.pump();
  }

  /** A worker that cannot even start will not start on the next try either: fail what waits. */
  private bootFailed(error: Error): void {
    this.bootFailures += 1;
    if (this.bootFailures < 3) return;
    this.bootFailures = 0;
    for (const task of this.queue.splice(0))
      task.reject(new PdfRenderError(`worker failed to start: ${error.message}`));
  }

  private async retire(slot: Slot, reason: Error): Promise<void> {
    if (slot.gone) return;
    slot.gone = true;
    this.slots = this.slots.filter((s) => s !== slot);
    const task = this.finish(slot);
    task?.reject(reason);
    if (!slot.ready) this.bootFailed(reason);
    // Replace it right away if work is waiting; the old thread's teardown need not block that.
    this.pump();
    await slot.worker.terminate();
  }
}

// One pool per process, on globalThis so a dev rebuild of the server bundle does not start another.
const KEY = Symbol.for("finishline.pdf-pool");

export function pdfPool(): PdfPool {
  const holder = globalThis as { [KEY]?: PdfPool };
  return (holder[KEY] ??= new PdfPool());
}
