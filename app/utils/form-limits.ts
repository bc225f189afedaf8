// How many fields a form may send, for the HTTP layer (server/body-limits.ts) and the parse-level
// guard (refuseOddForm in forms.server.ts). No imports: the server entry bundles this file.

/**
 * The most fields one form may send (docs/decisions/032-bounded-form-parsing.md). The largest form
 * Finishline sends is the plan's estimates table: five fields a row (o, m, p, v, was) for each of at
 * most PLAN_BUDGET.items (200) items and a reason, 1,001 fields. Then the bulk scope form (200 ticked
 * items and 4 more), a questionnaire section (about 130 with every option ticked) and the review's
 * verify-selected (one per answer, under 100). 2,500 leaves room for all of them to grow 2.5 times,
 * and keeps Conform's quadratic handling of a repeated name to a few milliseconds.
 */
export const MAX_FORM_FIELDS = 2500;

export const TOO_MANY_FIELDS = "This form has more fields than any Finishline form sends.";
