// Boots the real production server (build/server/index.js, as `npm start` runs it) as a child
// process on a free port, with its own SQLite file. Integration tests talk to it over HTTP like any
// client would.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export type TestServer = {
  url: string;
  pid: number;
  port: number;
  dbFile: string;
  output: () => string;
  stop: () => Promise<void>;
};

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once("error", () => resolve(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
  });
}

// Where in its block a worker starts: by process id, so two test runs at once on one machine (a
// developer's and a helper's) rarely try the same port, though their workers share pool numbers.
let nextPort = process.pid % 500;

/**
 * A port for the next server. Each vitest worker takes ports from a block of its own, below the
 * system's ephemeral range: with ports from `listen(0)`, two workers could be handed the same port
 * between one's check and its server's listen, and the first server's /healthz then answered for
 * the second, whose database was not ready yet (seen once in CI: no demo engagement in the file).
 */
async function freePort(): Promise<number> {
  const block = 20_000 + (Number(process.env.VITEST_POOL_ID ?? 0) % 20) * 500;
  for (let tries = 0; tries < 500; tries++) {
    const port = block + (nextPort++ % 500);
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port in ${block}–${block + 499}`);
}

export async function startServer(
  env: Record<string, string> = {},
  /** extra Node flags for the server process (a bench's --cpu-prof) */
  nodeArgs: string[] = [],
): Promise<TestServer> {
  for (const file of ["build/index.js", "build/server/index.js"])
    if (!fs.existsSync(path.resolve(file)))
      throw new Error(`${file} is missing: run \`npm run build\` first (npm test does it).`);
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "finishline-it-"));
  const dbFile = path.join(dir, "test.db");
  let log = "";
  const childEnv: Record<string, string | undefined> = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: dbFile,
    SEED_DEMO: "false",
    // Tests log in to the demo accounts (when seeded) with a password they know.
    DEMO_PASSWORD: "finishline-demo",
    LOG_LEVEL: "warn",
    ...env,
  };
  // An empty value unsets a default (DEMO_PASSWORD: "" = a server that makes its own).
  for (const [k, v] of Object.entries(childEnv)) if (v === "") delete childEnv[k];
  const child: ChildProcess = spawn(
    process.execPath,
    [...nodeArgs, "--enable-source-maps", "build/server/index.js"],
    {
      env: childEnv as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout?.on("data", (d) => (log += d));
  child.stderr?.on("data", (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode}):\n${log}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server did not become healthy:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    url,
    pid: child.pid ?? 0,
    port,
    dbFile,
    output: () => log,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => {
          fs.rmSync(dir, { recursive: true, force: true });
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}

/** A tiny browser-like HTTP client: keeps the session cookie, never follows redirects. */
export class Client {
  cookies = new Map<string, string>();
  constructor(
    readonly base: string,
    readonly origin: string | null = base,
  ) {}

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private store(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const [name, ...rest] = pair.split("=");
      const value = rest.join("=");
      if (/Max-Age=0/i.test(line) || value === "") this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value);
    }
  }

  async get(pathname: string, headers: Record<string, string> = {}) {
    const res = await fetch(this.base + pathname, {
      redirect: "manual",
      headers: { Cookie: this.cookieHeader(), ...headers },
    });
    this.store(res);
    return res;
  }

  /** Uploads an archive of code (or, with `intent: "import"`, a scan file) as the code page's forms do. */
  async uploadCode(
    engagementId: string,
    file: Uint8Array | string,
    filename: string,
    { intent = "upload", field = "archive" }: { intent?: string; field?: string } = {},
  ) {
    const form = new FormData();
    form.append("intent", intent);
    form.append(field, new Blob([typeof file === "string" ? file : new Uint8Array(file)]), filename);
    return this.postMultipart(`/engagements/${engagementId}/assess/code`, form);
  }

  /** Uploads `text` as an export file to "Import an engagement", as its form does (multipart). */
  async importFile(text: string) {
    const form = new FormData();
    form.set("file", new Blob([text], { type: "application/json" }), "export.json");
    return this.postMultipart("/engagements/import", form);
  }

  /** Posts a multipart form as a browser does: with the session cookie and the page's Origin. */
  private async postMultipart(pathname: string, form: FormData) {
    const res = await fetch(this.base + pathname, {
      method: "POST",
      body: form,
      redirect: "manual",
      headers: { Cookie: this.cookieHeader(), ...(this.origin ? { Origin: this.origin } : {}) },
    });
    this.store(res);
    return res;
  }

  async post(
    pathname: string,
    form: Record<string, string | string[]>,
    headers: Record<string, string> = {},
  ) {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) {
      for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
    }
    const res = await fetch(this.base + pathname, {
      method: "POST",
      redirect: "manual",
      body,
      headers: {
        Cookie: this.cookieHeader(),
        "Content-Type": "application/x-www-form-urlencoded",
        ...(this.origin ? { Origin: this.origin } : {}),
        ...headers,
      },
    });
    this.store(res);
    return res;
  }
}

export async function signup(client: Client, email: string, password = "correct horse battery") {
  const res = await client.post("/signup", { email, password });
  if (res.status !== 302) throw new Error(`signup failed: ${res.status} ${await res.text()}`);
  return res;
}

export async function createEngagement(client: Client, name = "Test product") {
  const res = await client.post("/engagements/new", { name, description: "A test" });
  if (res.status !== 302) throw new Error(`create engagement failed: ${res.status} ${await res.text()}`);
  // The form goes straight to the intake: /engagements/:id/assess.
  const location = res.headers.get("Location") ?? "";
  const id = /^\/engagements\/([^/]+)/.exec(location)?.[1] ?? "";
  return { id, location };
}

/**
 * The newest confirmation link the server emailed to `email` (written to its output: tests run
 * without SMTP_URL), waiting for it to be sent (after the answer).
 */
export async function confirmationLink(server: TestServer, email: string): Promise<string> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const blocks = server
      .output()
      .split("--- email")
      .filter((block) => block.includes(`\nTo: ${email}\n`));
    const link = blocks
      .map((block) => /(\/account\/confirm\/[A-Za-z0-9_-]{22})\b/.exec(block)?.[1])
      .filter(Boolean)
      .at(-1);
    if (link) return link;
    if (Date.now() > deadline) throw new Error(`no confirmation link was emailed to ${email}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Confirms `email` as its owner would: opens the emailed link and presses its button. */
export async function confirmEmail(server: TestServer, email: string): Promise<void> {
  const link = await confirmationLink(server, email);
  const res = await new Client(server.url).post(link, {});
  if (res.status !== 302) throw new Error(`confirming ${email} failed: ${res.status}`);
}
