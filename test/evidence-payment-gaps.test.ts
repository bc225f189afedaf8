// Two payment gaps a founder's own answers often hide, found in the code: checkout started with no
// code anywhere that takes the provider's payment events, and browser code that writes "paid" into
// the order itself. The real rules, the pure scanner.
import { describe, expect, it } from "vitest";

import { scanFiles } from "../app/engine/evidence/scan";
import { notesFrom, suggestAnswers } from "../app/engine/evidence/suggest";
import type { ScanFile } from "../app/engine/evidence/types";

import { realContent } from "./support/content";
import { realRules } from "./support/evidence";

const rules = realRules();
const content = realContent();

function scan(files: Record<string, string>) {
  const repo: ScanFile[] = Object.entries(files).map(([path, text]) => ({
    path,
    size: Buffer.byteLength(text),
    text,
  }));
  return scanFiles(repo, rules);
}

const placesOf = (files: Record<string, string>, ruleId: string) =>
  scan(files)
    .findings.filter((f) => f.ruleId === ruleId)
    .map((f) => [f.file, f.line]);

const lines = (...l: string[]) => l.join("\n") + "\n";

/** The shape of a Lovable export the founder audit built: checkout and the "paid" order from the browser. */
const browserCheckout = lines(
  'import Stripe from "stripe";',
  'import { supabase } from "../integrations/supabase/client";',
  "export default function Checkout() {",
  "  async function buy() {",
  '    const session = await stripe.checkout.sessions.create({ mode: "payment", success_url: "/success" });',
  '    await supabase.from("orders").insert({ status: "paid", session: session.id });',
  "    window.location.href = session.url!;",
  "  }",
  "}",
);

describe("checkout with no code taking the provider's payment events", () => {
  it("is noted at the checkout, for the founder to check how payments are confirmed", () => {
    const files = { "src/pages/Checkout.tsx": browserCheckout };
    expect(placesOf(files, "checkout-without-payment-events")).toEqual([["src/pages/Checkout.tsx", 5]]);
    const findings = scan(files).findings;
    // A webhook could live outside the repository: a note on the question, not an answer.
    expect(
      suggestAnswers(findings, content).find((s) => s.question === "payments.confirmation"),
    ).toBeUndefined();
    expect(notesFrom(findings, content).map((n) => n.question)).toContain("payments.confirmation");
  });

  it("stays silent when any file handles the events or checks their signature", () => {
    for (const handler of [
      'if (event.type === "checkout.session.completed") await fulfil(event.data.object);',
      "const event = stripe.webhooks.constructEvent(body, sig, secret);",
      'const signature = req.headers["stripe-signature"];',
    ]) {
      const files = {
        "src/pages/Checkout.tsx": browserCheckout,
        "supabase/functions/stripe-hook/index.ts": lines("serve(async (req) => {", `  ${handler}`, "});"),
      };
      expect(placesOf(files, "checkout-without-payment-events")).toEqual([]);
    }
  });

  it("counts a Python webhook handler as handling the events", () => {
    const files = {
      "src/pages/Checkout.tsx": browserCheckout,
      "api/stripe_hook.py": lines("event = stripe.Webhook.construct_event(payload, sig, secret)"),
    };
    expect(placesOf(files, "checkout-without-payment-events")).toEqual([]);
  });

  it("also finds a Payment Link or Stripe.js redirect", () => {
    const files = {
      "src/components/Buy.tsx": lines(
        'export const Buy = () => <a href="https://buy.stripe.com/test_123">Buy</a>;',
        "await stripe.redirectToCheckout({ sessionId });",
      ),
    };
    expect(placesOf(files, "checkout-without-payment-events")).toEqual([
      ["src/components/Buy.tsx", 1],
      ["src/components/Buy.tsx", 2],
    ]);
  });
});

describe("browser code that marks an order paid", () => {
  it("suggests that someone can get orders without paying, at the write", () => {
    const files = { "src/pages/Checkout.tsx": browserCheckout };
    expect(placesOf(files, "order-marked-paid-in-browser")).toEqual([["src/pages/Checkout.tsx", 6]]);
    const suggestion = suggestAnswers(scan(files).findings, content).find(
      (s) => s.question === "payments.fulfilment",
    );
    expect(suggestion && [suggestion.option, suggestion.confidence]).toEqual([
      "unlock-without-paying",
      "medium",
    ]);
  });

  it("finds Supabase updates and Firestore writes, over several lines", () => {
    const files = {
      "src/lib/orders.ts": lines(
        'import { loadStripe } from "@stripe/stripe-js";',
        "export async function markPaid(id: string) {",
        '  await supabase.from("orders").update({',
        "    payment_status: 'succeeded',",
        '  }).eq("id", id);',
        '  await updateDoc(doc(db, "orders", id), { paid: true });',
        "}",
      ),
    };
    expect(placesOf(files, "order-marked-paid-in-browser")).toEqual([
      ["src/lib/orders.ts", 3],
      ["src/lib/orders.ts", 6],
    ]);
  });

  it("leaves server code, webhooks and unrelated statuses alone", () => {
    const write = '  await supabase.from("orders").update({ status: "paid" }).eq("id", id);';
    const files = {
      // Server places and files that say they are server code.
      "supabase/functions/stripe-webhook/index.ts": lines("// stripe", write),
      "src/api/checkout.ts": lines("// stripe checkout", write),
      "app/routes/checkout.tsx": lines("// stripe", "export async function loader() {", write, "}"),
      "src/lib/pay.ts": lines('"use server";', "// stripe", write),
      "src/lib/admin.ts": lines("// stripe", "const key = process.env.STRIPE_SECRET_KEY;", write),
      // Not about payments at all, or not a payment status.
      "src/pages/Tasks.tsx": lines('await supabase.from("tasks").update({ status: "paid" });'),
      "src/pages/Orders.tsx": lines(
        "// checkout",
        'await supabase.from("orders").update({ status: "shipped" });',
      ),
    };
    expect(placesOf(files, "order-marked-paid-in-browser")).toEqual([]);
  });
});
