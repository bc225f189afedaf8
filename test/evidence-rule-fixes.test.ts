// The rule fixes from the scanner-accuracy audit (notes: audit-scan.md, bugs 1–5, 7, 9, 10 and the
// Firebase rules gap): each detector against small in-memory repositories shaped like the audit's
// realistic ones (Next.js App Router, Remix, Replit client/server, Flask, Firebase). Where it must
// fire, and the lookalikes where it must stay silent. The real rules, the pure scanner.
import { describe, expect, it } from "vitest";

import { scanFiles } from "../app/engine/evidence/scan";
import { suggestAnswers } from "../app/engine/evidence/suggest";
import type { Finding, ScanFile } from "../app/engine/evidence/types";

import { realContent } from "./support/content";
import { realRules } from "./support/evidence";

const rules = realRules();
const content = realContent();

/** A repository from path → text. */
function repo(files: Record<string, string>): ScanFile[] {
  return Object.entries(files).map(([path, text]) => ({ path, size: Buffer.byteLength(text), text }));
}

function scan(files: Record<string, string>) {
  return scanFiles(repo(files), rules);
}

function findingsOf(files: Record<string, string>, ruleId: string): Finding[] {
  return scan(files).findings.filter((f) => f.ruleId === ruleId);
}

/** [file, line] of each finding of the rule. */
function placesOf(files: Record<string, string>, ruleId: string) {
  return findingsOf(files, ruleId).map((f) => [f.file, f.line]);
}

/** The suggestion for one question: [option, confidence], or undefined. */
function suggestionFor(files: Record<string, string>, question: string) {
  const s = suggestAnswers(scan(files).findings, content).find((x) => x.question === question);
  return s && [s.option, s.confidence];
}

const lines = (...l: string[]) => l.join("\n") + "\n";

describe("the rules named here", () => {
  it("exist in content/evidence", () => {
    const ids = new Set(rules.rules.map((r) => r.id));
    const named = [
      "service-role-in-client",
      "stripe-server-library-in-client",
      "provider-secret-in-client",
      "service-role-jwt-in-client",
      "secret-in-repo",
      "secret-behind-public-name",
      "fulfilment-on-success-page",
      "fulfilment-on-verified-success-page",
      "sql-string-concatenation",
      "stripe-event-handler-unverified",
      "google-ai-key-in-client",
      "google-ai-key-in-repo",
      "env-file-committed",
      "firebase-rules-open",
      "firebase-rules-open-write",
    ];
    expect(named.filter((id) => !ids.has(id))).toEqual([]);
  });
});

describe("bug 1: server-only code is not browser code", () => {
  it("Next.js: a server-only admin client and lib/stripe.ts reading non-public settings are not browser code", () => {
    const files = {
      "package.json": '{ "dependencies": { "next": "14.2.0", "stripe": "^16.0.0" } }',
      "lib/supabase/admin.ts": lines(
        'import "server-only";',
        'import { createClient } from "@supabase/supabase-js";',
        "export const supabaseAdmin = createClient(",
        "  process.env.NEXT_PUBLIC_SUPABASE_URL!,",
        "  process.env.SUPABASE_SERVICE_ROLE_KEY!,",
        ");",
      ),
      "lib/stripe.ts": lines(
        'import Stripe from "stripe";',
        'export const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!, { apiVersion: "2024-06-20" });',
      ),
      "app/actions.ts": lines(
        '"use server";',
        'import Stripe from "stripe";',
        'const serviceRoleKey = "not-in-the-browser-0123456789abcdef";',
      ),
    };
    expect(placesOf(files, "service-role-in-client")).toEqual([]);
    expect(placesOf(files, "stripe-server-library-in-client")).toEqual([]);
    expect(suggestionFor(files, "auth.secrets-in-browser")).toBeUndefined();
  });

  it("Remix: a loader reading the service_role setting is server code", () => {
    const files = {
      "app/routes/dashboard.tsx": lines(
        'import { json, type LoaderFunctionArgs } from "@remix-run/node";',
        'import { createClient } from "@supabase/supabase-js";',
        "export async function loader({ request }: LoaderFunctionArgs) {",
        "  const admin = createClient(process.env.SUPABASE_URL!, process.env.SUPABASE_SERVICE_ROLE_KEY!);",
        "  return json({});",
        "}",
      ),
      "app/routes/pay.tsx": lines(
        'import Stripe from "stripe";',
        "export const action = async () => {",
        "  const stripe = new Stripe(getKey());",
        "};",
      ),
    };
    expect(placesOf(files, "service-role-in-client")).toEqual([]);
    expect(placesOf(files, "stripe-server-library-in-client")).toEqual([]);
  });

  it("a literal key in a server-only file is saved in the code, not shipped to the browser", () => {
    const files = {
      "lib/stripe.ts": lines(
        'import "server-only";',
        'export const key = "sk_live_FIXTURE0notARealKey0000000";',
      ),
    };
    expect(placesOf(files, "provider-secret-in-client")).toEqual([]);
    expect(placesOf(files, "secret-in-repo")).toEqual([["lib/stripe.ts", 2]]);
  });

  it("the server-code directive counts wherever a line starts with it: after comments and blank lines, indented, CRLF", () => {
    // Read as the directive at a line's start, after spaces or tabs only (the pattern once began
    // with ^\s*, which re-read every blank line below each line start: about a quarter of a scan).
    const key = 'export const key = "sk_live_FIXTURE0notARealKey0000000";';
    const serverOnly = [
      lines("// Server helpers", "", "/* keep out of the client */", 'import "server-only";', key),
      lines("export async function save() {", '  "use server";', `  ${key}`, "}"),
      ['import "server-only";', key, ""].join("\r\n"),
    ];
    for (const text of serverOnly) {
      expect(placesOf({ "lib/stripe.ts": text }, "provider-secret-in-client")).toEqual([]);
    }
    // Not at a line's start, it is only a string.
    const notDirective = lines('const mode = "use server";', key);
    expect(placesOf({ "lib/stripe.ts": notDirective }, "provider-secret-in-client")).toEqual([
      ["lib/stripe.ts", 2],
    ]);
  });

  it("still finds browser code that reads a public service_role setting or holds the key, and Stripe's library in a SPA", () => {
    const files = {
      "src/lib/admin.ts": lines(
        'import { createClient } from "@supabase/supabase-js";',
        "export const admin = createClient(",
        "  import.meta.env.VITE_SUPABASE_URL,",
        "  import.meta.env.VITE_SUPABASE_SERVICE_ROLE_KEY,",
        ");",
      ),
      "app/admin/page.tsx": lines(
        '"use client";',
        "const supabase = createClient(process.env.NEXT_PUBLIC_SUPABASE_URL!, process.env.NEXT_PUBLIC_SUPABASE_SERVICE_ROLE_KEY!);",
      ),
      "src/lib/keys.ts": lines('export const serviceRoleKey = "sbFIXTUREnotARealServiceKey0123";'),
      "src/pages/Checkout.tsx": lines(
        'import Stripe from "stripe";',
        "const stripe = new Stripe(import.meta.env.VITE_STRIPE_KEY);",
        'if (process.env.NODE_ENV !== "production") console.log("dev");',
      ),
    };
    expect(placesOf(files, "service-role-in-client")).toEqual([
      ["app/admin/page.tsx", 2],
      ["src/lib/admin.ts", 4],
      ["src/lib/keys.ts", 1],
    ]);
    expect(placesOf(files, "stripe-server-library-in-client")).toEqual([
      ["src/pages/Checkout.tsx", 1],
      ["src/pages/Checkout.tsx", 2],
    ]);
    expect(suggestionFor(files, "auth.secrets-in-browser")).toEqual(["found", "high"]);
  });

  it("a service_role setting read without a public prefix is not browser evidence (Vite and Next.js never send it)", () => {
    const files = {
      "src/lib/admin.ts": lines(
        "export const admin = createClient(url, process.env.SUPABASE_SERVICE_ROLE_KEY!);",
      ),
    };
    expect(placesOf(files, "service-role-in-client")).toEqual([]);
  });
});

describe("bug 2: browser code outside the root folders", () => {
  const key = "sk-proj-FIXTURE0notARealKey0FIXTURE0notARealKey00";
  const browserFile = lines(
    'import OpenAI from "openai";',
    `export const openai = new OpenAI({ apiKey: "${key}", dangerouslyAllowBrowser: true });`,
  );

  it("Replit's client/src, frontend/src, web/src and a monorepo's apps/web/src are browser code", () => {
    const files = {
      "client/src/lib/openai.ts": browserFile,
      "frontend/src/ai.ts": browserFile,
      "web/src/ai.ts": browserFile,
      "apps/web/src/ai.ts": browserFile,
      "apps/web/app/chat/page.tsx": browserFile,
      "client/index.html": `<script>window.KEY = "${key}";</script>\n`,
    };
    expect(placesOf(files, "provider-secret-in-client")).toEqual([
      ["apps/web/app/chat/page.tsx", 2],
      ["apps/web/src/ai.ts", 2],
      ["client/index.html", 1],
      ["client/src/lib/openai.ts", 2],
      ["frontend/src/ai.ts", 2],
      ["web/src/ai.ts", 2],
    ]);
    expect(suggestionFor(files, "auth.secrets-in-browser")).toEqual(["found", "high"]);
  });

  it("the server half of those layouts is not (server/, apps/api/src): the key is saved in the code", () => {
    const files = {
      "server/ai.ts": browserFile,
      "apps/api/src/ai.ts": browserFile,
      "apps/server/lib/ai.ts": browserFile,
    };
    expect(placesOf(files, "provider-secret-in-client")).toEqual([]);
    expect(placesOf(files, "secret-in-repo")).toEqual([
      ["apps/api/src/ai.ts", 2],
      ["apps/server/lib/ai.ts", 2],
      ["server/ai.ts", 2],
    ]);
  });

  it("the option a repository-only finding suggests does not claim the browser is clean", () => {
    // env-file-committed and secret-in-repo suggest in-repo: they prove keys are saved in the code,
    // not that none reaches the browser (the rules see only the folders they know).
    const files = { ".env": lines("SESSION_SECRET=keyboard-cat-please-change-42") };
    expect(suggestionFor(files, "auth.secrets-in-browser")).toEqual(["in-repo", "high"]);
    const label = content.questionsById
      .get("auth.secrets-in-browser")!
      .options.find((o) => o.id === "in-repo")!.label;
    expect(label).not.toMatch(/browser is clean|clean/i);
    expect(label).toMatch(/saved in the code repository/);
  });
});

describe("bug 3: secret-behind-public-name only for names of keys", () => {
  it("finds key-like names with a public prefix, in .env files and code", () => {
    const names = [
      "VITE_STRIPE_SECRET_KEY",
      "NEXT_PUBLIC_SUPABASE_SERVICE_ROLE_KEY",
      "VITE_JWT_SECRET",
      "REACT_APP_FIREBASE_PRIVATE_KEY",
      "VITE_DB_PASSWORD",
      "VITE_OPENAI_API_KEY",
      "EXPO_PUBLIC_ANTHROPIC_API_KEY",
      "VITE_RESEND_API_KEY",
      "NEXT_PUBLIC_SENDGRID_API_KEY",
      "VITE_TWILIO_AUTH_TOKEN",
    ];
    const env = lines(...names.map((n) => `${n}=value-${n.length}`));
    const code = lines(...names.map((n) => `export const k${n.length} = import.meta.env.${n};`));
    // (Outside the browser folders: there service-role-in-client reports the service_role line first.)
    const found = findingsOf({ ".env": env, "config/settings.ts": code }, "secret-behind-public-name");
    expect(found.map((f) => [f.file, f.line])).toEqual([
      ...names.map((_, i) => [".env", i + 1]),
      ...names.map((_, i) => ["config/settings.ts", i + 1]),
    ]);
  });

  it("nothing for settings whose names merely contain the word (a model, a flag, a length)", () => {
    const names = [
      "VITE_OPENAI_MODEL",
      "VITE_PRIVATE_BETA",
      "VITE_PASSWORD_MIN_LENGTH",
      "NEXT_PUBLIC_PASSWORD_RESET_URL",
      "VITE_SECRET_SANTA_ENABLED",
      "VITE_RESEND_FROM_ADDRESS",
      "VITE_ANTHROPIC_MODEL",
      "VITE_SUPABASE_ANON_KEY",
      "NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY",
      "VITE_FIREBASE_API_KEY",
    ];
    const files = {
      ".env": lines(...names.map((n) => `${n}=x`)),
      "src/lib/config.ts": lines(...names.map((n, i) => `export const c${i} = import.meta.env.${n};`)),
    };
    expect(findingsOf(files, "secret-behind-public-name")).toEqual([]);
    expect(suggestionFor(files, "auth.secrets-in-browser")).toBeUndefined();
  });
});

describe("bug 4: fulfilment-on-success-page needs a database write", () => {
  it("nothing for a toast or a form's update in a file named like a success page", () => {
    const files = {
      "src/components/OrderSuccessToast.tsx": lines(
        'import { toast } from "react-toastify";',
        "export function notifyOrderPlaced(toastId: string, orderNumber: string) {",
        '  toast.update(toastId, { render: `Order ${orderNumber} placed`, type: "success" });',
        "}",
      ),
      "src/pages/CheckoutSuccess.tsx": lines(
        "export function CheckoutSuccess({ order }) {",
        "  form.update({ note: order.note });",
        "  store.insert(order);",
        "  return <p>Thanks!</p>;",
        "}",
      ),
    };
    expect(findingsOf(files, "fulfilment-on-success-page")).toEqual([]);
    expect(suggestionFor(files, "payments.confirmation")).toBeUndefined();
  });

  it("finds Supabase, Prisma, Drizzle, Firestore and SQL writes on a client-side success page, at the write", () => {
    const files = {
      "src/pages/PaymentSuccess.tsx": lines(
        "export default function PaymentSuccess() {",
        '  const sessionId = params.get("session_id");',
        "  await supabase",
        '    .from("orders")',
        '    .update({ status: "paid" })',
        '    .eq("stripe_session_id", sessionId);',
        '  await supabase.rpc("add_credits", { amount: 100 });',
        "}",
      ),
      "app/thank-you/page.tsx": lines(
        "export default async function Page({ searchParams }) {",
        '  await db.order.update({ where: { id: searchParams.order }, data: { status: "paid" } });',
        '  await db.update(orders).set({ status: "paid" });',
        '  await updateDoc(doc(firestore, "orders", searchParams.order), { paid: true });',
        "  await pool.query(\"UPDATE orders SET status = 'paid' WHERE id = $1\", [searchParams.order]);",
        "}",
      ),
    };
    expect(placesOf(files, "fulfilment-on-success-page")).toEqual([
      ["app/thank-you/page.tsx", 2],
      ["app/thank-you/page.tsx", 3],
      ["app/thank-you/page.tsx", 4],
      ["app/thank-you/page.tsx", 5],
      ["src/pages/PaymentSuccess.tsx", 5],
      ["src/pages/PaymentSuccess.tsx", 7],
    ]);
    expect(suggestionFor(files, "payments.confirmation")).toEqual(["thank-you-page", "high"]);
  });

  it("a success page whose server loader checks the payment with Stripe first is a note, not the thank-you-page defect", () => {
    const files = {
      "app/routes/checkout.success.tsx": lines(
        "export async function loader({ request }: LoaderFunctionArgs) {",
        '  const sessionId = new URL(request.url).searchParams.get("session_id");',
        "  const session = await stripe.checkout.sessions.retrieve(sessionId);",
        '  if (session.payment_status !== "paid") throw redirect("/checkout");',
        '  await db.order.update({ where: { sessionId }, data: { status: "paid" } });',
        "}",
      ),
    };
    expect(findingsOf(files, "fulfilment-on-success-page")).toEqual([]);
    expect(placesOf(files, "fulfilment-on-verified-success-page")).toEqual([
      ["app/routes/checkout.success.tsx", 5],
    ]);
    expect(findingsOf(files, "fulfilment-on-verified-success-page")[0]).toMatchObject({
      question: "payments.confirmation",
      option: null,
    });
    expect(suggestionFor(files, "payments.confirmation")).toBeUndefined();
  });
});

describe("bug 5: sql-string-concatenation needs SQL, and finds the classic forms", () => {
  it("nothing for UI text that starts with select, update or delete", () => {
    const files = {
      "src/components/ui/field-select.tsx": lines(
        "export const FieldSelect = ({ label }) => (",
        "  <SelectValue placeholder={`Select ${label.toLowerCase()}`} />",
        ");",
      ),
      "src/lib/confirm.ts": lines(
        "export const confirmDelete = (listName: string, count: number) =>",
        "  window.confirm(`Delete from ${listName} the ${count} selected items?`);",
        'export const updateLabel = (n: number) => "Update " + n + " items";',
        'export const pick = (list: string) => "Select one from " + list;',
      ),
    };
    expect(findingsOf(files, "sql-string-concatenation")).toEqual([]);
    expect(suggestionFor(files, "data.server-checks")).toBeUndefined();
  });

  it("finds quoted values pasted in, a query split over lines, and Python's %, .format() and f-strings", () => {
    const files = {
      "server/routes/users.js": lines(
        'router.get("/search", async (req, res) => {',
        '  const r = await pool.query("SELECT id, name FROM users WHERE email = \'" + req.query.email + "\'");',
        "});",
        'router.get("/by-name/:name", async (req, res) => {',
        "  const r = await pool.query(",
        '    "SELECT * FROM users " +',
        '      "WHERE name = \'" + req.params.name + "\'"',
        "  );",
        "});",
        "await pool.query(`UPDATE users SET name = '${name}' WHERE id = ${id}`);",
        "await db.query('DELETE FROM sessions WHERE token = ' + token);",
        'await db.query("INSERT INTO logs (msg) VALUES (\'" + msg + "\')");',
      ),
      "main.py": lines(
        'cur.execute("SELECT * FROM users WHERE id = %s" % user_id)',
        "cur.execute(\"SELECT * FROM products WHERE name LIKE '%{}%'\".format(q))",
        'cur.execute(f"SELECT * FROM orders WHERE id = {order_id}")',
        "cur.execute(f'select * from orders where id = {order_id}')",
      ),
    };
    expect(placesOf(files, "sql-string-concatenation")).toEqual([
      ["main.py", 1],
      ["main.py", 2],
      ["main.py", 3],
      ["main.py", 4],
      ["server/routes/users.js", 2],
      ["server/routes/users.js", 6],
      ["server/routes/users.js", 10],
      ["server/routes/users.js", 11],
      ["server/routes/users.js", 12],
    ]);
  });

  it("nothing for parameterised queries and tagged templates", () => {
    const files = {
      "server/db.js": lines(
        'await pool.query("DELETE FROM users WHERE id = $1", [req.params.id]);',
        'await pool.query("SELECT * FROM users WHERE email = ?", [email]);',
        "await pool.query(`SELECT * FROM users WHERE id = $1`, [id]);",
        "const rows = await prisma.$queryRaw`SELECT * FROM users WHERE id = ${id}`;",
        "const q = sql`select * from orders where id = ${id}`;",
        'const base = "SELECT * FROM users WHERE id = $1 " + "AND org_id = $2";',
      ),
      "main.py": lines(
        'cur.execute("SELECT * FROM orders WHERE id = %s", (order_id,))',
        'cur.execute("UPDATE orders SET paid = %s WHERE id = %s", (True, order_id))',
      ),
    };
    expect(findingsOf(files, "sql-string-concatenation")).toEqual([]);
  });
});

describe("bug 7: Stripe event handlers whatever the file is called", () => {
  it("an Express route, a Next.js route and a Firebase function that take the event from the body", () => {
    const files = {
      "server/index.js": lines(
        'import Stripe from "stripe";',
        'app.post("/api/stripe-events", express.raw({ type: "application/json" }), async (req, res) => {',
        "  const event = JSON.parse(req.body.toString());",
        '  if (event.type === "checkout.session.completed") await markPaid(event.data.object);',
        "  res.json({ received: true });",
        "});",
        'app.post("/api/checkout", async (req, res) => {',
        "  const { items } = req.body;",
        "});",
      ),
      "app/api/stripe/route.ts": lines(
        "export async function POST(req: Request) {",
        "  const event = await req.json();",
        '  if (event.type === "invoice.paid") await activate(event.data.object);',
        "}",
      ),
      "functions/index.js": lines(
        "exports.stripeEvents = functions.https.onRequest(async (req, res) => {",
        "  const event = req.body;",
        "  switch (event.type) {",
        "    case 'payment_intent.succeeded':",
        "      await fulfil(event.data.object);",
        "  }",
        "});",
      ),
      "app.py": lines(
        '@app.route("/stripe", methods=["POST"])',
        "def stripe_events():",
        "    event = request.get_json()",
        '    if event["type"] == "checkout.session.completed":',
        "        fulfil(event)",
      ),
    };
    expect(placesOf(files, "stripe-event-handler-unverified")).toEqual([
      ["app.py", 3],
      ["app/api/stripe/route.ts", 2],
      ["functions/index.js", 2],
      ["server/index.js", 3],
    ]);
    expect(suggestionFor(files, "payments.confirmation")).toEqual(["unverified-webhook", "high"]);
  });

  it("nothing for a handler that checks the signature (here or through a helper), nor for code that only names the events", () => {
    const files = {
      "server/index.js": lines(
        'app.post("/api/stripe-events", express.raw({ type: "application/json" }), (req, res) => {',
        '  const event = stripe.webhooks.constructEvent(req.body, req.headers["stripe-signature"], secret);',
        '  if (event.type === "checkout.session.completed") markPaid(event.data.object);',
        "});",
      ),
      "app/api/stripe/route.ts": lines(
        'import { verifyStripeEvent } from "@/lib/stripe-verify";',
        "export async function POST(req: Request) {",
        "  const body = await req.text();",
        '  const event = verifyStripeEvent(body, req.headers.get("stripe-signature")!);',
        '  if (event.type === "checkout.session.completed") {}',
        "}",
      ),
      "app.py": lines(
        'event = stripe.Webhook.construct_event(request.data, request.headers["Stripe-Signature"], secret)',
        'if event["type"] == "checkout.session.completed": fulfil(event)',
      ),
      "src/pages/Admin.tsx": lines(
        'const EVENTS = ["checkout.session.completed", "invoice.paid"];',
        "const data = await fetch('/api/events').then((r) => r.json());",
      ),
      "server/events.test.js": lines('const event = req.body; // "checkout.session.completed"'),
    };
    expect(findingsOf(files, "stripe-event-handler-unverified")).toEqual([]);
    expect(suggestionFor(files, "payments.confirmation")).toBeUndefined();
  });
});

describe("bug 9: Supabase sb_secret_ keys and Google AI keys", () => {
  const sbSecret = "sb_secret_FIXTURE0notARealKey-0000_abcdefgh";
  const aiza = "AIzaSyFIXTURE0notARealKey000000000000000";

  it("an sb_secret_ key in browser code is found, and in server code saved in the code; masked either way", () => {
    const result = scan({
      "src/lib/supabaseSecret.ts": lines(
        'import { createClient } from "@supabase/supabase-js";',
        `export const admin = createClient("https://abcdefghijklmnopqrst.supabase.co", "${sbSecret}");`,
      ),
      "server/admin.ts": lines(`const key = "${sbSecret}";`),
      "src/lib/supabase.ts": lines('const key = "sb_publishable_FIXTURE0notARealKey0000abcd";'),
    });
    const by = (id: string) => result.findings.filter((f) => f.ruleId === id).map((f) => [f.file, f.line]);
    expect(by("provider-secret-in-client")).toEqual([["src/lib/supabaseSecret.ts", 2]]);
    expect(by("secret-in-repo")).toEqual([["server/admin.ts", 1]]);
    expect(JSON.stringify(result)).not.toContain("FIXTURE0notARealKey-0000");
  });

  it("an AIza key counts in a file that calls Gemini: found in browser code, saved in the code elsewhere", () => {
    const gemini = lines(
      'import { GoogleGenerativeAI } from "@google/generative-ai";',
      `const genAI = new GoogleGenerativeAI("${aiza}");`,
    );
    const result = scan({
      "src/lib/gemini.ts": gemini,
      "scripts/summarise.ts": gemini,
      "server/rest.py": lines(
        `URL = "https://generativelanguage.googleapis.com/v1beta/models/gemini-1.5-flash:generateContent?key=${aiza}"`,
      ),
    });
    const by = (id: string) => result.findings.filter((f) => f.ruleId === id).map((f) => [f.file, f.line]);
    expect(by("google-ai-key-in-client")).toEqual([["src/lib/gemini.ts", 2]]);
    expect(by("google-ai-key-in-repo")).toEqual([
      ["scripts/summarise.ts", 2],
      ["server/rest.py", 1],
    ]);
    expect(result.findings.find((f) => f.ruleId === "google-ai-key-in-client")!.excerpt).toBe(
      'const genAI = new GoogleGenerativeAI("AIza[REDACTED]");',
    );
    expect(JSON.stringify(result)).not.toContain("FIXTURE0notARealKey000");
    expect(
      suggestAnswers(result.findings, content).find((s) => s.question === "auth.secrets-in-browser"),
    ).toMatchObject({
      option: "found",
      confidence: "high",
    });
  });

  it("nothing for Firebase's public AIza web key", () => {
    const files = {
      "src/lib/firebase.ts": lines(
        'import { initializeApp } from "firebase/app";',
        `const firebaseConfig = { apiKey: "${aiza}", projectId: "demo" };`,
        "export const app = initializeApp(firebaseConfig);",
      ),
    };
    expect(scan(files).findings.filter((f) => f.question === "auth.secrets-in-browser")).toEqual([]);
  });
});

describe("bug 10: env-file-committed only for values that can be secrets", () => {
  it("nothing for empty values, placeholders, a local SQLite file or a database on localhost", () => {
    const env = lines(
      "# Fill these in before running",
      "VITE_SUPABASE_URL=your_supabase_url",
      "STRIPE_SECRET_KEY=your_stripe_secret_key_here",
      'OPENAI_API_KEY=""',
      "ANTHROPIC_API_KEY=''",
      "RESEND_API_KEY= # set in the host",
      "DATABASE_URL=postgresql://postgres:postgres@localhost:5432/app",
      "SHADOW_DATABASE_URL=postgres://app:app@127.0.0.1/app_shadow",
      'PRISMA_DATABASE_URL="file:./dev.db"',
      "JWT_SECRET=changeme",
      "SESSION_SECRET=<generate-a-long-random-string>",
      "GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxx",
      "STRIPE_WEBHOOK_SECRET=whsec_...",
      "ADMIN_PASSWORD=YOUR_PASSWORD",
      "SENDGRID_API_KEY=${SENDGRID_API_KEY}",
      "TWILIO_AUTH_TOKEN=put-your-token-here",
    );
    const files = { ".env": env };
    expect(findingsOf(files, "env-file-committed")).toEqual([]);
    expect(suggestionFor(files, "auth.secrets-in-browser")).toBeUndefined();
  });

  it("still finds real-looking values, including a hosted database and a weak secret", () => {
    const env = lines(
      "DATABASE_URL=postgres://neondb_owner:npgFIXTURE0notReal@ep-cool-sun-123456.us-east-2.aws.neon.tech/neondb",
      "SESSION_SECRET=keyboard-cat-please-change",
      'STRIPE_SECRET_KEY="rk_FIXTURE0notARealKey"',
      "API_TOKEN=heretic0FIXTURE0notReal",
      "DB_PASSWORD=localhost.example.com",
      "CACHE_DATABASE_URL=redis://:pw@localhost.mycompany.com:6379",
    );
    expect(placesOf({ ".env": env }, "env-file-committed")).toEqual([
      [".env", 1],
      [".env", 2],
      [".env", 3],
      [".env", 4],
      [".env", 5],
      [".env", 6],
    ]);
  });
});

describe("Firebase Security Rules in the code (auth.firebase-rules)", () => {
  it("the whole database open: Firestore and Storage catch-alls with if true, test mode, Realtime Database root", () => {
    const files = {
      "firestore.rules": lines(
        "rules_version = '2';",
        "service cloud.firestore {",
        "  match /databases/{database}/documents {",
        "    match /{document=**} {",
        "      allow read, write: if true;",
        "    }",
        "  }",
        "}",
      ),
      "storage.rules": lines(
        "service firebase.storage {",
        "  match /b/{bucket}/o {",
        "    match /{allPaths=**} {",
        "      allow read: if request.auth != null;",
        "      allow write;",
        "    }",
        "  }",
        "}",
      ),
      "app/firestore.rules": lines(
        "service cloud.firestore {",
        "  match /databases/{database}/documents {",
        "    match /{document=**} {",
        "      allow read, write: if request.time < timestamp.date(2024, 8, 1);",
        "    }",
        "  }",
        "}",
      ),
      "database.rules.json": lines(
        "{",
        '  "rules": {',
        '    ".read": true,',
        '    ".write": true',
        "  }",
        "}",
      ),
    };
    expect(placesOf(files, "firebase-rules-open")).toEqual([
      ["app/firestore.rules", 4],
      ["database.rules.json", 3],
      ["database.rules.json", 4],
      ["firestore.rules", 5],
      ["storage.rules", 5],
    ]);
    expect(suggestionFor(files, "auth.firebase-rules")).toEqual(["test-mode", "high"]);
  });

  it("anyone may write to one collection: the same option, medium", () => {
    const files = {
      "firestore.rules": lines(
        "service cloud.firestore {",
        "  match /databases/{database}/documents {",
        "    match /products/{id} { allow read: if true; }",
        "    match /orders/{id} {",
        "      allow read: if request.auth != null && request.auth.uid == resource.data.uid;",
        "      allow create, update: if true;",
        "    }",
        "  }",
        "}",
      ),
      "database.rules.json": lines(
        '{ "rules": { "public": { ".read": true }, "votes": { ".write": true } } }',
      ),
    };
    expect(placesOf(files, "firebase-rules-open")).toEqual([]);
    expect(placesOf(files, "firebase-rules-open-write")).toEqual([
      ["database.rules.json", 1],
      ["firestore.rules", 6],
    ]);
    expect(suggestionFor(files, "auth.firebase-rules")).toEqual(["test-mode", "medium"]);
  });

  it("nothing for per-user rules, public read of one path, rules switched off, or lines commented out", () => {
    const files = {
      "firestore.rules": lines(
        "service cloud.firestore {",
        "  match /databases/{database}/documents {",
        "    match /users/{userId} {",
        "      allow read, write: if request.auth != null && request.auth.uid == userId;",
        "    }",
        "    match /products/{id} { allow read: if true; allow write: if false; }",
        "    match /{document=**} {",
        "      // allow read, write: if true;",
        "      allow read, write: if false;",
        "    }",
        "  }",
        "}",
      ),
      "database.rules.json": lines(
        '{ "rules": { ".read": false, ".write": "auth != null", "catalog": { ".read": true } } }',
      ),
    };
    expect(findingsOf(files, "firebase-rules-open")).toEqual([]);
    expect(findingsOf(files, "firebase-rules-open-write")).toEqual([]);
    expect(suggestionFor(files, "auth.firebase-rules")).toBeUndefined();
  });
});
