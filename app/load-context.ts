// What the Express server passes to every loader and action (see server/app.ts getLoadContext).
declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce: string;
    clientIp: string;
  }
  // Single Fetch typings for useLoaderData/useActionData.
  interface Future {
    v3_singleFetch: true;
  }
}

export {};
