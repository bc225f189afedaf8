// The document the server sends: rendered to a string with the single-fetch data appended after it
// (docs/decisions/006-render-to-string.md). The browser tests prove it hydrates; these pin its shape.
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
  engagementId = (await createEngagement(founder, NAME)).id;
});
afterAll(async () => {
  await server?.stop();
});

/**
 * The text the page hands to Remix's stream controller, as the browser reads it: the data sits in a
 * JSON script element (never executed; its text is taken as is), and one nonce'd script enqueues it.
 */
function transferredData(html: string): string {
  const tail = html.slice(html.indexOf("</html>"));
  const parts = [
    ...tail.matchAll(
      /<script type="application\/json" id="__remix-data" nonce="([^"]+)">(.*?)<\/script><script nonce="\1">(.*?)<\/script>/gs,
    ),
  ];
  expect(parts, "exactly one data element and one script").toHaveLength(1);
  expect(parts[0][3]).toBe(
    '(function(c){c.enqueue(document.getElementById("__remix-data").textContent);c.close()})(window.__remixContext.streamController)',
  );
  return parts[0][2];
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
  it("is one document followed by the loader data, under the request's CSP nonce", async () => {
    const res = await founder.get(`/engagements/${engagementId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const nonce = /'nonce-([^']+)'/.exec(res.headers.get("content-security-policy") ?? "")?.[1];
    const html = await res.text();
    expect(html.startsWith("<!DOCTYPE html><html")).toBe(true);
    expect(html.match(/<!DOCTYPE/g)).toHaveLength(1);
    const end = html.indexOf("</html>");
    const tail = html.slice(end + "</html>".length);
    // The data comes after the document, where Remix writes it; the parser moves it into <body>.
    expect(tail).toMatch(/^<script type="application\/json" id="__remix-data" nonce="[^"]+">\[/);
    expect(tail).toContain(`<script nonce="${nonce}">(function(c){c.enqueue(`);
    // The module script that sets up the stream controller comes first, in the document.
    expect(html.slice(0, end)).toContain("window.__remixContext.stream = new ReadableStream");
  });

  it("carries every route's loader data, and free text cannot end the script early", async () => {
    const html = await (await founder.get(`/engagements/${engagementId}`)).text();
    const tail = html.slice(html.indexOf("</html>"));
    // Free text in the data (the name holds "</script><!--") must not end the element early or open
    // a comment: the element's and the script's own closing tags are the only ones.
    expect(tail.match(/<\/script>/g), "only the two closing tags").toHaveLength(2);
    expect(tail).not.toContain("<!--");
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
    expect(html).toContain("find that page");
    const data = await decodeData(transferredData(html));
    expect(data.loaderData.root).toHaveProperty("user.email");
    expect(Object.keys(data.errors ?? {})).toHaveLength(1);
  });
});
