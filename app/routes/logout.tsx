import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";

import { endSessionAndRedirect } from "~/auth/auth.server";

// Logging out changes state, so it is POST only; a GET (a link, a prefetch) just goes home.
export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  return endSessionAndRedirect(request, "/");
}
