// The document the server sends: Remix's standard streaming entry, with the request's CSP nonce on
// every script (docs/decisions/006-standard-streaming-entry.md). The browser tests prove it
// hydrates; these pin its shape and the data it carries.
import http from "node:http";
import zlib from "node:zlib";

import Database from "better-sqlite3";
import { decode } from "turbo-stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { Client, createEngagement, signup, startServer, type TestServer } from "./support/server";

let server: TestServer;
let founder: Client;
let engagementId: string;
const NAME = 'Tricky </script><!-- "name" & \u2028 co';

beforeAll(async () => {
  server = await startServer();
  founder = new Client(server.url);
  await signup(founder, `doc-${Date.now()}@example.com`);
  engagementId = (await createEngagement(founder, "Tricky co")).id;
  // The forms refuse a line break in a name (U+2028 included), but a row from before that rule
  // may hold one: written straight into the database, as such a row would be.
  const db = new Database(server.dbFile);
  try {
    db.prepare("update engagements set name = ? where id = ?").run(NAME, engagementId);
  } finally {
    db.close();
  }
});
afterAll(async () => {
  await server?.stop();
});

/**
 * The loader data as the browser receives it: Remix's streamed scripts hand turbo-stream text to
 * `window.__remixContext.streamController`, as JavaScript string literals, then close it.
 */
function transferredData(html: string): string {
  const chunks = [
    ...html.matchAll(
      /<script nonce="[^"]+">window\.__remixContext\.streamController\.enqueue\(("(?:[^"\\]|\\.)*")\);<\/script>/g,
    ),
  ];
  expect(chunks.length, "at least one chunk of data").toBeGreaterThan(0);
  expect(html).toContain("window.__remixContext.streamController.close();");
  return chunks.map((m) => JSON.parse(m[1]) as string).join("");
}

type DocumentData = { loaderData: Record<string, unknown>; errors: Record<string, unknown> | null };

async function decodeData(text: string): Promise<DocumentData> {
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      controller.close();
    },
  });
  const decoded = await decode(stream);
  await decoded.done;
  return decoded.value as DocumentData;
}

describe("a rendered page", () => {
  it("is one streamed document whose every script carries the request's CSP nonce", async () => {
    const res = await founder.get(`/engagements/${engagementId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const nonce = /'nonce-([^']+)'/.exec(res.headers.get("content-security-policy") ?? "")?.[1];
    expect(nonce).toBeTruthy();
    const html = await res.text();
    expect(html.startsWith("<!DOCTYPE html><html")).toBe(true);
    expect(html.match(/<!DOCTYPE/g)).toHaveLength(1);
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(3);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    // The module script that sets up the stream controller comes before the data.
    expect(html.indexOf("window.__remixContext.stream = new ReadableStream")).toBeLessThan(
      html.indexOf("streamController.enqueue("),
    );
  });

  it("arrives whole when compressed: gzip of the same document, not of a part", async () => {
    const raw = (encoding: string) =>
      new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
        const url = new URL(`${server.url}/engagements/${engagementId}/results`);
        http
          .get(url, { headers: { Cookie: founder.cookieHeader(), "Accept-Encoding": encoding } }, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () =>
              resolve({ encoding: res.headers["content-encoding"], body: Buffer.concat(chunks) }),
            );
          })
          .on("error", reject);
      });
    const withoutNonce = (html: string) => html.replace(/nonce="[^"]+"/g, 'nonce=""');
    const gzipped = await raw("gzip");
    expect(gzipped.encoding).toBe("gzip");
    const plain = await raw("identity");
    expect(plain.encoding).toBeUndefined();
    const html = zlib.gunzipSync(gzipped.body).toString("utf8");
    expect(html.endsWith("</html>") || html.includes("streamController.close()")).toBe(true);
    expect(withoutNonce(html)).toBe(withoutNonce(plain.body.toString("utf8")));
    // One gzip stream of the whole page: within a tenth of compressing it in one go.
    expect(gzipped.body.length).toBeLessThan(zlib.gzipSync(plain.body).length * 1.1);
  });

  it("goes out in one piece once the whole document is rendered: with its length, not chunked", async () => {
    // entry.server.tsx answers at onAllReady. At onShellReady the page, Remix's data scripts
    // included, would arrive in flushed pieces (chunked, no length) and be compressed piece by piece.
    for (const path of [`/engagements/${engagementId}/results`, "/ping"]) {
      const res = await new Promise<http.IncomingMessage & { body: Buffer }>((resolve, reject) => {
        http
          .get(
            `${server.url}${path}`,
            { headers: { Cookie: founder.cookieHeader(), "Accept-Encoding": "identity" } },
            (res) => {
              const chunks: Buffer[] = [];
              res.on("data", (c: Buffer) => chunks.push(c));
              res.on("end", () => resolve(Object.assign(res, { body: Buffer.concat(chunks) })));
            },
          )
          .on("error", reject);
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers["transfer-encoding"]).toBeUndefined();
      expect(Number(res.headers["content-length"])).toBe(res.body.length);
      expect(res.body.toString("utf8")).toContain("window.__remixContext.streamController.close();");
    }
  });

  it("carries every route's loader data, and free text cannot end the script early", async () => {
    const html = await (await founder.get(`/engagements/${engagementId}`)).text();
    // Free text (the name holds "</script><!--") must not end a script early or open a comment.
    expect(html).not.toContain('</script><!-- "name"');
    expect(html).not.toContain('<!-- "name"');
    const data = await decodeData(transferredData(html));
    expect(Object.keys(data.loaderData)).toEqual(
      expect.arrayContaining(["root", "routes/engagements.$id", "routes/engagements.$id._index"]),
    );
    const layout = data.loaderData["routes/engagements.$id"] as { engagement: { id: string; name: string } };
    expect(layout.engagement).toMatchObject({ id: engagementId, name: NAME });
  });

  it("renders error pages the same way", async () => {
    const res = await founder.get("/engagements/no-such-engagement");
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain("No access to this project");
    const data = await decodeData(transferredData(html));
    expect(data.loaderData.root).toHaveProperty("user.email");
    // The engagement's layout failed (not a member): its error is the root's, whatever the tab's
    // own boundary also caught below it, and the page is the root's error page.
    expect(Object.keys(data.errors ?? {})).toContain("root");
    expect(html).not.toContain('aria-label="Project"');
  });
});
