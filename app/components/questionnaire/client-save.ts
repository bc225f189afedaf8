import type { ClientActionFunctionArgs } from "@remix-run/react";

/**
 * With JavaScript, saves go through here: a dropped connection becomes a "Not saved — retry" state on
 * the question instead of an error page. Responses (redirects, 4xx) pass through untouched.
 */
export async function clientSaveAction({ serverAction }: ClientActionFunctionArgs) {
  try {
    return await serverAction();
  } catch (error) {
    if (error instanceof Response || (typeof error === "object" && error !== null && "status" in error))
      throw error;
    return { ok: false, offline: true };
  }
}
