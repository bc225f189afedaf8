// Rules that widen what the code can prove: lists read whole, who can open uploaded files, outside
// calls with no time limit, the email the app sends, security headers, password resets. Each rule fires on a realistic snippet
// (Lovable, Bolt, Cursor and v0 exports: Vite + React + Supabase, Next.js, Firebase, Express) at the
// right file and line, and stays silent on the near miss next to it. The real rules, the pure
// scanner.
import { describe, expect, it } from "vitest";

import { scanFiles } from "../app/engine/evidence/scan";
import { notesFrom, suggestAnswers } from "../app/engine/evidence/suggest";
import type { ScanFile } from "../app/engine/evidence/types";

import { realContent } from "./support/content";
import { realRules } from "./support/evidence";

const rules = realRules();
const content = realContent();

/** The rules this file covers, with what they suggest (undefined: a note). */
const COVERED = [
  ["supabase-list-unbounded", "performance.long-lists", undefined],
  ["firestore-list-unbounded", "performance.long-lists", undefined],
  ["storage-private-files-public", "data.file-uploads", "public-private-files"],
  ["storage-public-files", "data.file-uploads", undefined],
  ["storage-signed-urls", "data.file-uploads", undefined],
  ["outside-call-without-timeout", "apis.service-failures", undefined],
  ["email-from-shared-address", "ops.email-delivery", "not-own-domain"],
  ["email-to-any-address", "ops.email-delivery", "open-form"],
  ["email-service-present", "ops.email-delivery", undefined],
  ["security-headers-present", "ops.security-scan", undefined],
  ["security-headers-absent", "ops.security-scan", undefined],
  ["password-reset-absent", "auth.password-reset", "no-way"],
  ["password-reset-without-new-password", "auth.password-reset", undefined],
] as const;

function scan(files: Record<string, string>) {
  const repo: ScanFile[] = Object.entries(files).map(([path, text]) => ({
    path,
    size: Buffer.byteLength(text),
    text,
  }));
  return scanFiles(repo, rules);
}

/** [file, line] of each finding of the rule. */
const placesOf = (files: Record<string, string>, ruleId: string) =>
  scan(files)
    .findings.filter((f) => f.ruleId === ruleId)
    .map((f) => [f.file, f.line]);

/** The suggestions for one question: [option, confidence] each. */
const suggestionsFor = (files: Record<string, string>, question: string) =>
  suggestAnswers(scan(files).findings, content)
    .filter((s) => s.question === question)
    .map((s) => [s.option, s.confidence]);

/** The rule ids noted on one question. */
const notedOn = (files: Record<string, string>, question: string) =>
  notesFrom(scan(files).findings, content)
    .find((n) => n.question === question)
    ?.evidence.map((f) => f.ruleId) ?? [];

const lines = (...l: string[]) => l.join("\n") + "\n";

describe("the rules covered here", () => {
  it("exist, and suggest the question and option named here", () => {
    const byId = new Map(rules.rules.map((r) => [r.id, r]));
    expect(
      COVERED.map(([id]) => [id, byId.get(id)?.suggests.question, byId.get(id)?.suggests.option]),
    ).toEqual(COVERED);
  });
});

describe("lists read whole (performance.long-lists)", () => {
  // A Lovable page: orders with their items, newest first, and a product grid read with .then.
  const ordersPage = lines(
    'import { supabase } from "@/integrations/supabase/client";',
    "export default function Orders() {",
    "  const { data: orders } = useQuery({",
    '    queryKey: ["orders"],',
    "    queryFn: async () => {",
    "      const { data, error } = await supabase",
    '        .from("orders")',
    '        .select("*, order_items(*, product:products(name, price))")',
    '        .eq("user_id", user.id)',
    '        .order("created_at", { ascending: false });',
    "      if (error) throw error;",
    "      return data;",
    "    },",
    "  });",
    '  useEffect(() => { supabase.from("products").select("*").then(({ data }) => setProducts(data ?? [])); }, []);',
    "}",
  );

  it("supabase-list-unbounded: a select with filters and ordering but no page size, at the .from line", () => {
    const files = { "src/pages/Orders.tsx": ordersPage };
    expect(placesOf(files, "supabase-list-unbounded")).toEqual([
      ["src/pages/Orders.tsx", 7],
      ["src/pages/Orders.tsx", 15],
    ]);
    // Whether the list is long or slow yet is not in the code: a note, not "loads-all" or "not-yet".
    expect(suggestionsFor(files, "performance.long-lists")).toEqual([]);
    expect(notedOn(files, "performance.long-lists")).toEqual([
      "supabase-list-unbounded",
      "supabase-list-unbounded",
    ]);
  });

  it("supabase-list-unbounded: nothing for paged lists, lookups, counts, writes, builders paged later, comments or tests", () => {
    const files = {
      "src/pages/Orders.tsx": lines(
        'const { data } = await supabase.from("orders").select("*").order("created_at").range(from, from + 19);',
        'const { data: recent } = await supabase.from("orders").select("*").eq("user_id", uid).limit(10);',
        'const { data: order } = await supabase.from("orders").select("*").eq("id", id).single();',
        'const { data: byId } = await supabase.from("orders").select("*").eq("id", id);',
        'const { data: profile } = await supabase.from("profiles").select("*").eq("user_id", uid).maybeSingle();',
        'const { count } = await supabase.from("orders").select("*", { count: "exact", head: true });',
        'const { data: created } = await supabase.from("orders").insert({ total }).select().single();',
        "let query = supabase",
        '  .from("products")',
        '  .select("*");',
        'if (category) query = query.eq("category", category);',
        "const { data: page } = await query.range(0, 23);",
        '// const { data } = await supabase.from("orders").select("*");',
        "const { data: mine } = await supabase",
        '  .from("orders")',
        '  .select("*")',
        "  .order(sortBy)",
        "  .limit(PAGE_SIZE);",
      ),
      "src/pages/Orders.test.tsx": 'await supabase.from("orders").select("*");\n',
    };
    expect(placesOf(files, "supabase-list-unbounded")).toEqual([]);
  });

  it("firestore-list-unbounded: a whole collection, a query with no limit, and the namespaced API", () => {
    const files = {
      "src/hooks/useMessages.ts": lines(
        'import { collection, getDocs, onSnapshot, orderBy, query, where } from "firebase/firestore";',
        'import { db } from "@/lib/firebase";',
        "export async function loadProducts() {",
        '  const snap = await getDocs(collection(db, "products"));',
        "  return snap.docs.map((d) => ({ id: d.id, ...d.data() }));",
        "}",
        "export function watchMessages(chatId: string, cb: (m: Message[]) => void) {",
        '  const q = query(collection(db, "messages"), where("chatId", "==", chatId), orderBy("createdAt"));',
        "  return onSnapshot(q, (s) => cb(s.docs.map((d) => d.data() as Message)));",
        "}",
      ),
      "functions/src/report.ts": lines(
        'import * as admin from "firebase-admin";',
        "const db = admin.firestore();",
        'export const all = () => db.collection("orders").where("status", "==", "paid").get();',
      ),
    };
    expect(placesOf(files, "firestore-list-unbounded")).toEqual([
      ["functions/src/report.ts", 3],
      ["src/hooks/useMessages.ts", 4],
      ["src/hooks/useMessages.ts", 8],
    ]);
    expect(suggestionsFor(files, "performance.long-lists")).toEqual([]);
  });

  it("firestore-list-unbounded: nothing for limited queries, single documents, or getDocs outside Firestore", () => {
    const files = {
      "src/hooks/useMessages.ts": lines(
        'import { collection, doc, getDoc, getDocs, limit, orderBy, query } from "firebase/firestore";',
        'const q = query(collection(db, "messages"), orderBy("createdAt", "desc"), limit(50));',
        'const user = await getDoc(doc(db, "users", uid));',
        'const recent = await db.collection("orders").orderBy("createdAt").limit(20).get();',
        'const one = await db.collection("orders").doc(id).get();',
      ),
      "src/lib/local.ts": 'const rows = await getDocs(collection(store, "notes"));\n',
    };
    expect(placesOf(files, "firestore-list-unbounded")).toEqual([]);
  });
});

describe("who can open uploaded files (data.file-uploads)", () => {
  // Lovable's usual upload: the file goes to a bucket, and the app keeps its public link.
  const upload = (bucket: string) =>
    lines(
      'import { supabase } from "@/integrations/supabase/client";',
      "export async function uploadFile(file: File, userId: string) {",
      "  const path = `${userId}/${Date.now()}-${file.name}`;",
      `  const { error } = await supabase.storage.from("${bucket}").upload(path, file);`,
      "  if (error) throw error;",
      "  const { data } = supabase.storage",
      `    .from("${bucket}")`,
      "    .getPublicUrl(path);",
      "  return data.publicUrl;",
      "}",
    );

  it("storage-private-files-public: a public link into a bucket named for private files suggests the blocker option", () => {
    const files = {
      "src/lib/upload-invoice.ts": upload("invoices"),
      "supabase/migrations/20240601000000_storage.sql": lines(
        "-- Buckets for uploads",
        "insert into storage.buckets (id, name, public) values ('avatars', 'avatars', true);",
        "INSERT INTO storage.buckets (id, name, public) VALUES ('id-documents', 'id-documents', true) ON CONFLICT DO NOTHING;",
      ),
      "scripts/setup-storage.ts":
        'await admin.storage.createBucket("kyc_docs", { public: true, fileSizeLimit: 5242880 });\n',
    };
    // The getPublicUrl split over lines is cited at its own line, as the general rule would cite it.
    expect(placesOf(files, "storage-private-files-public")).toEqual([
      ["scripts/setup-storage.ts", 1],
      ["src/lib/upload-invoice.ts", 8],
      ["supabase/migrations/20240601000000_storage.sql", 3],
    ]);
    // The avatars bucket is public too: a note, since avatars may well be meant to be public.
    expect(placesOf(files, "storage-public-files")).toEqual([
      ["supabase/migrations/20240601000000_storage.sql", 2],
    ]);
    expect(suggestionsFor(files, "data.file-uploads")).toEqual([["public-private-files", "medium"]]);
  });

  it("storage-public-files: public links into other buckets, public buckets and Firebase download links are notes", () => {
    const files = {
      "src/lib/upload-avatar.ts": upload("avatars"),
      "src/lib/firebase-upload.ts": lines(
        'import { getDownloadURL, ref, uploadBytes } from "firebase/storage";',
        "const snap = await uploadBytes(ref(storage, `uploads/${uid}/${file.name}`), file);",
        "return getDownloadURL(snap.ref);",
      ),
      "src/lib/bucket.ts": "const { data } = supabase.storage.from(BUCKET).getPublicUrl(path);\n",
    };
    expect(placesOf(files, "storage-public-files")).toEqual([
      ["src/lib/bucket.ts", 1],
      ["src/lib/firebase-upload.ts", 3],
      ["src/lib/upload-avatar.ts", 8],
    ]);
    expect(placesOf(files, "storage-private-files-public")).toEqual([]);
    // Avatars and product photos may be public by design: which kind these files are is for a person.
    expect(suggestionsFor(files, "data.file-uploads")).toEqual([]);
    expect(notedOn(files, "data.file-uploads")).toContain("storage-public-files");
  });

  it("nothing public for private buckets, signed links, buckets named like docs sites, or comments", () => {
    const files = {
      "src/lib/upload.ts": lines(
        'const { error } = await supabase.storage.from("documents").upload(path, file);',
        'const { data } = await supabase.storage.from("documents").createSignedUrl(path, 60);',
        '// const { data } = supabase.storage.from("documents").getPublicUrl(path);',
        'await supabase.storage.createBucket("contracts", { public: false });',
        'const { data: site } = supabase.storage.from("docsite").getPublicUrl(path);',
      ),
      "supabase/migrations/1_storage.sql": lines(
        "insert into storage.buckets (id, name, public) values ('receipts', 'receipts', false);",
        "-- insert into storage.buckets (id, name, public) values ('invoices', 'invoices', true);",
      ),
    };
    expect(placesOf(files, "storage-private-files-public")).toEqual([]);
    // "docsite" is not a documents bucket: only the general note.
    expect(placesOf(files, "storage-public-files")).toEqual([["src/lib/upload.ts", 5]]);
    // Signed links expire: a note at the first one, suggesting nothing.
    expect(placesOf(files, "storage-signed-urls")).toEqual([["src/lib/upload.ts", 2]]);
    expect(suggestionsFor(files, "data.file-uploads")).toEqual([]);
  });
});

describe("outside calls with no time limit (apis.service-failures)", () => {
  // A Supabase edge function calling an AI API, and an Express route calling GitHub with axios.
  const edgeFunction = lines(
    'import { serve } from "https://deno.land/std@0.168.0/http/server.ts";',
    "serve(async (req) => {",
    "  const { prompt } = await req.json();",
    '  const response = await fetch("https://api.openai.com/v1/chat/completions", {',
    '    method: "POST",',
    '    headers: { Authorization: `Bearer ${Deno.env.get("OPENAI_API_KEY")}`, "Content-Type": "application/json" },',
    '    body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] }),',
    "  });",
    "  return new Response(JSON.stringify(await response.json()));",
    "});",
  );

  it("outside-call-without-timeout: fetch or axios to a fixed https address in server code, at the call", () => {
    const files = {
      "supabase/functions/generate/index.ts": edgeFunction,
      "server/routes.ts": lines(
        'import axios from "axios";',
        'router.get("/api/repos", async (_req, res) => {',
        '  const { data } = await axios.get("https://api.github.com/users/acme/repos");',
        "  res.json(data);",
        "});",
      ),
      "app/api/weather/route.ts": lines(
        "export async function GET() {",
        "  const res = await fetch(`https://api.open-meteo.com/v1/forecast?latitude=${lat}`);",
        "  return Response.json(await res.json());",
        "}",
      ),
    };
    expect(placesOf(files, "outside-call-without-timeout")).toEqual([
      ["app/api/weather/route.ts", 2],
      ["server/routes.ts", 3],
      ["supabase/functions/generate/index.ts", 4],
    ]);
    // A time limit missing does not say what users see (a freeze, a retry, a message): a note.
    expect(suggestionsFor(files, "apis.service-failures")).toEqual([]);
    expect(notedOn(files, "apis.service-failures")).toHaveLength(3);
  });

  it("outside-call-without-timeout: nothing with a time limit, for the app's own addresses, in browser code or in tests", () => {
    const files = {
      "supabase/functions/generate/index.ts": edgeFunction.replace(
        '    method: "POST",',
        '    method: "POST",\n    signal: AbortSignal.timeout(15_000),',
      ),
      "server/routes.ts": lines(
        'const github = axios.create({ baseURL: "https://api.github.com", timeout: 5000 });',
        'const { data } = await axios.get("https://api.github.com/users/acme/repos");',
      ),
      "supabase/functions/own/index.ts": lines(
        'const res = await fetch(`${Deno.env.get("SUPABASE_URL")}/rest/v1/orders`);',
        'const dev = await fetch("http://localhost:54321/functions/v1/x");',
      ),
      "src/lib/weather.ts": 'const res = await fetch("https://api.open-meteo.com/v1/forecast");\n',
      // A Vite app's src/api/ runs in the browser.
      "src/api/weather.ts":
        'export const forecast = () => fetch("https://api.open-meteo.com/v1/forecast");\n',
      "server/routes.test.ts": 'await fetch("https://api.github.com/users/acme");\n',
    };
    expect(placesOf(files, "outside-call-without-timeout")).toEqual([]);
  });
});

describe("the email the app sends (ops.email-delivery)", () => {
  // Lovable's contact-form function, as generated: Resend's test sender, and a confirmation to the
  // address the visitor typed.
  const contactFunction = lines(
    'import { serve } from "https://deno.land/std@0.190.0/http/server.ts";',
    'import { Resend } from "npm:resend@2.0.0";',
    'const resend = new Resend(Deno.env.get("RESEND_API_KEY"));',
    "const corsHeaders = {",
    '  "Access-Control-Allow-Origin": "*",',
    '  "Access-Control-Allow-Headers": "authorization, x-client-info, apikey, content-type",',
    "};",
    "const handler = async (req: Request): Promise<Response> => {",
    '  if (req.method === "OPTIONS") return new Response(null, { headers: corsHeaders });',
    "  const { name, email, message }: ContactRequest = await req.json();",
    "  const emailResponse = await resend.emails.send({",
    '    from: "Lovable <onboarding@resend.dev>",',
    "    to: [email],",
    '    subject: "We have received your message!",',
    "    html: `<h1>Thank you for contacting us, ${name}!</h1><p>${message}</p>`,",
    "  });",
    "  return new Response(JSON.stringify(emailResponse), { status: 200, headers: corsHeaders });",
    "};",
    "serve(handler);",
  );
  const contact = { "supabase/functions/send-contact-email/index.ts": contactFunction };

  it("Lovable's contact form: a shared sender and mail to any address typed in, both suggested; the service a note", () => {
    expect(placesOf(contact, "email-from-shared-address")).toEqual([
      ["supabase/functions/send-contact-email/index.ts", 12],
    ]);
    expect(placesOf(contact, "email-to-any-address")).toEqual([
      ["supabase/functions/send-contact-email/index.ts", 13],
    ]);
    expect(placesOf(contact, "email-service-present")).toEqual([
      ["supabase/functions/send-contact-email/index.ts", 2],
    ]);
    // A "select all that apply" question: each proven statement is its own suggestion.
    expect(suggestionsFor(contact, "ops.email-delivery")).toEqual([
      ["not-own-domain", "high"],
      ["open-form", "medium"],
    ]);
    expect(notedOn(contact, "ops.email-delivery")).toEqual(["email-service-present"]);
  });

  it("email-service-present: an SDK import, Python's, or a call to the service's API; not a 'Resend code' button", () => {
    const cases: Array<[Record<string, string>, [string, number]]> = [
      [{ "server/mail.js": 'const nodemailer = require("nodemailer");\n' }, ["server/mail.js", 1]],
      [{ "app/mail.py": "import os\nfrom sendgrid.helpers.mail import Mail\n" }, ["app/mail.py", 2]],
      [
        {
          "supabase/functions/notify/index.ts":
            'await fetch("https://api.resend.com/emails", { method: "POST" });\n',
        },
        ["supabase/functions/notify/index.ts", 1],
      ],
    ];
    for (const [files, place] of cases) expect(placesOf(files, "email-service-present")).toEqual([place]);
    const button = { "src/pages/Verify.tsx": "<Button onClick={resend}>Resend code</Button>\n" };
    expect(placesOf(button, "email-service-present")).toEqual([]);
  });

  it("email-from-shared-address: a personal Gmail sender through SendGrid or Nodemailer, and Python's Resend", () => {
    const files = {
      "api/notify.ts": lines(
        'import sgMail from "@sendgrid/mail";',
        "await sgMail.send({",
        "  to: customer.email,",
        '  from: { email: "acme.orders@gmail.com", name: "Acme" },',
        '  subject: "Your order",',
        "});",
      ),
      "server/mail.js": lines(
        'const nodemailer = require("nodemailer");',
        'const transporter = nodemailer.createTransport({ service: "gmail", auth: { user, pass } });',
        'await transporter.sendMail({ from: "Acme <acme.shop@gmail.com>", to: order.email, subject: "Thanks" });',
      ),
      "backend/emails.py": lines(
        "import resend",
        'resend.Emails.send({"from": "Acme <onboarding@resend.dev>", "to": [user.email], "subject": "Hi"})',
      ),
    };
    expect(placesOf(files, "email-from-shared-address")).toEqual([
      ["api/notify.ts", 4],
      ["backend/emails.py", 2],
      ["server/mail.js", 3],
    ]);
  });

  it("email-from-shared-address: nothing for the app's own domain, a fallback setting, or Gmail addresses outside email code", () => {
    const files = {
      "supabase/functions/send-contact-email/index.ts": contactFunction.replace(
        "Lovable <onboarding@resend.dev>",
        "Acme <hello@acme.com>",
      ),
      "supabase/functions/welcome/index.ts": lines(
        'import { Resend } from "npm:resend@2.0.0";',
        'const from = Deno.env.get("EMAIL_FROM") ?? "onboarding@resend.dev";',
        'await resend.emails.send({ from, to: [user.email], subject: "Welcome" });',
      ),
      "src/data/messages.ts": 'export const demo = [{ from: "alice@gmail.com", text: "Hi!" }];\n',
    };
    expect(placesOf(files, "email-from-shared-address")).toEqual([]);
  });

  it("email-to-any-address: also the request's own fields, sent through Resend's API or SendGrid", () => {
    const files = {
      "supabase/functions/invite/index.ts": lines(
        "Deno.serve(async (req) => {",
        "  const body = await req.json();",
        '  await fetch("https://api.resend.com/emails", {',
        '    method: "POST",',
        "    headers: { Authorization: `Bearer ${key}` },",
        '    body: JSON.stringify({ from: "Acme <invites@acme.com>", to: body.email, subject: "You are invited" }),',
        "  });",
        "});",
      ),
      "api/share.ts": lines(
        'import sgMail from "@sendgrid/mail";',
        "export default async function handler(req, res) {",
        "  const { to, note } = req.body;",
        '  await sgMail.send({ to, from: "share@acme.com", subject: "A friend shared this", text: note });',
        "}",
      ),
    };
    expect(placesOf(files, "email-to-any-address")).toEqual([
      ["api/share.ts", 4],
      ["supabase/functions/invite/index.ts", 6],
    ]);
  });

  it("email-to-any-address: Nodemailer and Mailgun too; not a text message, a response or another API's body", () => {
    const files = {
      "server/contact.ts": lines(
        'app.post("/api/contact", async (req, res) => {',
        "  const { email, message } = req.body;",
        '  await transporter.sendMail({ from: "hello@acme.com", to: email, text: message });',
        "});",
      ),
      "server/invite.ts": lines(
        'app.post("/api/invite", async (req, res) => {',
        "  const { email } = req.body;",
        '  await mg.messages.create("mg.acme.com", {',
        '    from: "Acme <invites@acme.com>",',
        "    to: [email],",
        "  });",
        "});",
      ),
      "server/sms.ts": lines(
        'app.post("/api/sms", async (req, res) => {',
        "  const { to, body } = req.body;",
        "  await twilioClient.messages.create({ body, from: TWILIO_NUMBER, to });",
        "  res.send({ ok: true, to });",
        "});",
      ),
      "api/slack.ts": lines(
        "export default async function handler(req, res) {",
        "  const { to } = req.body;",
        '  await fetch("https://hooks.slack.com/services/x", { method: "POST", body: JSON.stringify({ to, text: "hi" }) });',
        "}",
      ),
    };
    expect(placesOf(files, "email-to-any-address")).toEqual([
      ["server/contact.ts", 3],
      ["server/invite.ts", 5],
    ]);
  });

  it("email-to-any-address: nothing with a bot check or a rate limit anywhere, a signed-in user, or an address looked up", () => {
    const turnstile = {
      ...contact,
      "src/components/ContactForm.tsx": 'import { Turnstile } from "@marsidev/react-turnstile";\n',
    };
    const limited = {
      ...contact,
      "supabase/functions/_shared/limit.ts": 'import { Ratelimit } from "npm:@upstash/ratelimit@2";\n',
    };
    const signedIn = {
      "supabase/functions/send-contact-email/index.ts": contactFunction.replace(
        "  const { name, email, message }",
        '  const { data: { user } } = await supabase.auth.getUser(req.headers.get("Authorization")!.replace("Bearer ", ""));\n  const { name, email, message }',
      ),
    };
    const lookedUp = {
      "supabase/functions/order-confirmation/index.ts": lines(
        'import { Resend } from "npm:resend@2.0.0";',
        "Deno.serve(async (req) => {",
        "  const { orderId } = await req.json();",
        '  const { data: order } = await admin.from("orders").select("email").eq("id", orderId).single();',
        '  await resend.emails.send({ from: "Acme <orders@acme.com>", to: [order.email], subject: "Thanks" });',
        "});",
      ),
    };
    for (const files of [turnstile, limited, signedIn, lookedUp]) {
      expect(placesOf(files, "email-to-any-address")).toEqual([]);
    }
  });
});

describe("security headers (ops.security-scan)", () => {
  const vite = '{ "dependencies": { "react": "^18.3.1" }, "devDependencies": { "vite": "^5.4.0" } }';

  it("security-headers-present: vercel.json, _headers, netlify.toml, next.config.js or helmet, at the first line", () => {
    const cases: Array<[Record<string, string>, [string, number]]> = [
      [
        {
          "vercel.json": lines(
            "{",
            '  "headers": [{ "source": "/(.*)", "headers": [',
            '    { "key": "Content-Security-Policy", "value": "default-src \'self\'" }',
            "  ] }]",
            "}",
          ),
        },
        ["vercel.json", 3],
      ],
      [{ "public/_headers": lines("/*", "  X-Frame-Options: DENY") }, ["public/_headers", 2]],
      [
        {
          "netlify.toml": lines(
            "[[headers]]",
            '  for = "/*"',
            "  [headers.values]",
            '    X-Frame-Options = "DENY"',
          ),
        },
        ["netlify.toml", 4],
      ],
      [
        {
          "next.config.js": lines(
            "module.exports = {",
            "  async headers() {",
            '    return [{ source: "/(.*)", headers: [{ key: "Strict-Transport-Security", value: "max-age=63072000" }] }];',
            "  },",
            "};",
          ),
        },
        ["next.config.js", 3],
      ],
      [{ "server/index.ts": lines("const app = express();", "app.use(helmet());") }, ["server/index.ts", 2]],
    ];
    for (const [files, place] of cases) {
      const repo = { "package.json": vite, ...files };
      expect(placesOf(repo, "security-headers-present")).toEqual([place]);
      expect(placesOf(repo, "security-headers-absent")).toEqual([]);
      // Set in the code is not a grade: the Observatory says what the live site sends.
      expect(suggestionsFor(repo, "ops.security-scan")).toEqual([]);
    }
  });

  it("security-headers-absent: a web app that sets none is a note; headers commented out or only in docs do not count", () => {
    const files = {
      "package.json": vite,
      "index.html": '<!doctype html><html><head><meta charset="UTF-8" /></head><body></body></html>\n',
      "netlify.toml": lines("[build]", '  publish = "dist"', "# [[headers]]", '#   X-Frame-Options = "DENY"'),
      "README.md": "Add a Content-Security-Policy before launch.\n",
    };
    expect(placesOf(files, "security-headers-absent")).toEqual([[null, null]]);
    expect(placesOf(files, "security-headers-present")).toEqual([]);
    expect(suggestionsFor(files, "ops.security-scan")).toEqual([]);
    expect(notedOn(files, "ops.security-scan")).toEqual(["security-headers-absent"]);
  });

  it("security-headers-absent: nothing for code that is not a web app (no Vite, Next.js, Remix, Express…)", () => {
    const files = {
      "package.json": '{ "dependencies": { "commander": "^12" } }',
      "src/cli.ts": "export const run = () => 1;\n",
    };
    expect(placesOf(files, "security-headers-absent")).toEqual([]);
  });
});

describe("password reset (auth.password-reset)", () => {
  const login = lines(
    'import { supabase } from "@/integrations/supabase/client";',
    "export default function Auth() {",
    "  const signIn = async () => {",
    "    const { error } = await supabase.auth.signInWithPassword({ email, password });",
    "    if (error) toast({ title: error.message });",
    "  };",
    "}",
  );
  const forgot = lines(
    "const sendReset = async () => {",
    "  const { error } = await supabase.auth.resetPasswordForEmail(email, {",
    "    redirectTo: `${window.location.origin}/reset-password`,",
    "  });",
    "};",
  );
  const resetPage = lines(
    "const save = async () => {",
    "  const { error } = await supabase.auth.updateUser({ password: newPassword });",
    "};",
  );

  it("password-reset-absent: a password sign-in and no reset anywhere suggests 'no way', for the whole repository", () => {
    const files = {
      "src/pages/Auth.tsx": login,
      "src/pages/Auth.test.tsx": "await supabase.auth.resetPasswordForEmail(email);\n",
    };
    expect(placesOf(files, "password-reset-absent")).toEqual([[null, null]]);
    expect(suggestionsFor(files, "auth.password-reset")).toEqual([["no-way", "medium"]]);
    // Firebase too.
    const firebase = { "src/lib/auth.ts": "await signInWithEmailAndPassword(auth, email, password);\n" };
    expect(placesOf(firebase, "password-reset-absent")).toEqual([[null, null]]);
  });

  it("password-reset-absent: nothing with a reset email, a ready-made sign-in screen, or no password sign-in", () => {
    const cases: Array<Record<string, string>> = [
      { "src/pages/Auth.tsx": login, "src/pages/ForgotPassword.tsx": forgot },
      {
        "src/lib/auth.ts": lines(
          "await signInWithEmailAndPassword(auth, email, password);",
          "await sendPasswordResetEmail(auth, email);",
        ),
      },
      {
        "src/pages/Auth.tsx": login,
        "src/pages/Login.tsx": 'import { Auth } from "@supabase/auth-ui-react";\n',
      },
      {
        "src/pages/Auth.tsx": login.replace(
          "signInWithPassword({ email, password })",
          "signInWithOtp({ email })",
        ),
      },
    ];
    for (const files of cases) expect(placesOf(files, "password-reset-absent")).toEqual([]);
    // A reset only in a comment is no reset: still absent.
    const commented = {
      "src/pages/Auth.tsx": login + "// TODO: supabase.auth.resetPasswordForEmail(email)\n",
    };
    expect(placesOf(commented, "password-reset-absent")).toEqual([[null, null]]);
  });

  it("password-reset-without-new-password: a reset email and no updateUser with a password is a note at the call", () => {
    const files = { "src/pages/Auth.tsx": login, "src/pages/ForgotPassword.tsx": forgot };
    expect(placesOf(files, "password-reset-without-new-password")).toEqual([
      ["src/pages/ForgotPassword.tsx", 2],
    ]);
    // The user gets in once, so it is not "no way": a person tries the whole reset and chooses.
    expect(suggestionsFor(files, "auth.password-reset")).toEqual([]);
    expect(notedOn(files, "auth.password-reset")).toEqual(["password-reset-without-new-password"]);
  });

  it("password-reset-without-new-password: nothing when a page sets the new password, or updateUser gets an object it cannot read", () => {
    const withPage = { "src/pages/ForgotPassword.tsx": forgot, "src/pages/ResetPassword.tsx": resetPage };
    const withUpdates = {
      "src/pages/ForgotPassword.tsx": forgot,
      "src/pages/Account.tsx": "const { error } = await supabase.auth.updateUser(updates);\n",
    };
    for (const files of [withPage, withUpdates]) {
      expect(placesOf(files, "password-reset-without-new-password")).toEqual([]);
    }
    // Updating only the name is not setting a password.
    const nameOnly = {
      "src/pages/ForgotPassword.tsx": forgot,
      "src/pages/Account.tsx": "await supabase.auth.updateUser({ data: { full_name: name } });\n",
    };
    expect(placesOf(nameOnly, "password-reset-without-new-password")).toEqual([
      ["src/pages/ForgotPassword.tsx", 2],
    ]);
  });
});

describe("hostile one-line inputs: the rules above find the real line after 300 KB built to make them backtrack", () => {
  // Each hostile line repeats the start of a rule's pattern without its end (a chain that never
  // closes, a quote never closed, a bucket name that never ends), so an unbounded pattern would be
  // retried from every place it can start. The scanner's windows bound each attempt; these patterns
  // are also bounded themselves (see "every rule's regexes" in evidence-engine-fixes.test.ts). The
  // time of such lines is printed by `npm run bench:scan`, not asserted here.
  const long = (s: string) => s.repeat(Math.ceil(300_000 / s.length));
  const cases: Array<[string, string, string, string]> = [
    [
      "supabase-list-unbounded",
      "src/pages/Orders.tsx",
      long('.from("t").select("*").eq("a", (b).order('),
      'const { data } = await supabase.from("orders").select("*");',
    ],
    [
      "supabase-list-unbounded",
      "src/pages/Products.tsx",
      long('x = supabase.from("t").select("a(b(c'),
      'const { data } = await supabase.from("products").select("*");',
    ],
    [
      "firestore-list-unbounded",
      "src/lib/db.ts",
      'import "firebase/firestore"; ' + long('getDocs(query(collection(db, "x"), where("a", "==", (b), '),
      'const snap = await getDocs(collection(db, "products"));',
    ],
    [
      "storage-private-files-public",
      "src/lib/upload.ts",
      long('supabase.storage.from("user-documents-'),
      'const { data } = supabase.storage.from("invoices").getPublicUrl(path);',
    ],
    [
      "storage-private-files-public",
      "supabase/migrations/1_storage.sql",
      long("insert into storage.buckets (id, name, public) values ('documents', '"),
      "insert into storage.buckets (id, name, public) values ('invoices', 'invoices', true);",
    ],
    [
      "storage-public-files",
      "src/lib/bucket.ts",
      long('createBucket("a", { public: tru '),
      'await supabase.storage.createBucket("avatars", { public: true });',
    ],
    [
      "outside-call-without-timeout",
      "supabase/functions/a/index.ts",
      long("axios.get( fetch( "),
      'const res = await fetch("https://api.example.com/v1");',
    ],
    [
      "email-from-shared-address",
      "supabase/functions/mail/index.ts",
      'import { Resend } from "npm:resend"; ' + long('{ from: "Acme <'),
      'await resend.emails.send({ from: "onboarding@resend.dev", to: ["a@acme.com"] });',
    ],
    [
      "email-to-any-address",
      "supabase/functions/contact/index.ts",
      "const body = await req.json(); " + long('.send({ from: "a", '),
      "await resend.emails.send({ to: [email] });",
    ],
    [
      "security-headers-present",
      "vercel.json",
      long('{ "key": "Content-Security-'),
      '{ "key": "X-Frame-Options", "value": "DENY" }',
    ],
    [
      "password-reset-without-new-password",
      "src/pages/Forgot.tsx",
      long("resetPasswordForEmail updateUser({ "),
      "await supabase.auth.resetPasswordForEmail(email);",
    ],
  ];

  it.each(cases)("%s: %s", (ruleId, path, hostile, real) => {
    expect(placesOf({ [path]: `${hostile}\n${real}\n` }, ruleId)).toEqual([[path, 2]]);
  });
});
