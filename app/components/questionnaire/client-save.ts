import type { ClientActionFunctionArgs } from "@remix-run/react";

/**
 * With JavaScript, saves go through here: a dropped connection becomes a "Not saved — retry" state on
 * the question instead of an error page, and so does a session that ended (QA pass 5, finding 1):
 * the server sends the save to the login page, and following it would leave the page and lose the
 * answer and note just typed. The question says so instead, and its answer stays on the page to
 * save once its author has logged in again. Other responses (redirects, 4xx) pass through untouched.
 */
export async function clientSaveAction({ serverAction }: ClientActionFunctionArgs) {
  try {
    return await serverAction();
  } catch (error) {
    // `reload: false`: nothing changed, and the page's loaders, run again, would send it to log in
    // all the same (revalidateUnlessQuietAutosave).
    if (error instanceof Response && isLoginRedirect(error))
      return { ok: false, signedOut: true, reload: false };
    if (error instanceof Response || (typeof error === "object" && error !== null && "status" in error))
      throw error;
    return { ok: false, offline: true };
  }
}

function isLoginRedirect(response: Response): boolean {
  const to = response.headers.get("Location");
  return response.status >= 300 && response.status < 400 && to !== null && /^\/login(\?|$)/.test(to);
}
