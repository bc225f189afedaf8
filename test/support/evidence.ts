// Shared by the evidence tests: the real rules and question bank, and the expected results of the
// example repositories under test/fixtures/repos (the contract those fixtures exist to pin down).
import { loadEvidenceRulesDir } from "../../app/evidence/rules.server";
import type { EvidenceRule, EvidenceRuleSet } from "../../app/engine/evidence/types";

import { realContent } from "./content";

export function realRules(): EvidenceRuleSet {
  const result = loadEvidenceRulesDir("content", realContent());
  if (!result.ok)
    throw new Error("evidence rules are invalid: " + JSON.stringify(result.problems.slice(0, 3)));
  return result.ruleSet;
}

/** A made-up rule for engine tests: a medium-confidence match anywhere, unless overridden. */
export function rule(overrides: Partial<EvidenceRule>): EvidenceRule {
  return {
    id: "r",
    title: "R",
    kind: "match",
    files: ["**/*"],
    exclude: [],
    caseSensitive: false,
    secret: false,
    suggests: { question: "ops.automated-tests", option: "none" },
    confidence: "medium",
    explanation: "x",
    source: "evidence/test.yaml",
    ...overrides,
  };
}

/** What the AI-built example (Lovable-style Supabase + Stripe app with known flaws) must produce. */
export const AI_BUILT_SUGGESTIONS = [
  ["intake.backend", "supabase", "high"],
  ["intake.payment-provider", "stripe", "high"],
  ["auth.supabase-rls", "off", "medium"],
  ["auth.secrets-in-browser", "found", "high"],
  ["auth.user-content", "rendered", "medium"],
  ["payments.confirmation", "thank-you-page", "high"],
  ["payments.fulfilment", "unlock-without-paying", "medium"],
  ["data.server-checks", "injection", "medium"],
  ["ops.automated-tests", "none", "medium"],
] as const;

/**
 * Questions the AI-built example has evidence about that suggests no answer (notes): the code shows
 * something worth reading there, but not which option fits ("no CI workflow" is not "we press Publish").
 */
export const AI_BUILT_NOTES = [
  ["auth.supabase-rls", ["supabase-rls-enabled"]],
  ["payments.double-charge", ["payment-without-idempotency-key"]],
  ["data.schema-changes", ["migrations-present"]],
  ["apis.cost-abuse", ["paid-api-without-limits"]],
  ["performance.images", ["image-unsized-or-eager"]],
  ["performance.long-lists", ["supabase-list-unbounded"]],
  ["ops.security-scan", ["security-headers-absent"]],
  ["ops.deploy-process", ["ci-absent"]],
  ["ops.error-tracking", ["error-tracking-absent"]],
] as const;

/** Every finding in the AI-built example: rule, file and line. */
export const AI_BUILT_FINDINGS = [
  ["paid-api-without-limits", "src/lib/ai.ts", 1],
  ["raw-html-rendering", "src/components/ReviewCard.tsx", 2],
  ["sql-string-concatenation", "supabase/functions/order-report/index.ts", 7],
  ["tests-absent", null, null],
  ["ci-absent", null, null],
  ["error-tracking-absent", null, null],
  ["migrations-present", "supabase/migrations/20240601000000_init.sql", null],
  ["security-headers-absent", null, null],
  ["fulfilment-on-success-page", "src/pages/PaymentSuccess.tsx", 9],
  ["stripe-webhook-unverified", "supabase/functions/stripe-webhook/index.ts", 6],
  ["payment-without-idempotency-key", "src/pages/Checkout.tsx", 9],
  ["order-marked-paid-in-browser", "src/pages/PaymentSuccess.tsx", 9],
  ["image-unsized-or-eager", "src/components/ProductGrid.tsx", 16],
  ["supabase-list-unbounded", "src/components/ProductGrid.tsx", 10],
  ["service-role-in-client", "src/lib/admin.ts", 6],
  ["provider-secret-in-client", "src/lib/ai.ts", 4],
  ["secret-behind-public-name", ".env", 4],
  ["secret-behind-public-name", "src/pages/Checkout.tsx", 4],
  ["stripe-server-library-in-client", "src/pages/Checkout.tsx", 1],
  ["service-role-jwt-in-repo", ".env", 5],
  ["uses-supabase", "package.json", 11],
  ["uses-stripe", "package.json", 12],
  ["supabase-table-without-rls", "supabase/migrations/20240601000000_init.sql", 10],
  ["supabase-permissive-policy", "supabase/migrations/20240601000000_init.sql", 8],
  ["supabase-rls-enabled", "supabase/migrations/20240601000000_init.sql", 7],
] as const;

/** What the clean example (the same kind of app, done right) must produce. */
export const CLEAN_SUGGESTIONS = [
  ["intake.backend", "supabase", "high"],
  ["intake.payment-provider", "stripe", "high"],
] as const;

/**
 * The clean example's good practices: notes, since none proves the best option (tested, alerted…).
 * It sets no security headers either (a Vite app with no host configuration): a note too.
 */
export const CLEAN_NOTES = [
  ["auth.supabase-rls", ["supabase-rls-enabled"]],
  ["payments.confirmation", ["stripe-webhook-verified"]],
  ["payments.double-charge", ["payment-with-idempotency-key"]],
  ["data.schema-changes", ["migrations-present"]],
  ["apis.cost-abuse", ["paid-api-with-limits"]],
  ["ops.security-scan", ["security-headers-absent"]],
  ["ops.deploy-process", ["ci-runs-tests"]],
  ["ops.automated-tests", ["tests-present"]],
  ["ops.error-tracking", ["error-tracking-present"]],
] as const;

/** Secret values planted in the AI-built example: none may appear in any output. */
export const PLANTED_SECRETS = [
  "sk_live_FIXTUREnotARealKey0000000000",
  "sk-proj-FIXTUREnotARealKeyFIXTUREnotARealKey0000",
  "fakeSignatureNotARealKey0123456789abcdef",
];
