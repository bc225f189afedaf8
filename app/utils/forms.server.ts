import { parseWithZod } from "@conform-to/zod";
import { data } from "@remix-run/node";
import { z } from "zod";

import { MAX_FORM_FIELDS, TOO_MANY_FIELDS } from "./form-limits";

export type FieldErrors = Record<string, string[] | undefined>;
type FormFailure = { ok: false; fieldErrors: FieldErrors; formError?: string };

/** The longest field name: Finishline's are a few words and an id (question ids are at most 120). */
const MAX_FIELD_NAME = 300;
const ODD_FIELD = "This form has a field Finishline forms do not send.";

/**
 * Whether a form is one Finishline could have sent, checked in one pass before Conform sees it;
 * the reason it is refused, or null. Conform's parsing is quadratic in the repeats of one name (it
 * copies the array for each), builds an array as long as the largest index in a name
 * (`dependsOn[300000]`) for zod to walk, and JSON-parses the values of its reserved names
 * (`__intent__`, `__state__`), throwing on anything else. So: at most MAX_FORM_FIELDS fields, no
 * index above that, no overlong name, and not Conform's reserved names (no Finishline form uses
 * Conform's client side, which is what sends them).
 */
export function refuseOddForm(formData: FormData): string | null {
  let count = 0;
  for (const [name] of formData) {
    if (++count > MAX_FORM_FIELDS) return TOO_MANY_FIELDS;
    if (name.length > MAX_FIELD_NAME || name === "__intent__" || name === "__state__") return ODD_FIELD;
    if (name.includes("[")) {
      for (const [, index] of name.matchAll(/\[(\d*)\]/g)) {
        // Leading zeros and all: more digits than the cap has is over it.
        if (index.length > String(MAX_FORM_FIELDS).length || Number(index) > MAX_FORM_FIELDS)
          return ODD_FIELD;
      }
    }
  }
  return null;
}

/** What a form gets that our pages could not have sent: a field twice, an intent that is not one. */
const FORM_UNREADABLE = "This form could not be read. Reload the page and try again.";

/**
 * Issues a form from our pages cannot cause, whose zod wording would otherwise reach the page
 * ("Expected string, received array" for a field sent twice, "Invalid discriminator value.
 * Expected 'invite' | 'revoke' | …", which lists the hidden intents). A field left empty
 * (received undefined) keeps its "required" message. Only zod's own wording is replaced: a message
 * the schema gives (required_error, invalid_type_error, an enum's errorMap) is kept, and so is any
 * message written in a check (`.min(1, "…")`), which zod applies before any error map.
 */
const unreadableForm: z.ZodErrorMap = (issue, ctx) => {
  const zodWording = z.defaultErrorMap(issue, { data: ctx.data, defaultError: "" }).message;
  if (ctx.defaultError !== zodWording) return { message: ctx.defaultError };
  const fromNoForm =
    (issue.code === z.ZodIssueCode.invalid_type && issue.received !== z.ZodParsedType.undefined) ||
    issue.code === z.ZodIssueCode.invalid_union_discriminator ||
    issue.code === z.ZodIssueCode.invalid_union ||
    issue.code === z.ZodIssueCode.invalid_literal ||
    issue.code === z.ZodIssueCode.invalid_enum_value ||
    issue.code === z.ZodIssueCode.unrecognized_keys;
  return { message: fromNoForm ? FORM_UNREADABLE : ctx.defaultError };
};

/** Conform's parseWithZod, after refuseOddForm: every form parsed by Conform goes through here. */
export function parseWithConform<Schema extends z.ZodTypeAny>(formData: FormData, schema: Schema) {
  const refused = refuseOddForm(formData);
  if (refused) return { status: "error" as const, error: { form: [refused] } as Record<string, string[]> };
  return parseWithZod(formData, { schema, errorMap: unreadableForm });
}

/**
 * Parses a submission with zod (via Conform, which handles empty strings, numbers and repeated
 * fields the way HTML forms send them). On failure returns field errors to send back with 400.
 */
export function parseForm<Schema extends z.ZodTypeAny>(
  formData: FormData,
  schema: Schema,
): { ok: true; value: z.output<Schema> } | FormFailure {
  const submission = parseWithConform(formData, schema);
  if (submission.status === "success") return { ok: true, value: submission.value };
  // Keys are field names from the request ("__proto__" included): a null-prototype object stores
  // them as data, where a plain one would set or read its prototype.
  const fieldErrors: FieldErrors = Object.create(null);
  for (const [key, messages] of Object.entries(submission.error ?? {})) {
    // A form that could not be read is said once, for the whole form, as refuseOddForm's
    // refusals are: beside one field it would read as that field's fault.
    if (messages?.includes(FORM_UNREADABLE)) return { ok: false, fieldErrors: { form: [FORM_UNREADABLE] } };
    if (messages && messages.length > 0) fieldErrors[key || "form"] = messages;
  }
  return { ok: false, fieldErrors };
}

/**
 * What a refused form posted, to be shown again: without JavaScript the page is rendered afresh and
 * would otherwise show the stored values, losing what was typed. First value of each field (the
 * forms that send repeated fields, tick boxes, keep those in their own state).
 *
 * `only` names the fields to send back, for a form with a password or a code in it: those never go
 * back into the page (the action's answer is also written into it, for hydration).
 */
export function postedValues(formData: FormData, only?: readonly string[]): Record<string, string> {
  // Field names come from the request: no prototype to read or write through.
  const out: Record<string, string> = Object.create(null);
  for (const [name, value] of formData) {
    if (typeof value !== "string" || name in out || (only && !only.includes(name))) continue;
    out[name] = value;
  }
  return out;
}

export function badRequest<Extra extends object = object>(failure: Omit<FormFailure, "ok"> & Extra) {
  return data({ ok: false as const, ...failure }, { status: 400 });
}

/**
 * A form refused because what it showed changed meanwhile (another tab, another member): 409, answered
 * like a refused form, with nothing changed. The message says who changed what, and the form keeps
 * what was typed (`values` or `typed`), so saving again is a choice, not a retype.
 */
export function conflict<Extra extends object = object>(failure: Omit<FormFailure, "ok"> & Extra) {
  return data({ ok: false as const, ...failure }, { status: 409 });
}

/**
 * A form refused by a rate limit: 429 with Retry-After, answered like any refused form (the page and
 * its form are still there, with `values`), the message said for the whole form. The message says
 * how long to wait (inWaitWords). The route passes Retry-After on with `headers = passErrorHeaders`.
 */
export function tooManyAttempts<Values extends Record<string, string>>({
  message,
  retryAfter,
  values,
}: {
  message: string;
  retryAfter: number;
  values: Values;
}) {
  return data(
    { ok: false as const, fieldErrors: { form: [message] } as FieldErrors, values },
    { status: 429, headers: { "Retry-After": String(Math.max(1, Math.ceil(retryAfter))) } },
  );
}

/**
 * A number typed into a form as a plain decimal: digits, optionally a point and up to `places`
 * decimals. Refuses what Number() would otherwise accept: "1e-7", "1e-300", "0x10", "Infinity"
 * (" 7 " is trimmed). For Conform, which passes strings through for string schemas.
 */
export function decimal({
  message,
  min,
  max,
  places,
}: {
  message: string;
  min: [number, string];
  max: [number, string];
  places: number;
}) {
  // A sign is read, so "-5" gets the minimum's message rather than "enter a number"; too many
  // decimals or digits get their own message, not "enter a number" for what plainly is one.
  const tooPrecise =
    places === 0
      ? message
      : places === 1
        ? "Use at most one decimal place."
        : `Use at most ${places} decimal places.`;
  return (
    z
      .string({ required_error: message, invalid_type_error: message })
      .trim()
      .regex(/^-?\d+(\.\d+)?$/, message)
      .refine((s) => (s.split(".")[1] ?? "").length <= places, tooPrecise)
      // Nine digits keep Number() exact and far from the limits; more is over any maximum here.
      .refine((s) => s.replace("-", "").split(".")[0].length <= 9, max[1])
      .transform(Number)
      .pipe(z.number().min(min[0], min[1]).max(max[0], max[1]))
  );
}
