import { parseWithZod } from "@conform-to/zod";
import { data } from "@remix-run/node";
import type { z } from "zod";

export type FieldErrors = Record<string, string[] | undefined>;
export type FormFailure = { ok: false; fieldErrors: FieldErrors; formError?: string };

/**
 * Parses a submission with zod (via Conform, which handles empty strings, numbers and repeated
 * fields the way HTML forms send them). On failure returns field errors to send back with 400.
 */
export function parseForm<Schema extends z.ZodTypeAny>(
  formData: FormData,
  schema: Schema,
): { ok: true; value: z.output<Schema> } | FormFailure {
  const submission = parseWithZod(formData, { schema });
  if (submission.status === "success") return { ok: true, value: submission.value };
  const fieldErrors: FieldErrors = {};
  for (const [key, messages] of Object.entries(submission.error ?? {})) {
    if (messages && messages.length > 0) fieldErrors[key || "form"] = messages;
  }
  return { ok: false, fieldErrors };
}

export function badRequest(failure: Omit<FormFailure, "ok"> & { values?: Record<string, unknown> }) {
  return data({ ok: false as const, ...failure }, { status: 400 });
}
