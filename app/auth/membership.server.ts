import { getEngagementForMember } from "~/models/engagement.server";
import { can, type Permission } from "~/auth/permissions";

import { requireUser } from "./auth.server";
import { oncePerRequest, type RequestArgs } from "../utils/request-memo.server";

export function notFound(message = "Not found"): Response {
  return new Response(message, { status: 404 });
}

/**
 * The caller must be signed in (else redirect to login) and a member of the engagement. Non-members
 * get 404, never 403, so engagement ids do not leak. A member without `permission` gets 403.
 */
export async function requireMember(
  args: RequestArgs,
  engagementId: string | undefined,
  permission: Permission = "view",
) {
  const user = await requireUser(args);
  if (!engagementId) throw notFound();
  // The layout and the page both check: one query per request.
  const found = await oncePerRequest(args, `member ${engagementId} ${user.id}`, () =>
    getEngagementForMember({ engagementId, userId: user.id }),
  );
  if (!found) throw notFound();
  if (!can(found.role, permission)) {
    throw new Response("Your role on this engagement cannot do that.", { status: 403 });
  }
  return { user, engagement: found.engagement, role: found.role };
}
