// Raw HTTP for hostile requests fetch() will not send: huge or endless bodies (the server answers
// before the upload ends), malformed Host headers, chunked uploads without a length.
import http from "node:http";
import net from "node:net";

export type RawResponse = { status: number; headers: http.IncomingHttpHeaders; body: string; sent: number };

/**
 * Declares (or, chunked, streams) a body of `total` bytes but sends only the first `upTo` of them,
 * then waits (up to 15 s) for the answer: a server that read whole bodies before answering could
 * not answer at all. `sent` is how much went out.
 *
 * Why not send everything: Node's HTTP server closes a connection soon after answering a request
 * whose body it did not read, and a client still writing then gets a reset and can lose the answer.
 */
export function postStream(
  url: string,
  {
    total,
    upTo = 64 * 1024,
    headers = {},
    chunked = false,
    chunk = 64 * 1024,
  }: { total: number; upTo?: number; headers?: Record<string, string>; chunked?: boolean; chunk?: number },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = http.request(url, {
      method: "POST",
      headers: chunked ? headers : { "Content-Length": String(total), ...headers },
      agent: false,
    });
    const piece = Buffer.alloc(chunk, "a");
    const limit = Math.min(total, upTo);
    const pump = () => {
      if (answered || sent >= limit) return;
      const n = Math.min(chunk, limit - sent);
      sent += n;
      req.write(n === chunk ? piece : piece.subarray(0, n), () => setImmediate(pump));
    };
    req.on("response", (res) => {
      answered = true;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      const done = () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, sent });
        req.destroy();
      };
      res.on("end", done);
      res.on("error", done);
    });
    let failure: Error | undefined;
    req.on("error", (error) => (failure ??= error));
    req.on("close", () => {
      if (!answered) reject(failure ?? new Error("connection closed without an answer"));
    });
    const timer = setTimeout(() => {
      if (!answered) req.destroy(new Error(`no answer after ${sent} of ${total} bytes`));
    }, 15_000);
    req.on("close", () => clearTimeout(timer));
    req.flushHeaders();
    pump();
  });
}

/**
 * Sends raw request text (ask for `Connection: close`) over a socket; resolves with the status
 * code and the whole response once the server closes the connection.
 */
export function rawRequest(port: number, text: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    let data = "";
    socket.setEncoding("utf8");
    socket.on("data", (d: string) => (data += d));
    socket.on("close", () =>
      resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(data)?.[1] ?? 0), text: data }),
    );
    socket.on("error", reject);
    socket.write(text);
  });
}
