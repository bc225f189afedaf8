import type { ShouldRevalidateFunctionArgs } from "@remix-run/react";

/**
 * shouldRevalidate for the routes of a questionnaire page. An autosave whose action says `reload:
 * false` changed only its own field (an answer replaced by another, no progress count, visibility,
 * evidence or partner review affected): the field already shows it and has its new version from the
 * action, so no loader runs again. Everything else revalidates as Remix would.
 */
export function revalidateUnlessQuietAutosave({
  formData,
  actionResult,
  defaultShouldRevalidate,
}: ShouldRevalidateFunctionArgs): boolean {
  const quiet =
    formData?.get("intent") === "autosave" &&
    typeof actionResult === "object" &&
    actionResult !== null &&
    (actionResult as { reload?: unknown }).reload === false;
  return quiet ? false : defaultShouldRevalidate;
}
