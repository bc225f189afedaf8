// Issue 16's detectors, one by one: every rule in content/evidence/*.yaml that no other test names
// gets a small repository (in memory) where it must fire, at the right file and line with a
// redacted excerpt, and a clean one where it must stay silent. The real rules, the pure scanner.
import { describe, expect, it } from "vitest";

import { scanFiles } from "../app/engine/evidence/scan";
import { notesFrom, suggestAnswers } from "../app/engine/evidence/suggest";
import type { Finding, ScanFile } from "../app/engine/evidence/types";

import { realContent } from "./support/content";
import { realRules } from "./support/evidence";

const rules = realRules();
const content = realContent();

/** The rules this file covers: each must exist, so a renamed rule fails here instead of passing. */
const COVERED = [
  "webhook-unverified",
  "paid-api-with-limits",
  "tests-present",
  "ci-runs-tests",
  "error-tracking-present",
  "migrations-absent",
  "stripe-webhook-verified",
  "payment-with-idempotency-key",
  "service-role-jwt-in-client",
  "secret-in-repo",
  "env-file-committed",
  "uses-firebase",
  "supabase-rls-disabled",
] as const;
type RuleId = (typeof COVERED)[number];

/** A repository from path → text (`null`: a file that exists but was not read, e.g. binary). */
function repo(files: Record<string, string | null>): ScanFile[] {
  return Object.entries(files).map(([path, text]) =>
    text === null ? { path, size: 1000 } : { path, size: Buffer.byteLength(text), text },
  );
}

function scan(files: Record<string, string | null>) {
  return scanFiles(repo(files), rules);
}

function findingsOf(files: Record<string, string | null>, ruleId: RuleId): Finding[] {
  return scan(files).findings.filter((f) => f.ruleId === ruleId);
}

/** file:line excerpt, the way the evidence panel reads. */
const places = (findings: Finding[]) => findings.map((f) => [f.file, f.line, f.excerpt]);

const lines = (...l: string[]) => l.join("\n") + "\n";

function base64url(s: string) {
  return Buffer.from(s).toString("base64url");
}

/** A Supabase-style JWT with the given role (signature made up). */
function jwt(role: string) {
  return [
    base64url(JSON.stringify({ alg: "HS256", typ: "JWT" })),
    base64url(JSON.stringify({ iss: "supabase", ref: "abcdefghijklmnopqrst", role, iat: 1700000000 })),
    "FIXTUREsignatureNotReal0123456789abcdefABCD",
  ].join(".");
}

describe("the rules covered here", () => {
  it("exist in content/evidence with the question and option they suggest", () => {
    const byId = new Map(rules.rules.map((r) => [r.id, r]));
    const suggests = COVERED.map((id) => [
      id,
      byId.get(id)?.suggests.question,
      byId.get(id)?.suggests.option,
    ]);
    // undefined: a note. The finding is shown on the question but does not decide its answer
    // (tests exist: but do they cover the key journeys? a limiter exists: but per user?).
    expect(suggests).toEqual([
      ["webhook-unverified", "apis.incoming-webhooks", "unchecked"],
      ["paid-api-with-limits", "apis.cost-abuse", undefined],
      ["tests-present", "ops.automated-tests", undefined],
      ["ci-runs-tests", "ops.deploy-process", undefined],
      ["error-tracking-present", "ops.error-tracking", undefined],
      ["migrations-absent", "data.schema-changes", undefined],
      ["stripe-webhook-verified", "payments.confirmation", undefined],
      ["payment-with-idempotency-key", "payments.double-charge", undefined],
      ["service-role-jwt-in-client", "auth.secrets-in-browser", "found"],
      ["secret-in-repo", "auth.secrets-in-browser", "in-repo"],
      ["env-file-committed", "auth.secrets-in-browser", "in-repo"],
      ["uses-firebase", "intake.backend", "firebase"],
      ["supabase-rls-disabled", "auth.supabase-rls", "off"],
    ]);
  });
});

describe("secrets", () => {
  // Every well-known format the rule names, in a server-side file (browser code has its own rule).
  const SECRETS = {
    stripeLive: "sk_live_FIXTURE0notARealKey0000000",
    stripeRestricted: "rk_live_FIXTURE0notARealKey0000000",
    stripeTest: "sk_test_FIXTURE0notARealKey0000000",
    webhook: "whsec_FIXTURE0notARealSecret000000",
    anthropic: "sk-ant-api03-FIXTURE0notARealKey_0000000000",
    openai: "sk-proj-FIXTURE0notARealKey0FIXTURE0notARealKey00",
    aws: "AKIAFIXTURE0NOTREAL0",
    github: "ghp_FIXTURE0notARealToken0000000000000",
    githubPat: "github_pat_FIXTURE0notARealToken_000000000000",
    slack: "xoxb-FIXTURE0-notARealToken-000000",
    sendgrid: "SG.FIXTURE0notARealKey00.FIXTURE0notARealKey00",
    resend: "re_FIXTURE00_notARealKey000",
  };
  const PRIVATE_KEY_BODY = "MIIEowIBAAKCAQEAFIXTUREnotArealPRIVATEkey0123456789abcdefFIXTURE";

  it("secret-in-repo: each well-known format in the code, by line, with the key masked", () => {
    const entries = Object.entries(SECRETS);
    const source = lines(
      "// keys the deploy script uses",
      ...entries.map(([name, value]) => `export const ${name} = "${value}";`),
    );
    const pem = lines("-----BEGIN RSA PRIVATE KEY-----", PRIVATE_KEY_BODY, "-----END RSA PRIVATE KEY-----");
    const result = scan({ "server/keys.ts": source, "deploy/id_rsa": pem, "package.json": "{}" });
    const found = result.findings.filter((f) => f.ruleId === "secret-in-repo");
    expect(found.map((f) => [f.file, f.line])).toEqual([
      ["deploy/id_rsa", 1],
      ...entries.map((_, i) => ["server/keys.ts", i + 2]),
    ]);
    for (const f of found) {
      expect(f.excerpt).toContain("[REDACTED]");
      expect(f).toMatchObject({ question: "auth.secrets-in-browser", option: "in-repo", confidence: "high" });
    }
    // The recognisable prefix stays, so the founder knows which key to rotate.
    const excerpt = (name: keyof typeof SECRETS) =>
      found.find((f) => f.line === entries.findIndex(([n]) => n === name) + 2)!.excerpt;
    expect(excerpt("stripeLive")).toBe('export const stripeLive = "sk_live_[REDACTED]";');
    expect(excerpt("aws")).toBe('export const aws = "AKIA[REDACTED]";');
    expect(excerpt("github")).toBe('export const github = "ghp_[REDACTED]";');
    // No secret, and no line of the private key, anywhere in what the scan returns.
    const all = JSON.stringify(result);
    for (const value of Object.values(SECRETS)) expect(all).not.toContain(value);
    expect(all).not.toContain(PRIVATE_KEY_BODY);
    expect(all).not.toContain("notAReal");
  });

  it("secret-in-repo: nothing for settings read from the environment, publishable keys, examples and docs", () => {
    const found = findingsOf(
      {
        "server/stripe.ts": lines(
          'import Stripe from "stripe";',
          "export const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);",
          'export const publishable = "pk_live_51FIXTUREpublishableKey000000";',
          'const short = "sk_live_abc"; // too short to be a key',
          'const prose = "ask-proj-managers"; // not a key',
        ),
        ".env.example": lines(`STRIPE_SECRET_KEY=${SECRETS.stripeLive}`),
        "README.md": lines(`Set STRIPE_SECRET_KEY (it looks like ${SECRETS.stripeLive}).`),
        "docs/setup.md": lines(`AWS_ACCESS_KEY_ID=${SECRETS.aws}`),
      },
      "secret-in-repo",
    );
    expect(found).toEqual([]);
  });

  it("env-file-committed: a committed .env with secret settings, each value masked", () => {
    const env = lines(
      "# production settings",
      "NODE_ENV=production",
      "PORT=3000",
      "SESSION_SECRET=correct-horse-battery-staple-42",
      "export ADMIN_PASSWORD='hunter2hunter2'",
      "DATABASE_URL=postgres://app:Sup3rSecretPw@db.example.com:5432/app",
      "MAPS_API_KEY=mapsFIXTUREkey123",
      "VITE_SUPABASE_URL=https://abcdefghijklmnopqrst.supabase.co",
    );
    const result = scan({ ".env": env, "apps/api/.env.production": lines("JWT_SECRET=anotherOneNotReal9") });
    const found = result.findings.filter((f) => f.ruleId === "env-file-committed");
    expect(places(found)).toEqual([
      [".env", 4, "SESSION_SECRET=[REDACTED]"],
      [".env", 5, "export ADMIN_PASSWORD='[REDACTED]'"],
      [".env", 6, "DATABASE_URL=postgres://app:[REDACTED]@db.example.com:5432/app"],
      [".env", 7, "MAPS_API_KEY=[REDACTED]"],
      ["apps/api/.env.production", 1, "JWT_SECRET=[REDACTED]"],
    ]);
    expect(found[0]).toMatchObject({
      question: "auth.secrets-in-browser",
      option: "in-repo",
      confidence: "high",
    });
    const all = JSON.stringify(result);
    for (const secret of [
      "correct-horse-battery-staple-42",
      "hunter2hunter2",
      "Sup3rSecretPw",
      "mapsFIXTUREkey123",
      "anotherOneNotReal9",
    ])
      expect(all).not.toContain(secret);
  });

  it("env-file-committed: a secret after a blank line is named on its own line, with its text", () => {
    const found = findingsOf(
      { ".env": lines("# settings", "APP_NAME=demo", "", "STRIPE_SECRET_KEY=abc123abc123") },
      "env-file-committed",
    );
    expect(places(found)).toEqual([[".env", 4, "STRIPE_SECRET_KEY=[REDACTED]"]]);
  });

  it("image-unsized-or-eager: an arrow function in a prop does not end the tag", () => {
    const component = (attributes: string) =>
      lines(
        "export const Avatar = ({ u }) => (",
        `  <img onError={(e) => hide(e)} ${attributes} src={u} alt="" />`,
        ");",
      );
    const unsized = (text: string) =>
      scan({ "src/Avatar.tsx": text }).findings.filter((f) => f.ruleId === "image-unsized-or-eager");
    expect(unsized(component('loading="lazy" width={40} height={40}'))).toEqual([]);
    expect(unsized(component("width={40} height={40}")).map((f) => [f.file, f.line])).toEqual([
      ["src/Avatar.tsx", 2],
    ]);
    expect(unsized(component('loading="lazy"')).map((f) => f.line)).toEqual([2]);
  });

  it("env-file-committed: nothing for example files, commented-out or public names, or plain settings", () => {
    const found = findingsOf(
      {
        ".env": lines(
          "NODE_ENV=production",
          "PORT=3000",
          "# SESSION_SECRET=set-me-in-the-host",
          "VITE_MAPS_API_KEY=mapsPublicKey123",
          "NEXT_PUBLIC_ANALYTICS_TOKEN=public-token-1",
          // Empty values hold no secret, even with a setting on the next line.
          "STRIPE_SECRET_KEY=",
          "API_KEY=   ",
          "LOG_LEVEL=info",
        ),
        ".env.example": lines("SESSION_SECRET=change-me", "DATABASE_URL=postgres://u:p@localhost/db"),
        ".env.sample": lines("STRIPE_SECRET_KEY=sk_test_xxx"),
        "config/settings.ts": lines("export const SESSION_SECRET = process.env.SESSION_SECRET;"),
      },
      "env-file-committed",
    );
    expect(found).toEqual([]);
  });

  it("service-role-jwt-in-client: the service_role key in browser code, masked; the anon key is fine", () => {
    const serviceRole = jwt("service_role");
    const anon = jwt("anon");
    const client = lines(
      'import { createClient } from "@supabase/supabase-js";',
      `const anonKey = "${anon}";`,
      `const adminKey = "${serviceRole}";`,
      'export const supabase = createClient("https://abcdefghijklmnopqrst.supabase.co", adminKey);',
    );
    const result = scan({ "src/lib/supabase.ts": client });
    const found = result.findings.filter((f) => f.ruleId === "service-role-jwt-in-client");
    expect(found.map((f) => [f.file, f.line])).toEqual([["src/lib/supabase.ts", 3]]);
    expect(found[0]!.excerpt).toMatch(/^const adminKey = ".*\[REDACTED\].*";$/);
    expect(found[0]).toMatchObject({
      question: "auth.secrets-in-browser",
      option: "found",
      confidence: "high",
    });
    // The same line is not reported again as "saved in the code" for the same question.
    expect(result.findings.filter((f) => f.ruleId === "service-role-jwt-in-repo")).toEqual([]);
    const all = JSON.stringify(result);
    expect(all).not.toContain(serviceRole);
    expect(all).not.toContain(serviceRole.split(".")[1]);
    expect(all).not.toContain("FIXTUREsignatureNotReal");
  });

  it("service-role-jwt-in-client: nothing for the anon key in the browser or the service key on the server", () => {
    const serviceRole = jwt("service_role");
    const result = scan({
      "src/lib/supabase.ts": lines(`export const anonKey = "${jwt("anon")}";`),
      "supabase/functions/admin/index.ts": lines(`const key = "${serviceRole}";`),
      "src/lib/admin.server.ts": lines(`const key = "${serviceRole}";`),
    });
    expect(result.findings.filter((f) => f.ruleId === "service-role-jwt-in-client")).toEqual([]);
    // The server files still hold the key in the repository: that is the other rule's finding.
    expect(result.findings.filter((f) => f.ruleId === "service-role-jwt-in-repo").map((f) => f.file)).toEqual(
      ["src/lib/admin.server.ts", "supabase/functions/admin/index.ts"],
    );
    expect(JSON.stringify(result)).not.toContain(serviceRole);
  });
});

describe("webhooks and payments", () => {
  it("webhook-unverified: a non-payment webhook that trusts its body", () => {
    const found = findingsOf(
      {
        "api/webhooks/booking.ts": lines(
          'import { db } from "../db";',
          "export async function POST(req: Request) {",
          "  const event = await req.json();",
          "  await db.bookings.update(event.id, { status: event.status });",
          "  return new Response(null, { status: 204 });",
          "}",
        ),
      },
      "webhook-unverified",
    );
    expect(places(found)).toEqual([["api/webhooks/booking.ts", 3, "const event = await req.json();"]]);
    expect(found[0]).toMatchObject({ question: "apis.incoming-webhooks", option: "unchecked" });
  });

  it("webhook-unverified: nothing for a webhook that checks an HMAC, nor for ordinary routes", () => {
    const found = findingsOf(
      {
        "api/webhooks/booking.ts": lines(
          'import { createHmac, timingSafeEqual } from "node:crypto";',
          "export async function POST(req: Request) {",
          "  const body = await req.text();",
          '  const sent = Buffer.from(req.headers.get("x-signature") ?? "", "hex");',
          '  const want = createHmac("sha256", process.env.BOOKING_HOOK_KEY!).update(body).digest();',
          "  if (sent.length !== want.length || !timingSafeEqual(sent, want)) return new Response(null, { status: 401 });",
          "  return new Response(null, { status: 204 });",
          "}",
        ),
        "api/orders.ts": lines("export async function POST(req: Request) {", "  return req.json();", "}"),
      },
      "webhook-unverified",
    );
    expect(found).toEqual([]);
  });

  it("stripe-webhook-verified: a Stripe webhook that checks the signature", () => {
    const result = scan({
      "supabase/functions/stripe-webhook/index.ts": lines(
        'import Stripe from "npm:stripe@14";',
        'const stripe = new Stripe(Deno.env.get("STRIPE_SECRET_KEY")!);',
        "Deno.serve(async (req) => {",
        '  const signature = req.headers.get("stripe-signature")!;',
        "  const body = await req.text();",
        '  const event = await stripe.webhooks.constructEventAsync(body, signature, Deno.env.get("STRIPE_WEBHOOK_SECRET")!);',
        "  return new Response(JSON.stringify({ received: event.id }));",
        "});",
      ),
    });
    expect(places(result.findings.filter((f) => f.ruleId === "stripe-webhook-verified"))).toEqual([
      [
        "supabase/functions/stripe-webhook/index.ts",
        6,
        'const event = await stripe.webhooks.constructEventAsync(body, signature, Deno.env.get("STRIPE_WEBHOOK_SECRET")!);',
      ],
    ]);
    // And not also called unverified.
    expect(result.findings.filter((f) => f.ruleId === "stripe-webhook-unverified")).toEqual([]);
  });

  it("stripe-webhook-verified: nothing for a webhook that parses the body unchecked, or a check outside a webhook", () => {
    const result = scan({
      "api/stripe-webhook.ts": lines(
        "export default async function handler(req, res) {",
        "  const event = req.body;",
        '  if (event.type === "checkout.session.completed") await markPaid(event.data.object);',
        "  res.json({ received: true });",
        "}",
      ),
      "lib/payments.ts": lines("export const check = (b, s, k) => stripe.webhooks.constructEvent(b, s, k);"),
    });
    expect(result.findings.filter((f) => f.ruleId === "stripe-webhook-verified")).toEqual([]);
    expect(
      result.findings.filter((f) => f.ruleId === "stripe-webhook-unverified").map((f) => f.line),
    ).toEqual([2]);
  });

  it("payment-with-idempotency-key: a payment created with a key", () => {
    const result = scan({
      "server/checkout.ts": lines(
        "export async function pay(orderId: string, amount: number) {",
        "  return stripe.paymentIntents.create(",
        '    { amount, currency: "eur" },',
        "    { idempotencyKey: `order-${orderId}` },",
        "  );",
        "}",
      ),
    });
    expect(places(result.findings.filter((f) => f.ruleId === "payment-with-idempotency-key"))).toEqual([
      ["server/checkout.ts", 4, "{ idempotencyKey: `order-${orderId}` },"],
    ]);
    expect(result.findings.filter((f) => f.ruleId === "payment-without-idempotency-key")).toEqual([]);
  });

  it("payment-with-idempotency-key: nothing for a payment without one, or a test that mentions it", () => {
    const result = scan({
      "server/checkout.ts": lines(
        "export async function pay(amount: number) {",
        '  return stripe.paymentIntents.create({ amount, currency: "eur" });',
        "}",
      ),
      "server/checkout.test.ts": lines('it("sends an idempotencyKey: per order", () => {});'),
    });
    expect(result.findings.filter((f) => f.ruleId === "payment-with-idempotency-key")).toEqual([]);
    expect(
      result.findings
        .filter((f) => f.ruleId === "payment-without-idempotency-key")
        .map((f) => [f.file, f.line]),
    ).toEqual([["server/checkout.ts", 2]]);
  });

  it("paid-api-with-limits: a paid API and a rate limiter", () => {
    const result = scan({
      "server/ai.ts": lines(
        'import OpenAI from "openai";',
        "export const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });",
      ),
      "server/limits.ts": lines(
        'import { Ratelimit } from "@upstash/ratelimit";',
        'export const perUser = new Ratelimit({ redis, limiter: Ratelimit.slidingWindow(20, "1 h") });',
      ),
    });
    expect(places(result.findings.filter((f) => f.ruleId === "paid-api-with-limits"))).toEqual([
      ["server/limits.ts", 1, 'import { Ratelimit } from "@upstash/ratelimit";'],
    ]);
    expect(result.findings.filter((f) => f.ruleId === "paid-api-without-limits")).toEqual([]);
  });

  it("paid-api-with-limits: nothing without a limiter, nor for a limiter with no paid API", () => {
    const unlimited = scan({
      "server/ai.ts": lines('import OpenAI from "openai";', "export const openai = new OpenAI();"),
    });
    expect(unlimited.findings.filter((f) => f.ruleId === "paid-api-with-limits")).toEqual([]);
    expect(
      unlimited.findings.filter((f) => f.ruleId === "paid-api-without-limits").map((f) => f.line),
    ).toEqual([1]);
    const nothingPaid = findingsOf(
      {
        "server/limits.ts": lines(
          'import rateLimit from "express-rate-limit";',
          "app.use(rateLimit({ max: 100 }));",
        ),
      },
      "paid-api-with-limits",
    );
    expect(nothingPaid).toEqual([]);
  });
});

describe("tests, CI, error tracking, migrations", () => {
  it("tests-present: one repository-level note at the first test file, dependencies ignored", () => {
    const result = scan({
      "node_modules/lib/index.test.js": "it('x')",
      "src/cart.ts": "export const total = 1;\n",
      "src/cart.test.ts": "it('adds up', () => {});\n",
      "tests/e2e/checkout.spec.ts": "test('pays', async () => {});\n",
    });
    const found = result.findings.filter((f) => f.ruleId === "tests-present");
    expect(places(found)).toEqual([["src/cart.test.ts", null, null]]);
    expect(found[0]).toMatchObject({ question: "ops.automated-tests", option: null });
    expect(result.findings.filter((f) => f.ruleId === "tests-absent")).toEqual([]);
  });

  it("tests-present: nothing when the only tests are a dependency's", () => {
    const result = scan({
      "node_modules/lib/index.test.js": "it('x')",
      "src/cart.ts": "export const total = 1;\n",
      "src/testimonials.tsx": "export const Testimonials = () => null;\n",
    });
    expect(result.findings.filter((f) => f.ruleId === "tests-present")).toEqual([]);
    expect(result.findings.filter((f) => f.ruleId === "tests-absent")).toHaveLength(1);
  });

  it("ci-runs-tests: a workflow that runs the tests, at the line", () => {
    const workflow = lines(
      "name: CI",
      "on: [push]",
      "jobs:",
      "  test:",
      "    runs-on: ubuntu-latest",
      "    steps:",
      "      - uses: actions/checkout@v4",
      "      - run: npm ci",
      "      - run: npm test",
    );
    const result = scan({ ".github/workflows/ci.yml": workflow });
    expect(places(result.findings.filter((f) => f.ruleId === "ci-runs-tests"))).toEqual([
      [".github/workflows/ci.yml", 9, "- run: npm test"],
    ]);
    expect(result.findings.filter((f) => f.ruleId === "ci-absent")).toEqual([]);
  });

  it("ci-runs-tests: nothing for a workflow that only deploys, or test commands outside CI", () => {
    const result = scan({
      ".github/workflows/deploy.yml": lines("jobs:", "  deploy:", "    steps:", "      - run: npm run build"),
      "package.json": lines('{ "scripts": { "test": "vitest" } }'),
      Makefile: lines("test:", "\tnpm test"),
    });
    expect(result.findings.filter((f) => f.ruleId === "ci-runs-tests")).toEqual([]);
    // There is a workflow, so "no CI" is not claimed either.
    expect(result.findings.filter((f) => f.ruleId === "ci-absent")).toEqual([]);
  });

  it("error-tracking-present: Sentry in package.json, at the line", () => {
    const result = scan({
      "package.json": lines(
        "{",
        '  "dependencies": {',
        '    "@sentry/react": "^8.0.0",',
        '    "react": "^18.3.1"',
        "  }",
        "}",
      ),
    });
    expect(places(result.findings.filter((f) => f.ruleId === "error-tracking-present"))).toEqual([
      ["package.json", 3, '"@sentry/react": "^8.0.0",'],
    ]);
    expect(result.findings.filter((f) => f.ruleId === "error-tracking-absent")).toEqual([]);
  });

  it("error-tracking-present: nothing when no tracker is installed (only in the docs)", () => {
    const result = scan({
      "package.json": lines('{ "dependencies": { "react": "^18.3.1" } }'),
      "README.md": "We should add @sentry/react one day.\n",
      "src/main.tsx": "console.error('oops');\n",
    });
    expect(result.findings.filter((f) => f.ruleId === "error-tracking-present")).toEqual([]);
    expect(result.findings.filter((f) => f.ruleId === "error-tracking-absent")).toHaveLength(1);
  });

  const supabaseApp = lines('{ "dependencies": { "@supabase/supabase-js": "^2.45.0" } }');

  it("migrations-absent: an app with a database library and no migrations", () => {
    const found = findingsOf(
      { "package.json": supabaseApp, "src/db.ts": "export {};\n" },
      "migrations-absent",
    );
    expect(places(found)).toEqual([[null, null, null]]);
    expect(found[0]).toMatchObject({ question: "data.schema-changes", option: null, confidence: "low" });
    expect(
      findingsOf({ "package.json": lines('{ "dependencies": { "prisma": "^5" } }') }, "migrations-absent"),
    ).toHaveLength(1);
  });

  it("migrations-absent: nothing with migrations saved, nor for an app without a database", () => {
    expect(
      findingsOf(
        {
          "package.json": supabaseApp,
          "supabase/migrations/20240601000000_init.sql": "create table notes (id int);\n",
        },
        "migrations-absent",
      ),
    ).toEqual([]);
    expect(
      findingsOf(
        { "package.json": supabaseApp, "prisma/migrations/20240601_init/migration.sql": "-- init\n" },
        "migrations-absent",
      ),
    ).toEqual([]);
    expect(
      findingsOf(
        { "package.json": lines('{ "dependencies": { "react": "^18.3.1" } }') },
        "migrations-absent",
      ),
    ).toEqual([]);
  });
});

describe("stack and Supabase", () => {
  it("uses-firebase: the Firebase client library in package.json", () => {
    const found = findingsOf(
      { "package.json": lines("{", '  "dependencies": {', '    "firebase": "^10.12.0"', "  }", "}") },
      "uses-firebase",
    );
    expect(places(found)).toEqual([["package.json", 3, '"firebase": "^10.12.0"']]);
    expect(found[0]).toMatchObject({ question: "intake.backend", option: "firebase", confidence: "high" });
  });

  it("uses-firebase: nothing for a Supabase app, the Firebase CLI alone, or Firebase in the docs", () => {
    const found = findingsOf(
      {
        "package.json": lines(
          '{ "dependencies": { "@supabase/supabase-js": "^2" }, "devDependencies": { "firebase-tools": "^13" } }',
        ),
        "README.md": 'Not "firebase": we moved off it.\n',
      },
      "uses-firebase",
    );
    expect(found).toEqual([]);
  });

  it("supabase-rls-disabled: SQL that switches RLS off, at the line", () => {
    const found = findingsOf(
      {
        "supabase/migrations/20240602000000_orders.sql": lines(
          "create table public.orders (id uuid primary key, user_id uuid);",
          "alter table public.orders enable row level security;",
          "-- the admin screen could not read orders",
          "alter table public.orders disable row level security;",
        ),
      },
      "supabase-rls-disabled",
    );
    expect(places(found)).toEqual([
      [
        "supabase/migrations/20240602000000_orders.sql",
        4,
        "alter table public.orders disable row level security;",
      ],
    ]);
    expect(found[0]).toMatchObject({ question: "auth.supabase-rls", option: "off", confidence: "high" });
  });

  it("supabase-rls-disabled: nothing for SQL that only switches it on", () => {
    const found = findingsOf(
      {
        "supabase/migrations/20240602000000_orders.sql": lines(
          "create table public.orders (id uuid primary key, user_id uuid);",
          "alter table public.orders enable row level security;",
          'create policy "own orders" on public.orders for select using (auth.uid() = user_id);',
        ),
      },
      "supabase-rls-disabled",
    );
    expect(found).toEqual([]);
  });
});

// UX audit: a suggestion claims only what its finding proves. An absence in the code does not say
// how the team deploys or whether anyone reads the hosting logs, so those findings are notes.
describe("absence findings claim only what the absence proves", () => {
  /** A small app with no CI workflow and no error tracker. */
  const bare = {
    "package.json": lines('{ "dependencies": { "react": "^18.3.1" } }'),
    "src/main.tsx": "console.error('oops');\n",
  };

  it("no CI workflow does not suggest “We press Publish in the builder”, or any option; the finding is a note", () => {
    const { findings } = scan(bare);
    const ci = findings.filter((f) => f.ruleId === "ci-absent");
    expect(ci).toHaveLength(1);
    const suggested = suggestAnswers(findings, content).filter((s) => s.question === "ops.deploy-process");
    expect(suggested.map((s) => s.option)).not.toContain("builder-publish");
    expect(suggested).toEqual([]);
    const note = notesFrom(findings, content).find((n) => n.question === "ops.deploy-process");
    expect(note?.evidence.map((f) => f.title)).toEqual(["No CI workflow in the code"]);
  });

  it("no error tracker does not replace “we'd see it in the hosting logs” with “only if the customer tells us”", () => {
    const { findings } = scan(bare);
    expect(findings.filter((f) => f.ruleId === "error-tracking-absent")).toHaveLength(1);
    const suggested = suggestAnswers(findings, content).filter((s) => s.question === "ops.error-tracking");
    expect(suggested.map((s) => s.option)).not.toContain("customer-tells");
    expect(suggested).toEqual([]);
    const note = notesFrom(findings, content).find((n) => n.question === "ops.error-tracking");
    expect(note?.evidence.map((f) => f.title)).toEqual(["No error tracker in the code"]);
  });

  it("no rule suggests an option worse than its finding proves: absent rules suggest only what absence implies", () => {
    // The absences that imply an option: no test files at all is "No automated tests" (medium:
    // tests kept elsewhere would not show), and a password sign-in with no reset anywhere is "no
    // way" to reset it (medium: a reset screen the scan does not recognise). Every other absent
    // rule is a note.
    const absent = rules.rules.filter((r) => r.kind === "absent").map((r) => [r.id, r.suggests.option]);
    expect(absent).toEqual([
      ["password-reset-absent", "no-way"],
      ["tests-absent", "none"],
      ["ci-absent", undefined],
      ["error-tracking-absent", undefined],
      ["migrations-absent", undefined],
      ["security-headers-absent", undefined],
    ]);
  });
});
