// A small pool of worker threads that render PDFs. react-pdf lays out on the thread that calls it
// and holds it for the whole render (0.5-2 s for our documents), so rendering on the server's main
// thread would stall every other request. Here each worker renders one document at a time, jobs
// wait in a bounded queue, a crashed or stuck worker is replaced, and workers start on first use.
//
// Fair: jobs carry an owner (the user) and a group (the engagement). A free worker takes the job of
// whoever was served least recently, not the oldest job, so one user's burst of heavy documents
// delays another user's by at most one render; no owner or group may hold every worker; each owner
// may have only a few jobs waiting (PdfOwnerBusyError, a 429: their own pace, not overload); and a
// job that cannot start within maxWaitMs gives up (PdfBusyError, a 503 with Retry-After) instead of
// holding its request open.
import fs from "node:fs";
import os from "node:os";
import { Worker } from "node:worker_threads";

import { workerFile } from "~/utils/worker-file.server";

import type { PdfJob } from "../types";

interface PdfPoolOptions {
  /** worker threads (default: CPUs - 1, at least 1, at most 2) */
  size?: number;
  /** jobs waiting beyond the running ones before render() refuses with PdfBusyError (default 32) */
  maxQueue?: number;
  /** jobs one owner may have waiting; beyond, render() refuses with PdfOwnerBusyError (default 2) */
  maxQueuedPerOwner?: number;
  /** a job not started by then is refused with PdfBusyError (default 30 s) */
  maxWaitMs?: number;
  /** per render, from dispatch to a worker; the worker is terminated on expiry (default 30 s) */
  timeoutMs?: number;
  /** a worker is retired after this many renders, to bound slow leaks (default 200) */
  maxJobsPerWorker?: number;
  /** heap limit per worker in MB; a runaway render kills its worker, not the process (default 1024) */
  maxHeapMb?: number;
  /** a worker that has not loaded the renderer by then is terminated (default 60 s) */
  bootTimeoutMs?: number;
  /** worker entry file (default: the PDF worker, compiled or from source, see worker-file.server.ts) */
  workerFile?: string;
}

export class PdfBusyError extends Error {
  constructor() {
    super("Too many PDFs are being rendered; try again shortly.");
    this.name = "PdfBusyError";
  }
}

/** One owner already has as many jobs waiting as it may: not overload, so not a 503. */
export class PdfOwnerBusyError extends Error {
  constructor() {
    super("You already have PDFs being prepared; wait for them to finish.");
    this.name = "PdfOwnerBusyError";
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
  owner: string;
  group: string;
  resolve: (pdf: Uint8Array) => void;
  reject: (error: Error) => void;
  /** the wait limit while queued */
  expiry: NodeJS.Timeout | null;
}

interface RenderOptions {
  /** who asked (a user id): the unit of fairness */
  owner?: string;
  /** what it is for (an engagement id): no group may hold every worker either */
  group?: string;
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

interface PdfPoolStats {
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

function defaultPoolSize(): number {
  const cpus = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(2, cpus - 1));
}

export class PdfPool {
  readonly size: number;
  readonly maxQueue: number;
  readonly maxQueuedPerOwner: number;
  readonly maxWaitMs: number;
  /** running jobs one owner (or one group) may have: all workers but one, at least one */
  readonly maxRunningPerOwner: number;
  readonly timeoutMs: number;
  readonly maxJobsPerWorker: number;
  readonly maxHeapMb: number;
  readonly bootTimeoutMs: number;
  readonly workerFile: string;

  private slots: Slot[] = [];
  private queue: Task[] = [];
  private nextId = 1;
  /** dispatch sequence number of each owner's latest job: least recently served goes first */
  private lastServed = new Map<string, number>();
  private dispatched = 0;
  private closed = false;
  /** workers in a row that died before becoming ready; at 3 the queue is failed instead of retried forever */
  private bootFailures = 0;
  private counters = { rendered: 0, failed: 0, crashed: 0, timedOut: 0, refused: 0, started: 0 };

  constructor(options: PdfPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? defaultPoolSize());
    this.maxQueue = options.maxQueue ?? 32;
    this.maxQueuedPerOwner = options.maxQueuedPerOwner ?? 2;
    this.maxWaitMs = options.maxWaitMs ?? 30_000;
    this.maxRunningPerOwner = Math.max(1, this.size - 1);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxJobsPerWorker = options.maxJobsPerWorker ?? 200;
    this.maxHeapMb = options.maxHeapMb ?? 1024;
    this.bootTimeoutMs = options.bootTimeoutMs ?? 60_000;
    this.workerFile = options.workerFile ?? workerFile("app/pdf/rendering/pdf-worker.mjs");
    if (!fs.existsSync(this.workerFile)) {
      throw new Error(
        `PDF worker entry not found at ${this.workerFile} (the server must run from the project root, and a production server needs npm run build)`,
      );
    }
  }

  /**
   * Renders in a worker; rejects with PdfBusyError, PdfOwnerBusyError, PdfTimeoutError or
   * PdfRenderError.
   */
  render(job: PdfJob, { owner = "anonymous", group = owner }: RenderOptions = {}): Promise<Uint8Array> {
    if (this.closed) return Promise.reject(new Error("PDF pool is closed"));
    // The queue only ever holds jobs no worker could take (pump() dispatches synchronously).
    if (this.queue.length >= this.maxQueue) {
      this.counters.refused += 1;
      return Promise.reject(new PdfBusyError());
    }
    if (this.queue.filter((t) => t.owner === owner).length >= this.maxQueuedPerOwner) {
      this.counters.refused += 1;
      return Promise.reject(new PdfOwnerBusyError());
    }
    return new Promise((resolve, reject) => {
      const task: Task = { id: this.nextId++, job, owner, group, resolve, reject, expiry: null };
      task.expiry = setTimeout(() => {
        const at = this.queue.indexOf(task);
        if (at === -1) return;
        this.queue.splice(at, 1);
        this.counters.refused += 1;
        reject(new PdfBusyError());
      }, this.maxWaitMs);
      task.expiry.unref();
      this.queue.push(task);
      this.pump();
    });
  }

  /** Running jobs per owner and per group. */
  private running(): { owners: Map<string, number>; groups: Map<string, number> } {
    const owners = new Map<string, number>();
    const groups = new Map<string, number>();
    for (const slot of this.slots) {
      if (!slot.task) continue;
      owners.set(slot.task.owner, (owners.get(slot.task.owner) ?? 0) + 1);
      groups.set(slot.task.group, (groups.get(slot.task.group) ?? 0) + 1);
    }
    return { owners, groups };
  }

  /**
   * The queued job to run next: among owners and groups under their running cap, the owner with
   * the fewest running jobs, then the one served least recently, then the oldest job.
   */
  private next(): Task | undefined {
    const { owners, groups } = this.running();
    let best: Task | undefined;
    let bestRank: [number, number, number] | undefined;
    for (const task of this.queue) {
      const running = owners.get(task.owner) ?? 0;
      if (running >= this.maxRunningPerOwner) continue;
      if ((groups.get(task.group) ?? 0) >= this.maxRunningPerOwner) continue;
      const rank: [number, number, number] = [running, this.lastServed.get(task.owner) ?? -1, task.id];
      if (
        !bestRank ||
        rank[0] < bestRank[0] ||
        (rank[0] === bestRank[0] &&
          (rank[1] < bestRank[1] || (rank[1] === bestRank[1] && rank[2] < bestRank[2])))
      ) {
        best = task;
        bestRank = rank;
      }
    }
    return best;
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
    for (const task of this.queue.splice(0)) this.fail(task, new Error("PDF pool is closed"));
    await Promise.all(this.slots.map((slot) => this.retire(slot, new Error("PDF pool is closed"))));
  }

  private fail(task: Task, error: Error): void {
    if (task.expiry) clearTimeout(task.expiry);
    task.reject(error);
  }

  private pump(): void {
    if (this.closed) return;
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (!slot.ready || slot.task || slot.gone) continue;
      const task = this.next();
      if (!task) return;
      this.queue.splice(this.queue.indexOf(task), 1);
      this.dispatch(slot, task);
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
      for (const task of this.queue.splice(0)) this.fail(task, reason);
    }
  }

  private spawn(): Slot {
    this.counters.started += 1;
    const worker = new Worker(this.workerFile, {
      // A clean slate: no inherited --import/--require flags (tsx, vitest); a source entry registers tsx itself.
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
    if (task.expiry) clearTimeout(task.expiry);
    task.expiry = null;
    this.lastServed.set(task.owner, ++this.dispatched);
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
    // An owner with nothing left waiting or running is forgotten (it will be served first next time).
    if (task && !this.queue.some((t) => t.owner === task.owner)) {
      if (!this.slots.some((s) => s !== slot && s.task?.owner === task.owner))
        this.lastServed.delete(task.owner);
    }
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
      this.fail(task, new PdfRenderError(`worker failed to start: ${error.message}`));
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
