import { getEngagementForMember } from "~/models/engagement.server";
import { can, type Permission } from "~/utils/permissions";

import { requireUser } from "./auth.server";

export function notFound(message = "Not found"): Response {
  return new Response(message, { status: 404 });
}

// A page's layout and route loaders all check membership; query it once per request.
const memberMemo = new WeakMap<Request, Map<string, ReturnType<typeof getEngagementForMember>>>();

function memberOnce(request: Request, engagementId: string, userId: string) {
  let byEngagement = memberMemo.get(request);
  if (!byEngagement) memberMemo.set(request, (byEngagement = new Map()));
  const key = `${engagementId}:${userId}`;
  let pending = byEngagement.get(key);
  if (!pending) byEngagement.set(key, (pending = getEngagementForMember({ engagementId, userId })));
  return pending;
}

/**
 * The caller must be signed in (else redirect to login) and a member of the engagement. Non-members
 * get 404, never 403, so engagement ids do not leak. A member without `permission` gets 403.
 */
export async function requireMember(
  request: Request,
  engagementId: string | undefined,
  permission: Permission = "view",
) {
  const user = await requireUser(request);
  if (!engagementId) throw notFound();
  const found = await memberOnce(request, engagementId, user.id);
  if (!found) throw notFound();
  if (!can(found.role, permission)) {
    throw new Response("Your role on this engagement cannot do that.", { status: 403 });
  }
  return { user, engagement: found.engagement, role: found.role };
}
