import { redirect } from "@remix-run/node";

import { getEngagementForMember } from "~/models/engagement.server";
import { hasTwoStep } from "~/models/two-step.server";
import { can, type Permission } from "~/auth/permissions";
import { NO_ACCESS } from "~/utils/gone";

import { requireUser } from "./auth.server";
import { oncePerRequest, type RequestArgs } from "../utils/request-memo.server";

export function notFound(message = "Not found"): Response {
  return new Response(message, { status: 404 });
}

/**
 * The caller must be signed in (else redirect to login) and a member of the engagement. Non-members
 * get 404, never 403, so engagement ids do not leak. A member without `permission` gets 403. On an
 * engagement that requires two-step login, a member without it is redirected to set it up.
 */
export async function requireMember(
  args: RequestArgs,
  engagementId: string | undefined,
  permission: Permission = "view",
) {
  const user = await requireUser(args);
  // Said the same way to all (NO_ACCESS): a removed member, a deleted project, a stranger.
  if (!engagementId) throw notFound(NO_ACCESS);
  // The layout and the page both check: one query per request.
  const found = await oncePerRequest(args, `member ${engagementId} ${user.id}`, () =>
    getEngagementForMember({ engagementId, userId: user.id }),
  );
  if (!found) throw notFound(NO_ACCESS);
  // An engagement whose founders require two-step login opens only for members who have it on; the
  // others are sent to set it up, and come back (decision 023).
  if (found.engagement.requireTwoStep && !hasTwoStep(user.id)) {
    throw redirect(`/account/two-step?${new URLSearchParams({ for: found.engagement.id })}`);
  }
  if (!can(found.role, permission)) {
    throw new Response("Your role on this project cannot do that.", { status: 403 });
  }
  return { user, engagement: found.engagement, role: found.role };
}
