import type { AppLoadContext } from "@remix-run/node";

/** What a loader or action gets that identifies one HTTP request. */
export type RequestArgs = { request: Request; context: AppLoadContext };

// A page runs several loaders (root, layouts, the page), and each asks who the user is and whether
// they are a member. Remix hands every loader its own copy of the Request, so the one object all of
// them share is the load context, made once per HTTP request in server/app.ts. Keyed by method too:
// an action's answers are never reused by the loaders that run after it (they see its changes).
const memos = new WeakMap<AppLoadContext, Map<string, unknown>>();

export function oncePerRequest<T>({ request, context }: RequestArgs, key: string, compute: () => T): T {
  let memo = memos.get(context);
  if (!memo) memos.set(context, (memo = new Map()));
  const fullKey = `${request.method} ${key}`;
  if (!memo.has(fullKey)) memo.set(fullKey, compute());
  return memo.get(fullKey) as T;
}
