// What the Express server passes to every loader and action (see server/app.ts getLoadContext).
declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce: string;
    clientIp: string;
    /** an upload that declared more bytes than its route takes; its body is not read (server/body-limits.ts) */
    bodyTooLarge?: boolean;
  }
  // Single Fetch typings for useLoaderData/useActionData.
  interface Future {
    v3_singleFetch: true;
  }
}

export {};
