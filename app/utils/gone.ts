import { isRouteErrorResponse } from "@remix-run/react";

/**
 * The body of every 404 requireMember answers: not a member, a project deleted, an id that never
 * existed. One text for all three, so it tells nobody whether a project exists; to a member whose
 * tab was left open after they were removed, or the project deleted, it says what happened. The
 * error pages read it to lead to My projects instead of into the project (QA 6, finding 5).
 */
export const NO_ACCESS = "You no longer have access to this project, or it was deleted.";

/** The body of a plan item page's 404: the item went (a custom item deleted in another tab). */
export const ITEM_GONE = "This item is no longer in the plan: someone may have deleted it.";

/** One field of free text a refused post carried, to show again so it can be copied. */
export type TypedText = { label: string; text: string };

/**
 * The data of a NO_ACCESS 404 answering a post that carried free text: the same words, and the
 * sender's own text. Only what they sent, never anything read from the database, so a stranger
 * posting the same form to the same project id gets the very same page a removed member does.
 * A 404 with nothing worth showing again (every GET) keeps the bare NO_ACCESS text.
 */
export type NoAccessData = { message: typeof NO_ACCESS; typed: TypedText[] };

/** Which of the two a thrown 404 is, or null for any other error. */
export function goneKind(error: unknown): "project" | "plan-item" | null {
  if (!isRouteErrorResponse(error) || error.status !== 404) return null;
  if (error.data === NO_ACCESS || isNoAccessData(error.data)) return "project";
  return error.data === ITEM_GONE ? "plan-item" : null;
}

function isNoAccessData(data: unknown): data is NoAccessData {
  return (
    typeof data === "object" &&
    data !== null &&
    (data as { message?: unknown }).message === NO_ACCESS &&
    Array.isArray((data as { typed?: unknown }).typed)
  );
}

/** The free text a refused post carried (a NO_ACCESS 404's data), checked and capped again. */
export function typedBeforeGone(error: unknown): TypedText[] {
  if (!isRouteErrorResponse(error) || error.status !== 404 || !isNoAccessData(error.data)) return [];
  return capTyped(
    error.data.typed.filter(
      (t): t is TypedText =>
        typeof t === "object" && t !== null && typeof t.label === "string" && typeof t.text === "string",
    ),
  );
}

// A hostile post cannot make a huge page: this much, at most, is shown again.
export const TYPED_MAX_FIELDS = 20;
export const TYPED_MAX_CHARS = 20_000;
const TYPED_MIN_CHARS = 3;

/** The words for the free-text fields the app's forms post; any other shows its own name. */
const LABELS: Record<string, string> = {
  body: "Comment",
  note: "Note",
  answer: "Answer",
  assumptions: "Assumptions",
  exclusions: "Exclusions",
  terms: "Terms",
  defaultTerms: "Default terms",
  paymentPlan: "Payment plan",
  taxNote: "Tax note",
  title: "Title",
  description: "Description",
  reason: "Reason",
  scopeReason: "Reason for the scope",
  quote: "Quote",
  name: "Name",
  company: "Company",
  addressLine: "Address",
  website: "Website",
  confirm: "Confirmation",
};
/** Per-question fields of the questionnaire and its review ("note:intake.platforms"). */
const PREFIX_LABELS: Array<[string, string]> = [
  ["note:", "Note on"],
  ["a:", "Answer to"],
  ["na:", "Why it does not apply to"],
];

/**
 * Bookkeeping the forms send beside what was typed (hidden inputs, choices, ids) and anything that
 * must never be shown on a page again (passwords, codes, tokens).
 */
const HIDDEN_NAMES = new Set([
  "intent",
  "version",
  "basis",
  "q",
  "session",
  "from",
  "show",
  "returnTo",
  "redirectTo",
  "snapshotHash",
  "shownAt",
  "number",
  "dueDays",
  "viewport",
]);
const HIDDEN_PATTERNS = [
  /^_/, // _csrf, _action and the like
  /(^id|Id|_id|Ids|_ids|\.id)$/, // itemId, userId, questionId, entryId…
  /^(v|s):/, // the version of an answer, and what it was shown with
  /^(v|was|shown|ok)\./, // the estimates table's versions, old figures, item lists, ticks
  /pass(word)?|secret|token|csrf|nonce|otp|^code$/i,
];

// Control characters, except the tab and line feed that shape what was typed.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u2028-\u202E\u2066-\u2069\uFEFF]/g;

function labelOf(name: string, promptOf: (questionId: string) => string | undefined): string | null {
  if (Object.hasOwn(LABELS, name)) return LABELS[name]!;
  for (const [prefix, words] of PREFIX_LABELS) {
    if (name.startsWith(prefix) && name.length > prefix.length) {
      const id = name.slice(prefix.length);
      const prompt = promptOf(id);
      return `${words} ${prompt ? `“${prompt}”` : id}`;
    }
  }
  return null;
}

/**
 * What of a posted form is free text worth keeping, in the order sent, with a readable label: no
 * hidden bookkeeping, no secrets, nothing shorter than three characters, no bare numbers or dates,
 * and (for fields the app does not know as free text) no ids, tokens or choices' slugs. Capped.
 */
export function typedIn(
  fields: Iterable<[string, unknown]>,
  /** a question's prompt, to say which question a note was on (the bank is the same for everyone) */
  promptOf: (questionId: string) => string | undefined = () => undefined,
): TypedText[] {
  const typed: TypedText[] = [];
  let seen = 0;
  for (const [rawName, value] of fields) {
    // A hostile form of a million fields is not looked through to the end.
    if (++seen > 1000 || typed.length >= TYPED_MAX_FIELDS) break;
    if (typeof value !== "string") continue; // a file part
    const name = rawName.replace(CONTROL, "").slice(0, 100);
    // A question's own fields are known by their prefix, whatever its id ("auth.password-reset").
    const perQuestion = PREFIX_LABELS.some(([prefix]) => name.startsWith(prefix));
    if (!name || (!perQuestion && (HIDDEN_NAMES.has(name) || HIDDEN_PATTERNS.some((p) => p.test(name)))))
      continue;
    const text = value.replace(/\r\n?/g, "\n").replace(CONTROL, "").trim();
    if (text.length < TYPED_MIN_CHARS) continue;
    if (/^[\d\s.,:;+\-/%]*$/.test(text)) continue; // numbers, dates, figures
    // A choice's value ("planned", "hardening") or an id is not what anyone typed; in a field known
    // as free text, a single word still counts.
    if (
      !Object.hasOwn(LABELS, name) &&
      (/^[a-z0-9][a-z0-9._:-]*$/.test(text) || /^[A-Za-z0-9_-]{16,}$/.test(text))
    )
      continue;
    typed.push({ label: labelOf(name, promptOf) ?? name, text });
  }
  return capTyped(typed);
}

/** At most TYPED_MAX_FIELDS fields and TYPED_MAX_CHARS characters in all; a longer one is cut. */
function capTyped(typed: TypedText[]): TypedText[] {
  const kept: TypedText[] = [];
  let left = TYPED_MAX_CHARS;
  for (const { label, text } of typed.slice(0, TYPED_MAX_FIELDS)) {
    if (left <= 0) break;
    let cut = text;
    if (cut.length > left) {
      cut = cut.slice(0, left);
      // Not half of a character outside the Basic Multilingual Plane.
      if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
      cut += "…";
    }
    left -= cut.length;
    kept.push({ label: label.length > 120 ? `${label.slice(0, 119)}…` : label, text: cut });
  }
  return kept;
}

// A save sent by a fetcher fails inside its tab (TabError), which then loads the page again so the
// root's page says the project is gone: that page's 404 answers a GET and carries nothing typed.
// The tab hands what was typed over to it here, for the location it was typed at. Written only in
// the browser (from an effect), never on the server, where this module is shared by all requests.
let handedOver: { location: string; typed: TypedText[] } | null = null;

export function handOverTyped(location: string, typed: TypedText[]) {
  if (typed.length > 0) handedOver = { location, typed };
}

export function typedHandedOver(location: string): TypedText[] {
  return handedOver?.location === location ? handedOver.typed : [];
}
