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

/** The string the page hands to Remix's stream controller, as the browser would evaluate it. */
function transferredData(html: string): string {
  const scripts = [
    ...html.matchAll(
      /<script nonce="([^"]+)">window\.__remixContext\.streamController\.enqueue\((.*?)\);window\.__remixContext\.streamController\.close\(\);<\/script>/gs,
    ),
  ];
  expect(scripts, "exactly one data script").toHaveLength(1);
  return JSON.parse(scripts[0][2]) as string;
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
    // Remix writes the data after the document; the parser moves it into <body>.
    expect(tail).toMatch(/^<script nonce="[^"]+">window\.__remixContext\.streamController\.enqueue\(/);
    expect(tail).toContain(`nonce="${nonce}"`);
    // The module script that sets up the stream controller comes first, in the document.
    expect(html.slice(0, end)).toContain("window.__remixContext.stream = new ReadableStream");
  });

  it("carries every route's loader data, and free text cannot end the script early", async () => {
    const html = await (await founder.get(`/engagements/${engagementId}`)).text();
    const tail = html.slice(html.indexOf("</html>"));
    expect(tail.match(/<\/script>/g), "only the script's own closing tag").toHaveLength(1);
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
