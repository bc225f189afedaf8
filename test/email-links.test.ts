// Links in emails point at APP_ORIGIN, never at the Host a request names. With SMTP_URL the emails
// really leave, so a reset asked for with `Host: evil.test` would hand the owner a real token on a
// link to the asker's site. The real server sends through SMTP to a sink in this test.
import net from "node:net";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { parseEnv } from "../app/env.server";

import { rawRequest } from "./support/raw-http";
import { Client, signup, startServer, type TestServer } from "./support/server";

/** The smallest SMTP server nodemailer talks to: accepts every message and keeps its data. */
function smtpSink() {
  const messages: string[] = [];
  const server = net.createServer((socket) => {
    let data: string | undefined;
    let buffer = "";
    socket.write("220 sink ESMTP\r\n");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      for (let end = buffer.indexOf("\r\n"); end >= 0; end = buffer.indexOf("\r\n")) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (data !== undefined) {
          if (line === ".") {
            messages.push(data);
            data = undefined;
            socket.write("250 queued\r\n");
          } else data += `${line}\n`;
        } else if (/^(EHLO|HELO)/i.test(line)) socket.write("250 sink\r\n");
        else if (/^DATA/i.test(line)) {
          data = "";
          socket.write("354 go on\r\n");
        } else if (/^QUIT/i.test(line)) socket.end("221 bye\r\n");
        else socket.write("250 ok\r\n");
      }
    });
  });
  return { server, messages };
}

describe("the environment", () => {
  it("refuses SMTP_URL without APP_ORIGIN, saying why", () => {
    expect(() => parseEnv({ SMTP_URL: "smtp://mail.example:25" })).toThrow(
      /APP_ORIGIN: required when SMTP_URL is set/,
    );
    expect(parseEnv({ SMTP_URL: "smtp://mail.example:25", APP_ORIGIN: "https://app.example" })).toMatchObject(
      {
        APP_ORIGIN: "https://app.example",
      },
    );
    // Without SMTP the emails are only written to the server's output: nothing to require.
    expect(parseEnv({}).APP_ORIGIN).toBeUndefined();
  });

  it("stops the real server at start with that message", async () => {
    await expect(startServer({ SMTP_URL: "smtp://127.0.0.1:9" })).rejects.toThrow(
      /APP_ORIGIN: required when SMTP_URL is set/,
    );
  });
});

describe("a reset asked for with another Host", () => {
  const sink = smtpSink();
  let server: TestServer;
  const email = `hosted-${Date.now()}@example.com`;

  beforeAll(async () => {
    await new Promise<void>((resolve) => sink.server.listen(0, "127.0.0.1", resolve));
    const { port } = sink.server.address() as net.AddressInfo;
    server = await startServer({
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      APP_ORIGIN: "https://finishline.example",
    });
    // No Origin: the test talks to 127.0.0.1, not to the APP_ORIGIN a browser would send.
    await signup(new Client(server.url, null), email);
  });
  afterAll(async () => {
    await server?.stop();
    sink.server.close();
  });

  /** POST /forgot-password with `Host: evil.test`, and an Origin when given. */
  const ask = (origin?: string) => {
    const body = `email=${encodeURIComponent(email)}`;
    return rawRequest(
      server.port,
      [
        "POST /forgot-password HTTP/1.1",
        "Host: evil.test",
        ...(origin ? [`Origin: ${origin}`] : []),
        "Content-Type: application/x-www-form-urlencoded",
        `Content-Length: ${body.length}`,
        "Connection: close",
        "",
        body,
      ].join("\r\n"),
    );
  };

  it("emails a link to APP_ORIGIN, not to the Host of the request", async () => {
    // As the attack sends it: no Origin (a script, not a browser), so no CSRF check applies.
    expect((await ask()).status).toBe(200);
    // The sink also holds the link sign-up sent to confirm the address (decision 038).
    const resetMail = () =>
      sink.messages.map((m) => m.replace(/=\r?\n/g, "")).find((m) => /reset-password/.test(m));
    for (const deadline = Date.now() + 5000; !resetMail();) {
      if (Date.now() > deadline) throw new Error("no reset email reached the sink");
      await new Promise((r) => setTimeout(r, 20));
    }
    const mail = resetMail()!;
    expect(mail).toContain(`To: ${email}`);
    expect(mail).toMatch(/https:\/\/finishline\.example\/reset-password\/[A-Za-z0-9_-]{22}/);
    expect(mail).not.toContain("evil.test");
    const confirmation = sink.messages
      .map((m) => m.replace(/=\r?\n/g, ""))
      .find((m) => /account\/confirm/.test(m));
    expect(confirmation).toMatch(/https:\/\/finishline\.example\/account\/confirm\/[A-Za-z0-9_-]{22}/);
  });

  it("refuses with 403, not Remix's 500, an Origin of APP_ORIGIN on a request to another Host", async () => {
    const res = await ask("https://finishline.example");
    expect(res.status).toBe(403);
    expect(res.text).toContain("Cross-site request refused.");
  });
});
