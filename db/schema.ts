import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

import { ITEM_STATUSES, OWNERS, PHASES, ROLES, SCOPES } from "../app/engine/value-lists";

// Timestamps are integer milliseconds since the epoch (UTC): sortable, cheap to compare, no TZ ambiguity.
const createdAt = () =>
  integer("created_at", { mode: "number" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    name: text("name").notNull().default(""),
    passwordHash: text("password_hash").notNull(),
    createdAt: createdAt(),
    passwordChangedAt: integer("password_changed_at", { mode: "number" }),
    /** Email when a proposal on one of the user's engagements is published or accepted. */
    notifyByEmail: integer("notify_by_email", { mode: "boolean" }).notNull().default(true),
    /**
     * Two-step login (docs/decisions/023-two-step-login.md): the TOTP secret in base32, set while
     * being set up and kept once confirmed; on only when `totpEnabledAt` is set.
     */
    totpSecret: text("totp_secret"),
    totpEnabledAt: integer("totp_enabled_at", { mode: "number" }),
    /** The 30-second step of the last code accepted: a code works once, never again. */
    totpLastStep: integer("totp_last_step", { mode: "number" }),
    /**
     * When the owner proved they read this address (the sign-up link, an email change, a password
     * reset opened from it): until then no notification is sent to it (decision 038).
     */
    emailConfirmedAt: integer("email_confirmed_at", { mode: "number" }),
  },
  (t) => [uniqueIndex("users_email_unique").on(t.email)],
);

/**
 * How a partner's company appears on the proposals they publish (decision 035): frozen into each
 * version at publish. Its own table, not columns of users: most accounts never have one, and the
 * default terms can be 5,000 characters that every signed-in request would otherwise read.
 */
export const partnerProfiles = sqliteTable("partner_profiles", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  company: text("company").notNull().default(""),
  website: text("website").notNull().default(""),
  addressLine: text("address_line").notNull().default(""),
  taxNote: text("tax_note").notNull().default(""),
  defaultTerms: text("default_terms").notNull().default(""),
  updatedAt: integer("updated_at", { mode: "number" }).notNull(),
});

export type ImportedProvenance = {
  at: number;
  by: string;
  publishedBy: string;
  acceptedBy: string | null;
  /** who withdrew it, as the file states it (decision 039); absent when it was not withdrawn */
  withdrawnBy?: string;
};

export const sessions = sqliteTable(
  "sessions",
  {
    // sha256 of the random cookie token: a leaked database does not hand out live sessions.
    idHash: text("id_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    lastSeenAt: integer("last_seen_at", { mode: "number" }).notNull(),
    expiresAt: integer("expires_at", { mode: "number" }).notNull(),
    userAgent: text("user_agent").notNull().default(""),
    ip: text("ip").notNull().default(""),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/**
 * Browsers that have signed in to an account (OWASP "device cookies"): a failed-login lockout of an
 * account applies to unknown browsers only, so a stranger cannot lock the owner out, and a browser
 * the owner asked to remember may skip the two-step code for a while.
 */
export const trustedDevices = sqliteTable(
  "trusted_devices",
  {
    // sha256 of the random cookie token, as for sessions
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    lastUsedAt: integer("last_used_at", { mode: "number" }).notNull(),
    // "Remember this browser" at the two-step code (decision 025): until then, the password alone
    // logs in from this browser. Null when the owner did not ask, or the browser was forgotten since.
    skipCodeUntil: integer("skip_code_until", { mode: "number" }),
  },
  (t) => [index("trusted_devices_user_idx").on(t.userId)],
);

/**
 * Links sent to reset a forgotten password: single use, short-lived, and only the sha256 of the
 * token stored, so a leaked database does not hand out password changes.
 */
export const passwordResets = sqliteTable(
  "password_resets",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    expiresAt: integer("expires_at", { mode: "number" }).notNull(),
    usedAt: integer("used_at", { mode: "number" }),
  },
  (t) => [index("password_resets_user_idx").on(t.userId)],
);

export const engagements = sqliteTable("engagements", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  description: text("description").notNull().default(""),
  // What the app is built with and how far along it is are intake answers (asked once, there).
  currency: text("currency").notNull().default("USD"),
  hourlyRate: real("hourly_rate").notNull().default(100),
  teamSize: integer("team_size").notNull().default(1),
  weeklyCapacity: real("weekly_capacity").notNull().default(30),
  contentVersion: text("content_version").notNull(),
  createdBy: text("created_by")
    .notNull()
    .references(() => users.id),
  createdAt: createdAt(),
  updatedAt: integer("updated_at", { mode: "number" }).notNull(),
  // Optimistic concurrency for settings edits.
  version: integer("version").notNull().default(1),
  /** Draft text for the next proposal, edited by the partner. */
  assumptions: text("assumptions").notNull().default(""),
  exclusions: text("exclusions").notNull().default(""),
  /** The partner's terms for the next proposal (payment, warranty, changes), kept from the last publish. */
  terms: text("terms").notNull().default(""),
  /**
   * The price model the next proposal starts from (decision 035), kept from the last publish like the
   * terms: "range" (estimate, time and materials), "fixed" or "capped", with the amount in whole units
   * of the engagement's currency for the last two.
   */
  priceModel: text("price_model", { enum: ["range", "fixed", "capped"] })
    .notNull()
    .default("range"),
  priceAmount: integer("price_amount"),
  /** Everyone on it must have two-step login on to open it (decision 023, set on the members page). */
  requireTwoStep: integer("require_two_step", { mode: "boolean" }).notNull().default(false),
});

export const memberships = sqliteTable(
  "memberships",
  {
    engagementId: text("engagement_id")
      .notNull()
      .references(() => engagements.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ROLES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.engagementId, t.userId] }), index("memberships_user_idx").on(t.userId)],
);

export const invitations = sqliteTable(
  "invitations",
  {
    id: text("id").primaryKey(),
    engagementId: text("engagement_id")
      .notNull()
      .references(() => engagements.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    expiresAt: integer("expires_at", { mode: "number" }).notNull(),
    usedAt: integer("used_at", { mode: "number" }),
    usedBy: text("used_by").references(() => users.id),
    revokedAt: integer("revoked_at", { mode: "number" }),
    // Who the founder meant the link for ("Sam at Acme Dev"): links carry no name, so this (with the
    // address below, when the link was emailed) is how two pending invitations of one role are told apart.
    note: text("note"),
    // The address the link was also emailed to, as typed (trimmed), or null when it was only shown.
    // Listed with the pending invitation to its founders; deleted with the engagement (cascade).
    email: text("email"),
  },
  (t) => [
    uniqueIndex("invitations_token_unique").on(t.tokenHash),
    index("invitations_engagement_idx").on(t.engagementId),
  ],
);

export const answers = sqliteTable(
  "answers",
  {
    engagementId: text("engagement_id")
      .notNull()
      .references(() => engagements.id, { onDelete: "cascade" }),
    questionId: text("question_id").notNull(),
    /** JSON: option id | option ids | number | text | "unsure" | "not-applicable" */
    value: text("value", { mode: "json" }).$type<string | string[] | number>().notNull(),
    notApplicableReason: text("not_applicable_reason"),
    note: text("note").notNull().default(""),
    contentVersion: text("content_version").notNull(),
    answeredBy: text("answered_by")
      .notNull()
      .references(() => users.id),
    answeredAt: integer("answered_at", { mode: "number" }).notNull(),
    /** Partner review: null | "verified" | "corrected" */
    review: text("review", { enum: ["verified", "corrected"] }),
    correctedValue: text("corrected_value", { mode: "json" }).$type<string | string[] | number>(),
    reviewNote: text("review_note"),
    reviewedBy: text("reviewed_by").references(() => users.id),
    reviewedAt: integer("reviewed_at", { mode: "number" }),
    version: integer("version").notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.engagementId, t.questionId] })],
);

export const activity = sqliteTable(
  "activity",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    engagementId: text("engagement_id")
      .notNull()
      .references(() => engagements.id, { onDelete: "cascade" }),
    userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
    kind: text("kind").notNull(),
    /** JSON detail for display ("answered auth.rls: no") */
    detail: text("detail", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("activity_engagement_idx").on(t.engagementId, t.createdAt)],
);

export const planItems = sqliteTable(
  "plan_items",
  {
    id: text("id").primaryKey(),
    engagementId: text("engagement_id")
      .notNull()
      .references(() => engagements.id, { onDelete: "cascade" }),
    /** content task id for generated items; null for custom items */
    taskId: text("task_id"),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    area: text("area").notNull(),
    phase: text("phase", { enum: PHASES }).notNull(),
    optimistic: real("optimistic").notNull(),
    likely: real("likely").notNull(),
    pessimistic: real("pessimistic").notNull(),
    /** why the partner changed the estimate (the history is in activity) */
    estimateReason: text("estimate_reason"),
    estimateEdited: integer("estimate_edited", { mode: "boolean" }).notNull().default(false),
    phaseEdited: integer("phase_edited", { mode: "boolean" }).notNull().default(false),
    /** proposed (new, undecided) | included | excluded | deferred */
    scope: text("scope", { enum: SCOPES }).notNull(),
    /**
     * why an item is excluded or deferred, in the partner's words, shown on the proposal; null when
     * none was given (the proposal then says something plain by phase) and whenever it is included
     */
    scopeReason: text("scope_reason"),
    /** the answers no longer trigger this generated task */
    stale: integer("stale", { mode: "boolean" }).notNull().default(false),
    owner: text("owner", { enum: OWNERS }).notNull().default("partner"),
    status: text("status", { enum: ITEM_STATUSES }).notNull().default("todo"),
    actualHours: real("actual_hours"),
    position: integer("position").notNull(),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "number" }).notNull(),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    index("plan_items_engagement_idx").on(t.engagementId, t.position),
    uniqueIndex("plan_items_task_unique").on(t.engagementId, t.taskId),
  ],
);

export const planItemDependencies = sqliteTable(
  "plan_item_dependencies",
  {
    itemId: text("item_id")
      .notNull()
      .references(() => planItems.id, { onDelete: "cascade" }),
    dependsOnId: text("depends_on_id")
      .notNull()
      .references(() => planItems.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.itemId, t.dependsOnId] }),
    index("plan_deps_target_idx").on(t.dependsOnId),
  ],
);

/**
 * Time the partner logged on a plan item, one dated entry each (decision 042): what they bill by
 * period. `plan_items.actual_hours` stays the item's total, kept equal to the sum of its entries in
 * the transaction that adds or removes one, so progress and the CSV read one number as before.
 */
export const timeEntries = sqliteTable(
  "time_entries",
  {
    id: text("id").primaryKey(),
    engagementId: text("engagement_id")
      .notNull()
      .references(() => engagements.id, { onDelete: "cascade" }),
    itemId: text("item_id")
      .notNull()
      .references(() => planItems.id, { onDelete: "cascade" }),
    /** who logged it (an imported entry: who imported it) */
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    /** the day the work was done, "2026-12-03" (UTC, as every date the app shows) */
    day: text("day").notNull(),
    /** in quarter hours, above 0 and at most 24 (entries from before them keep their two decimals) */
    hours: real("hours").notNull(),
    note: text("note").notNull().default(""),
    /**
     * What the entry is billed at, fixed when it is logged: the hourly rate and currency of the version
     * agreed then, and whether the item was the partner's in it (the founder's team's are not priced).
     * A later agreement at another rate does not reprice time already logged, or invoiced.
     */
    rate: real("rate").notNull(),
    currency: text("currency").notNull(),
    billable: integer("billable", { mode: "boolean" }).notNull(),
    createdAt: createdAt(),
    /**
     * Who last corrected its day, hours or note, and when (null if never corrected, or saved unchanged):
     * shown on the entry, as the feed only says it in passing. An imported entry: who imported it, at
     * the time the file says (the importer becomes its author too).
     */
    correctedBy: text("corrected_by").references(() => users.id),
    correctedAt: integer("corrected_at", { mode: "number" }),
  },
  (t) => [
    index("time_entries_engagement_day_idx").on(t.engagementId, t.day),
    index("time_entries_item_idx").on(t.itemId),
  ],
);

export const comments = sqliteTable(
  "comments",
  {
    id: text("id").primaryKey(),
    engagementId: text("engagement_id")
      .notNull()
      .references(() => engagements.id, { onDelete: "cascade" }),
    /** "plan-item" | "question" | "proposal" (target_id is then the version number) */
    targetType: text("target_type", { enum: ["plan-item", "question", "proposal"] }).notNull(),
    targetId: text("target_id").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    body: text("body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("comments_target_idx").on(t.engagementId, t.targetType, t.targetId)],
);

export const proposals = sqliteTable(
  "proposals",
  {
    id: text("id").primaryKey(),
    engagementId: text("engagement_id")
      .notNull()
      .references(() => engagements.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    /** immutable ProposalSnapshot (app/engine/proposal-types.ts) */
    snapshot: text("snapshot", { mode: "json" }).notNull(),
    /** sha256 of the snapshot JSON: cache key for its PDF */
    snapshotHash: text("snapshot_hash").notNull(),
    publishedBy: text("published_by")
      .notNull()
      .references(() => users.id),
    publishedAt: integer("published_at", { mode: "number" }).notNull(),
    acceptedBy: text("accepted_by").references(() => users.id),
    acceptedAt: integer("accepted_at", { mode: "number" }),
    /**
     * The partner took the offer back (decision 039): set once, on a version never accepted, and it
     * can then no longer be accepted. Not part of the snapshot, which stays as it was published.
     */
    withdrawnAt: integer("withdrawn_at", { mode: "number" }),
    withdrawnBy: text("withdrawn_by").references(() => users.id),
    /** the partner's one-line reason, "" when they gave none */
    withdrawReason: text("withdraw_reason"),
    /**
     * Set when the proposal came from an imported file: when and by whom it was imported, and who
     * published and accepted it according to the file (not people of this engagement). Null when it
     * was published here.
     */
    imported: text("imported", { mode: "json" }).$type<ImportedProvenance>(),
  },
  (t) => [uniqueIndex("proposals_number_unique").on(t.engagementId, t.number)],
);

export const milestones = sqliteTable(
  "milestones",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    engagementId: text("engagement_id")
      .notNull()
      .references(() => engagements.id, { onDelete: "cascade" }),
    /** what the snapshot marks: "proposal-published", "proposal-accepted", "reassessed" */
    kind: text("kind").notNull(),
    overallScore: real("overall_score"),
    /** { areaId: score } */
    areaScores: text("area_scores", { mode: "json" }).$type<Record<string, number | null>>().notNull(),
    hoursP50: real("hours_p50"),
    hoursP90: real("hours_p90"),
    createdAt: createdAt(),
  },
  (t) => [index("milestones_engagement_idx").on(t.engagementId, t.createdAt)],
);

/**
 * One scan of the engagement's code (an upload, or a scan file made by `npm run scan` and imported).
 * The code itself is never stored: only what the scan found, with secrets redacted.
 */
export const codeScans = sqliteTable(
  "code_scans",
  {
    id: text("id").primaryKey(),
    engagementId: text("engagement_id")
      .notNull()
      .references(() => engagements.id, { onDelete: "cascade" }),
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    source: text("source", { enum: ["upload", "import"] }).notNull(),
    /** the archive's or scan file's name, for people to recognise it */
    label: text("label").notNull(),
    rulesVersion: text("rules_version").notNull(),
    /** files seen / read / skipped, duration (ms) */
    stats: text("stats", { mode: "json" }).$type<Record<string, number>>().notNull(),
    /** Finding[] (app/engine/evidence/types.ts), excerpts redacted */
    findings: text("findings", { mode: "json" }).$type<unknown[]>().notNull(),
  },
  (t) => [index("code_scans_engagement_idx").on(t.engagementId, t.createdAt)],
);

/**
 * A suggested answer from a scan: one per question per scan. A person accepts or rejects it;
 * a newer scan supersedes the undecided ones. Accepted suggestions are the evidence behind answers.
 */
export const evidenceSuggestions = sqliteTable(
  "evidence_suggestions",
  {
    id: text("id").primaryKey(),
    engagementId: text("engagement_id")
      .notNull()
      .references(() => engagements.id, { onDelete: "cascade" }),
    scanId: text("scan_id")
      .notNull()
      .references(() => codeScans.id, { onDelete: "cascade" }),
    questionId: text("question_id").notNull(),
    optionId: text("option_id").notNull(),
    confidence: text("confidence", { enum: ["high", "medium", "low"] }).notNull(),
    /** the findings behind it (a copy: the evidence stays readable if rules change) */
    evidence: text("evidence", { mode: "json" }).$type<unknown[]>().notNull(),
    evidenceCount: integer("evidence_count").notNull(),
    status: text("status", { enum: ["pending", "accepted", "rejected", "superseded"] })
      .notNull()
      .default("pending"),
    decidedBy: text("decided_by").references(() => users.id),
    decidedAt: integer("decided_at", { mode: "number" }),
    createdAt: createdAt(),
  },
  (t) => [index("evidence_suggestions_question_idx").on(t.engagementId, t.questionId, t.status)],
);

/**
 * The rate limits' counters (rate-limiter-flexible's SQLite store, which reads and writes this table
 * by these names): in the database, not in memory, so every server process counts against the same
 * limits (docs/decisions/022-more-than-one-process.md). `expire` is epoch milliseconds; a row past it
 * counts as empty and the limiter deletes it within the hour.
 */
export const rateLimits = sqliteTable("rate_limits", {
  key: text("key").primaryKey(),
  points: integer("points").notNull().default(0),
  expire: integer("expire"),
});

/** Two-step login's recovery codes: ten, shown once, each good for one login; only the sha256 is kept. */
export const recoveryCodes = sqliteTable(
  "recovery_codes",
  {
    codeHash: text("code_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    usedAt: integer("used_at", { mode: "number" }),
  },
  (t) => [index("recovery_codes_user_idx").on(t.userId)],
);

/**
 * A login that passed the password and waits for the second step: the browser holds the token in a
 * cookie for a few minutes; only its sha256 is kept.
 */
export const loginChallenges = sqliteTable(
  "login_challenges",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    redirectTo: text("redirect_to").notNull(),
    /** wrong codes so far; the challenge goes at the fifth */
    failures: integer("failures").notNull().default(0),
    expiresAt: integer("expires_at", { mode: "number" }).notNull(),
  },
  (t) => [index("login_challenges_user_idx").on(t.userId)],
);

/**
 * A change of a user's email, waiting for the link sent to the new address (decision 024). Only the
 * link token's sha256 is kept; the newest request of a user is the only one that works.
 */
export const emailChanges = sqliteTable(
  "email_changes",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    newEmail: text("new_email").notNull(),
    expiresAt: integer("expires_at", { mode: "number" }).notNull(),
    usedAt: integer("used_at", { mode: "number" }),
  },
  (t) => [index("email_changes_user_idx").on(t.userId)],
);

/**
 * Links that confirm a user's current email (decision 038): only the token's sha256 is kept. The
 * address it was sent to is kept too, so a link cannot confirm an address it was not sent to.
 */
export const emailConfirmations = sqliteTable(
  "email_confirmations",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    createdAt: createdAt(),
    expiresAt: integer("expires_at", { mode: "number" }).notNull(),
    usedAt: integer("used_at", { mode: "number" }),
  },
  (t) => [index("email_confirmations_user_idx").on(t.userId)],
);
