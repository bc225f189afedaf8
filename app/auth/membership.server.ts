import { redirect } from "@remix-run/node";

import { getContent } from "~/models/content.server";
import { getEngagementForMember } from "~/models/engagement.server";
import { hasTwoStep } from "~/models/two-step.server";
import { can, type Permission } from "~/auth/permissions";
import { NO_ACCESS, typedIn, type NoAccessData } from "~/utils/gone";

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
  if (!engagementId) throw await noAccess(args.request);
  // The layout and the page both check: one query per request.
  const found = await oncePerRequest(args, `member ${engagementId} ${user.id}`, () =>
    getEngagementForMember({ engagementId, userId: user.id }),
  );
  if (!found) throw await noAccess(args.request);
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

/**
 * requireMember's 404. Answering a post, it also carries the free text the post itself carried (a
 * comment, a note, a proposal's terms…), so the error page can show it to copy: a member removed,
 * or a project deleted, while they were typing does not lose it (gone.ts, typedIn). Only what the
 * sender sent is echoed, so a stranger posting the same gets the same page and learns nothing. A
 * GET, or a post with nothing worth showing again, gets the bare text as before.
 */
async function noAccess(request: Request): Promise<Response> {
  const typed = typedIn(await postedFields(request), (id) => getContent().questionsById.get(id)?.prompt);
  if (typed.length === 0) return notFound(NO_ACCESS);
  const data: NoAccessData = { message: NO_ACCESS, typed };
  return new Response(JSON.stringify(data), {
    status: 404,
    headers: { "Content-Type": "application/json; charset=utf-8" },
  });
}

/** Form bodies larger than this are not read again to show what was typed. */
const TYPED_BODY_LIMIT = 256 * 1024;

/**
 * The fields of a posted form, read from a copy of the request (the action has not read the body
 * yet: requireMember comes first). Only a url-encoded form, the only body the forms outside the two
 * upload routes may send (server/body-limits.ts): a multipart post is an upload (code evidence, an
 * import), streamed from the socket to its route and never read here. At most TYPED_BODY_LIMIT
 * bytes; beyond that, or on any trouble, nothing.
 */
async function postedFields(request: Request): Promise<Array<[string, string]>> {
  const read = readForms.get(request);
  if (read) return [...read].flatMap(([name, value]) => (typeof value === "string" ? [[name, value]] : []));
  if (request.method !== "POST" || request.bodyUsed || !request.body) return [];
  const type = request.headers.get("Content-Type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") return [];
  const declared = Number(request.headers.get("Content-Length") ?? 0);
  if (!(declared <= TYPED_BODY_LIMIT)) return [];
  try {
    const reader = request.clone().body!.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > TYPED_BODY_LIMIT) {
        // Not awaited: a copy's cancel settles only once the original is cancelled too.
        reader.cancel().catch(() => {});
        return [];
      }
      chunks.push(value);
    }
    return [...new URLSearchParams(Buffer.concat(chunks).toString("utf8"))];
  } catch {
    return [];
  }
}

const readForms = new WeakMap<Request, FormData>();

/**
 * The posted form, for an action that reads it before requireMember because its intent decides the
 * permission to ask for (a comment, leaving a project). Kept with the request, so requireMember's 404
 * still shows what was typed though the body has been read.
 */
export async function postedForm(request: Request): Promise<FormData> {
  const form = await request.formData();
  readForms.set(request, form);
  return form;
}
