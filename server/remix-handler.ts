// The Remix request handler for Express, as @remix-run/express builds it, with two differences:
// the body comes from memory (read and size-checked by body-limits.ts, never from the socket), and
// responses that do not say how to cache default to `no-store` (every page is per user and carries
// a per-response CSP nonce; downloads set their own).
import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import type { NextFunction, Request, Response } from "express";

export function remixHandler({
  build,
  mode,
  getLoadContext,
}: {
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode: string;
  getLoadContext: (req: Request, res: Response) => AppLoadContext;
}) {
  const handle = createRequestHandler(build, mode);
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const response = await handle(toFetchRequest(req, res), getLoadContext(req, res));
      if (!response.headers.has("Cache-Control")) response.headers.set("Cache-Control", "no-store");
      await sendRemixResponse(res, response);
    } catch (error) {
      next(error);
    }
  };
}

function toFetchRequest(req: Request, res: Response): globalThis.Request {
  // Built and checked by checkHost (server/host.ts), which runs first.
  const url = res.locals.url!;
  const controller = new AbortController();
  let done = false;
  res.on("finish", () => (done = true));
  res.on("close", () => {
    if (!done) controller.abort();
  });
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(key, v);
  }
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers, signal: controller.signal };
  if (req.method !== "GET" && req.method !== "HEAD") {
    const body = res.locals.body;
    if (body && "stream" in body) {
      init.body = limitedStream(req, body.limit);
      init.duplex = "half";
    } else if (body && "tooLarge" in body) {
      init.body = null;
    } else {
      init.body = body && body.bytes.byteLength > 0 ? (body.bytes as Uint8Array<ArrayBuffer>) : null;
    }
    if (body) headers.set("Content-Type", body.type);
    headers.delete("Content-Length");
    headers.delete("Transfer-Encoding");
  }
  return new Request(url.href, init);
}

/**
 * The request body as a stream that errors (and closes the socket) past `limit` bytes: for the one
 * route that reads a large upload itself, after its own checks (body-limits.ts, kind "code").
 */
function limitedStream(req: Request, limit: number): ReadableStream<Uint8Array> {
  let total = 0;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.on("data", (chunk: Buffer) => {
        total += chunk.byteLength;
        if (total > limit) {
          controller.error(new Error(`request body over ${limit} bytes`));
          req.destroy();
          return;
        }
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        // Backpressure: wait for the reader before taking more from the socket.
        if ((controller.desiredSize ?? 1) <= 0) req.pause();
      });
      req.on("end", () => controller.close());
      req.on("error", (error) => controller.error(error));
    },
    pull() {
      req.resume();
    },
    cancel() {
      req.destroy();
    },
  });
}

async function sendRemixResponse(res: Response, response: globalThis.Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  if (response.body) await writeCoalesced(response.body, res);
  else res.end();
}

/** Bytes gathered before a write when chunks come faster than that; above our largest page (~80 KB). */
const COALESCE_BYTES = 256 * 1024;

/**
 * Writes a response body as @remix-run/node's writeReadableStreamToWritable does, but in larger
 * writes. React renders a page as 2 KB chunks, and that helper writes and flushes each one: through
 * the compression middleware every chunk became a separate, sync-flushed zlib job and socket write
 * (a burst of 150 plan pages spent 0.4 s of main-thread time in zlib alone, and compressed worse).
 * Chunks that are already there are joined; when the next one is not ready within a few
 * microtasks (deferred data still being produced), what there is goes out and is flushed at once,
 * so streaming still streams. A body that is whole before anything went out (every page) is sent
 * with one `end` and its Content-Length: one compression pass, and no chunked encoding.
 */
export async function writeCoalesced(body: ReadableStream<Uint8Array>, res: Response): Promise<void> {
  const reader = body.getReader();
  const flushable = res as Response & { flush?: () => void };
  let parts: Uint8Array[] = [];
  let size = 0;
  let wrote = false;
  const write = () => {
    if (size === 0) return;
    wrote = true;
    res.write(parts.length === 1 ? parts[0] : Buffer.concat(parts, size));
    parts = [];
    size = 0;
  };
  try {
    for (;;) {
      const next = reader.read();
      let ready = false;
      next.then(
        () => (ready = true),
        () => (ready = true),
      );
      for (let i = 0; i < 4 && !ready; i++) await Promise.resolve();
      if (!ready && size > 0) {
        write();
        flushable.flush?.();
      }
      const { done, value } = await next;
      if (done) break;
      parts.push(value);
      size += value.byteLength;
      if (size >= COALESCE_BYTES) write();
    }
    if (wrote) {
      write();
      res.end();
    } else {
      // The whole body was ready at once (every page: entry.server.tsx waits for the whole
      // document): one write with its length, so compression runs once over the whole page.
      const whole = parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
      res.setHeader("Content-Length", whole.byteLength);
      res.end(whole);
    }
  } catch (error) {
    res.destroy(error as Error);
    throw error;
  }
}
