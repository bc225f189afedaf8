import type { MetaArgs, MetaDescriptor } from "@remix-run/node";
import { isRouteErrorResponse } from "@remix-run/react";

import type { loader as engagementLoader } from "~/routes/engagements.$id";

/** The loaders of the routes above a page inside an engagement, for its meta's `matches`. */
export type EngagementMatches = { "routes/engagements.$id": typeof engagementLoader };

/** What a page that failed is called in the tab's title: it says it is not there, not what it was. */
export function errorTitle(error: unknown): string {
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return status === 404
    ? "Not found"
    : status === 403
      ? "No access"
      : status === 429
        ? "Too many attempts"
        : "Something went wrong";
}

/**
 * The title of a page inside an engagement: where you are, most specific first, then the engagement
 * ("Payments · Assessment · BakeBook — Finishline"). Every tab had the engagement's name alone, so a
 * screen reader or a list of browser tabs could not tell them apart (WCAG 2.4.2). A page that failed
 * (its loader threw) starts with what went wrong; its own part, read from its data, is then missing.
 */
export function engagementTitle(
  { matches, error }: Pick<MetaArgs<unknown, EngagementMatches>, "matches" | "error">,
  ...where: Array<string | undefined>
): MetaDescriptor[] {
  const name = matches.find((m) => m.id === "routes/engagements.$id")?.data?.engagement.name;
  const parts = [error ? errorTitle(error) : undefined, ...where, name ?? "Project"];
  return [{ title: `${parts.filter(Boolean).join(" · ")} — Finishline` }];
}
