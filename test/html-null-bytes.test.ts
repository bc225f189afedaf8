// React 18.3.1's renderToPipeableStream (app/entry.server.tsx) encodes a page 2048 bytes at a time and,
// when a multibyte character (€, –, “) would straddle the end of that buffer, sends the whole buffer
// anyway: the bytes it left unwritten go out as NUL bytes (react/react#24985, fixed by #26228 in React
// 19, never in 18). Where one falls inside a textarea, an attribute or the page's data script the
// browser turns it into "�"; in text it is dropped. Which pages it hits depends on where such a
// character falls, so this walks a project description across 240 lengths, with "€" after it, over
// HTTP, and requires every overview and settings page to be free of NUL bytes.
import { afterAll, beforeAll, expect, it } from "vitest";

import { Client, createEngagement, signup, startServer, type TestServer } from "./support/server";

let server: TestServer;
let client: Client;
let id: string;

beforeAll(async () => {
  server = await startServer();
  client = new Client(server.url);
  await signup(client, `nul-bytes-${Date.now()}@example.com`);
  ({ id } = await createEngagement(client, "Null bytes"));
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

it("sends no NUL byte in a page, wherever a multibyte character of the description falls", async () => {
  const withNul: string[] = [];
  for (let k = 0; k < 240; k++) {
    const saved = await client.post(`/engagements/${id}/settings`, {
      name: "Null bytes",
      description: "x".repeat(k) + "€".repeat(300),
      currency: "EUR",
      hourlyRate: "95",
      teamSize: "1",
      weeklyCapacity: "30",
      version: String(k + 1),
    });
    expect(saved.status).toBe(302);
    for (const page of ["", "/settings"]) {
      const res = await client.get(`/engagements/${id}${page}`);
      expect(res.status).toBe(200);
      const bytes = Buffer.from(await res.arrayBuffer());
      if (bytes.includes(0)) withNul.push(`description of ${k} x + 300 €: /engagements/ID${page}`);
    }
  }
  expect(withNul).toEqual([]);
}, 120_000);
