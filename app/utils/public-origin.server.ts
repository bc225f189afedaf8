import { getEnv } from "~/env.server";

/**
 * The origin links in emails and invitations point at: APP_ORIGIN, which the environment requires
 * whenever email really goes out (SMTP_URL). Without SMTP_URL each email is only written to the
 * server's output, so the origin the request came to (its Host checked by server/host.ts) is safe.
 */
export function publicOrigin(request: Request): string {
  return new URL(getEnv().APP_ORIGIN ?? new URL(request.url).origin).origin;
}
