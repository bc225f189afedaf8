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

/** Which of the two a thrown 404 is, or null for any other error. */
export function goneKind(error: unknown): "project" | "plan-item" | null {
  if (!isRouteErrorResponse(error) || error.status !== 404) return null;
  return error.data === NO_ACCESS ? "project" : error.data === ITEM_GONE ? "plan-item" : null;
}
