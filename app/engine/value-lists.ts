// The values a stored field may take, each list in one place. The database schema (db/schema.ts),
// the engine's types and every zod schema that accepts one of them (forms, import files, content)
// are built from these, so adding a value is one edit and a list cannot drift between layers. Kept
// free of imports: db/schema.ts and drizzle-kit load it as it is.

/** The tiers work is planned in: before launch, soon after, when growth calls for it. */
export const PHASES = ["launch-blocker", "hardening", "scale"] as const;
/** Where a plan item stands in the deal: suggested, agreed, left out, or for later. */
export const SCOPES = ["proposed", "included", "excluded", "deferred"] as const;
export const ITEM_STATUSES = ["todo", "in-progress", "done"] as const;
/** Who does a plan item: the engineering partner or the founder's own team. */
export const OWNERS = ["partner", "founder"] as const;
/** A member's role in an engagement (what each may do: app/auth/permissions.ts). */
export const ROLES = ["founder", "partner", "viewer"] as const;
