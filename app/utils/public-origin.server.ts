import { getEnv } from "~/env.server";

/**
 * The origin links in emails and invitations point at: APP_ORIGIN behind a proxy, else the one the
 * request came to (its Host was validated before any route ran).
 */
export function publicOrigin(request: Request): string {
  return new URL(getEnv().APP_ORIGIN ?? new URL(request.url).origin).origin;
}
