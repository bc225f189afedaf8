// Hostile requests against the real server (issue 12, items 1 and 11): bodies over their limit are
// refused with 413 before they are buffered, whatever the route and whether or not they declare a
// length; bodies of the wrong type get 415; a malformed Host gets 400. Never a 500.
import http from "node:http";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { realContent } from "./support/content";
import { postStream, rawRequest } from "./support/raw-http";
import { Client, createEngagement, signup, startServer, type TestServer } from "./support/server";

const MB = 1024 * 1024;
let server: TestServer;
let owner: Client;
let engagementId: string;

beforeAll(async () => {
  server = await startServer({ SIGNUP_RATE_LIMIT: "10000", LOGIN_RATE_LIMIT: "10000" });
  owner = new Client(server.url);
  await signup(owner, `owner-${Date.now()}@example.com`);
  engagementId = (await createEngagement(owner)).id;
});
afterAll(async () => {
  await server?.stop();
});

const cookie = () => [...owner.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
const form = { "Content-Type": "application/x-www-form-urlencoded" };

describe("request bodies over their limit get 413 before they are read", () => {
  it("an anonymous 200 MB login is refused on its Content-Length, before the body arrives", async () => {
    const total = 200 * MB;
    const res = await postStream(`${server.url}/login`, { total, headers: form });
    expect(res.status).toBe(413);
    expect(res.body).toMatch(/too large \(at most 16 KB here\)/);
    // The answer came while most of the 200 MB was never sent, let alone buffered.
    expect(res.sent).toBeLessThan(total);
  });

  it("six concurrent 300 MB posts: all 413, the server keeps answering", async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, () => postStream(`${server.url}/signup`, { total: 300 * MB, headers: form })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(6).fill(413));
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it("a chunked upload without a length is cut off at the limit while streaming", async () => {
    const res = await postStream(`${server.url}/login`, {
      total: 100 * MB,
      chunked: true,
      headers: form,
    });
    expect(res.status).toBe(413);
    expect(res.sent).toBeLessThan(100 * MB);
  });

  it("signed-in forms take up to 512 KB: one byte more is 413, the largest real form passes", async () => {
    const url = `${server.url}/engagements/${engagementId}/plan`;
    const over = await postStream(url, { total: 512 * 1024 + 1, headers: { ...form, Cookie: cookie() } });
    expect(over.status).toBe(413);
    expect(over.body).toMatch(/at most 512 KB/);

    // The questionnaire's "Save" of the largest section with every note and reason at its maximum
    // length in 3-byte characters (nine bytes each once percent-encoded): the worst real form.
    const content = realContent();
    const largest = [...content.areas].sort((a, b) => b.questions.length - a.questions.length)[0]!;
    const body = new URLSearchParams({ intent: "save" });
    for (const q of largest.questions) {
      body.append("q", q.id);
      body.append(`a:${q.id}`, "unsure");
      body.append(`note:${q.id}`, "€".repeat(2000));
      body.append(`na:${q.id}`, "€".repeat(500));
      body.append(`v:${q.id}`, "0");
    }
    const bytes = Buffer.byteLength(body.toString());
    expect(bytes).toBeGreaterThan(200 * 1024);
    expect(bytes).toBeLessThan(512 * 1024);
    const res = await fetch(`${server.url}/engagements/${engagementId}/assess/${largest.id}`, {
      method: "POST",
      redirect: "manual",
      body,
      headers: { ...form, Cookie: cookie(), Origin: server.url },
    });
    await res.arrayBuffer();
    expect(res.status).toBe(302);
  });

  it("without a session cookie every route gets the small limit", async () => {
    const res = await postStream(`${server.url}/engagements/${engagementId}/plan`, {
      total: 64 * 1024,
      headers: form,
    });
    expect(res.status).toBe(413);
  });

  it("the import takes one file of up to 5 MB: a larger upload is 413, answered by the page in its words, unread", async () => {
    // As a form without JavaScript (the page) and as Remix's fetch with it (.data): both get the
    // message the page shows beside the file field, not a plain-text error the page cannot show.
    for (const path of ["/engagements/import", "/engagements/import.data"]) {
      const res = await postStream(server.url + path, {
        total: 6 * MB,
        headers: { "Content-Type": "multipart/form-data; boundary=x", Cookie: cookie(), Origin: server.url },
      });
      expect(res.status, path).toBe(413);
      expect(res.body, path).toContain("That file is larger than 5 MB.");
      expect(res.sent, path).toBeLessThan(MB);
    }
  });
});

describe("bodies of the wrong type get 415, empty ones 400", () => {
  // Signed in except for login and sign-up (whose pages send a signed-in visitor away).
  const post = (path: string, body: string, type: string | null) =>
    fetch(server.url + path, {
      method: "POST",
      redirect: "manual",
      body,
      headers: {
        ...(type ? { "Content-Type": type } : {}),
        ...(/^\/(login|signup)/.test(path) ? {} : { Cookie: cookie() }),
        Origin: server.url,
      },
    });

  it("JSON, text/plain or no type at all, to login, a plan action and the import", async () => {
    const paths = [
      "/login",
      "/signup",
      `/engagements/${engagementId}/plan`,
      `/engagements/${engagementId}/settings`,
    ];
    for (const path of paths) {
      for (const [body, type] of [
        ['{"email":"a@b.c","password":"x"}', "application/json"],
        ["email=a@b.c", "text/plain"],
        ["email=a@b.c", null],
        ["--x\r\n", "multipart/form-data; boundary=x"],
      ] as const) {
        const res = await post(path, body, type);
        expect(res.status, `${path} ${type}`).toBe(415);
        expect(res.headers.get("accept")).toBe("application/x-www-form-urlencoded");
        await res.arrayBuffer();
      }
    }
    const json = await post("/engagements/import", "{}", "application/json");
    expect(json.status).toBe(415);
    expect(await json.text()).toBe("Upload the file as multipart/form-data.");
  });

  it("an empty body is an empty form: validation answers 400, whatever type it claims", async () => {
    for (const type of ["application/json", null, "application/x-www-form-urlencoded"]) {
      const res = await post("/login", "", type);
      expect(res.status, String(type)).toBe(400);
      await res.arrayBuffer();
    }
  });

  it("the same over Remix's data requests (.data)", async () => {
    const res = await post(`/engagements/${engagementId}/plan.data`, "{}", "application/json");
    expect(res.status).toBe(415);
  });
});

describe("a malformed Host is 400, never 500", () => {
  const hosts = [
    "exa mple.com",
    "example.com:port",
    "[::1",
    "a/b",
    "%41",
    "example.com:99999999",
    "exa\tmple.com",
    "",
    "@evil.com",
    "user@example.com",
  ];
  it.each(hosts)("Host %j with an Origin header, on a POST and a GET", async (host) => {
    for (const method of ["POST", "GET"]) {
      const res = await rawRequest(
        server.port,
        `${method} /login HTTP/1.1\r\nHost: ${host}\r\nOrigin: http://example.com\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\nConnection: close\r\n\r\na=b`,
      );
      // Node itself refuses some of these (400) before Express sees them; either way no 500.
      expect(res.status, `${method} ${host}`).toBe(400);
    }
  });

  it("a well-formed Host still works, and a foreign Origin is still 403", async () => {
    const ok = await rawRequest(
      server.port,
      `GET /login HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n`,
    );
    expect(ok.status).toBe(200);
    const foreign = await rawRequest(
      server.port,
      `POST /login HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nOrigin: http://evil.example\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
    );
    expect(foreign.status).toBe(403);
  });
});

describe("requests that only wait do not keep pages out (server/pace.ts)", () => {
  it("six uploads stalled mid-body, more than the four the app runs at once: pages still answer", async () => {
    // Six people, each with an engagement of their own: one person runs one scan at a time, and a
    // second would be refused at once instead of stalling.
    const uploaders = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const client = new Client(server.url);
        await signup(client, `stall-${i}-${Date.now()}@example.com`);
        const { id } = await createEngagement(client);
        const cookies = [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
        return { url: new URL(`${server.url}/engagements/${id}/assess/code`), cookies };
      }),
    );
    const stalled: http.ClientRequest[] = [];
    const settled: string[] = [];
    for (let i = 0; i < 6; i++) {
      const req = http.request(uploaders[i]!.url, {
        method: "POST",
        agent: false,
        headers: {
          Cookie: uploaders[i]!.cookies,
          Origin: server.url,
          "Content-Type": "multipart/form-data; boundary=stall",
          "Content-Length": String(1024 * 1024),
        },
      });
      req.on("response", (res) => {
        settled.push(`upload ${i}: ${res.statusCode}`);
        res.resume();
      });
      req.on("error", () => {});
      // The start of a body, then nothing: the route is reading it from the socket.
      req.write(`--stall\r\nContent-Disposition: form-data; name="intent"\r\n\r\nupload\r\n--stall\r\n`);
      stalled.push(req);
    }
    try {
      // Let all six reach the route (they hold their places until they give them back).
      await new Promise((resolve) => setTimeout(resolve, 300));
      const page = await owner.get(`/engagements/${engagementId}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("</html>");
      // Answered while every upload was still waiting for the rest of its body.
      expect(settled).toEqual([]);
    } finally {
      for (const req of stalled) req.destroy();
    }
  }, 20_000);
});

describe("a path whose %-escapes do not decode is 400, never 500", () => {
  it.each(["/%E0%A4%A", "/engagements/ENG/assess/%E0%A4%A", "/engagements/ENG/plan/%ZZ", "/login%"])(
    "GET %s, anonymous and signed in",
    async (template) => {
      const path = template.replace("ENG", engagementId);
      for (const headers of [{}, { Cookie: cookie() }] as Record<string, string>[]) {
        const res = await fetch(`${server.url}${path}`, { headers, redirect: "manual" });
        expect(res.status, path).toBe(400);
        expect(await res.text()).toBe("Bad request.");
      }
    },
  );

  it("a well-formed escape still reaches the app (an unknown item is 404)", async () => {
    const res = await fetch(`${server.url}/engagements/${engagementId}/plan/%41%42`, {
      headers: { Cookie: cookie() },
      redirect: "manual",
    });
    expect(res.status).toBe(404);
  });
});
