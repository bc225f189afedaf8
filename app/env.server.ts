import { z } from "zod";

// Read once, validated once: a bad value stops the process at start with a clear message
// instead of failing on the first request that happens to touch it.
const booleanish = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const EnvFields = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_URL: z
    .string()
    .min(1)
    .default("data/finishline.db")
    .transform((v) => v.replace(/^file:/, "")),
  CONTENT_DIR: z.string().min(1).default("content"),
  SEED_DEMO: booleanish.default("true"),
  /** The demo accounts' password; unset, a random one is made and printed once in the log. */
  DEMO_PASSWORD: z.string().min(8).max(128).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /**
   * Public origin (https://finishline.example): what the CSRF origin check expects behind a proxy,
   * and where links in emails point. Required with SMTP_URL.
   */
  APP_ORIGIN: z.string().url().optional(),
  /** Number of proxy hops to trust for X-Forwarded-* (0 = none). */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 30)
    .default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(12),
  /**
   * Failed logins in a row per account and client before each further one doubles a wait; an IP may
   * fail 10× this many per 15 minutes (docs/decisions/007-login-throttling.md).
   */
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(5),
  /** Failed logins per account per hour from browsers never used with it, before those are refused. */
  LOGIN_ACCOUNT_LIMIT: z.coerce.number().int().min(1).max(100_000).default(100),
  SIGNUP_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(20),
  /** New passwords posted to password-reset links per IP per hour (docs/decisions/020-password-reset.md). */
  RESET_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(20),
  /** PDF renders per user per minute (rendering is the most expensive thing the server does). */
  PDF_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(20),
  /** Code scans (uploads and imports) per user per hour. */
  SCAN_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(10),
  /** Comments one person may post per 10 minutes, on every engagement together (plan items, proposals). */
  COMMENT_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(30),
  /**
   * Comment emails one person is sent per hour, from every thread and engagement together (on top of
   * one per thread per 10 minutes): a comment past it is only on the page.
   */
  COMMENT_MAIL_LIMIT: z.coerce.number().int().min(1).max(100_000).default(10),
  /**
   * Where email goes (reset links, security notices, invitations, proposals), as smtp:// or smtps://user:pass@host:port. Unset, each
   * email is written to the server's output instead: fine for a demo, not for production.
   */
  SMTP_URL: z
    .string()
    .url()
    .refine((v) => /^smtps?:\/\//.test(v), "SMTP_URL must start with smtp:// or smtps://")
    .optional(),
  /**
   * Server processes to run (node:cluster), one per core the server has to itself. Rate limits and
   * caches stay correct across them; PDF and scan workers are per process
   * (docs/decisions/022-more-than-one-process.md).
   */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  /** The sender of those emails. */
  MAIL_FROM: z.string().min(3).max(200).default("Finishline <no-reply@finishline.invalid>"),
});

const EnvSchema = EnvFields.superRefine((env, ctx) => {
  // Links in emails (password resets, invitations) must point at the address the operator chose.
  // Built from the request instead, anyone could ask for a reset of someone else's account with a
  // Host header of their own, and the owner would get a real token on a link to the asker's site.
  if (env.SMTP_URL && !env.APP_ORIGIN)
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ["APP_ORIGIN"],
      message:
        "required when SMTP_URL is set: links in emails must point at the app's public address (https://finishline.example), not at whatever Host a request names",
    });
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map(
      (issue) => `  ${issue.path.join(".") || "(env)"}: ${issue.message}`,
    );
    throw new Error(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
