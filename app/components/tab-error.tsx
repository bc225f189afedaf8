import { isRouteErrorResponse, Link, useParams, useRouteError } from "@remix-run/react";

/**
 * The error boundary of every tab inside an engagement. It renders in the tab's place, so the
 * engagement's name and tabs stay and the founder can go on to another tab; only a failure of the
 * engagement itself (not a member: 404) reaches the root boundary.
 */
export function TabError() {
  const error = useRouteError();
  const { id } = useParams();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const title =
    status === 404
      ? "We can't find that"
      : status === 403
        ? "Your role can't open this"
        : status === 429
          ? "Too many attempts"
          : "This part of the project could not be shown";
  // A bare "Not found" (what most 404s carry) would only repeat the title.
  const detail =
    isRouteErrorResponse(error) && typeof error.data === "string" && error.data && error.data !== "Not found"
      ? error.data
      : status === 404
        ? "It may have been removed, or the address is wrong."
        : status >= 500
          ? "We've logged it. Your saved work is safe; the other tabs still work."
          : "Please try again.";
  return (
    <section className="card stack tab-error" aria-labelledby="tab-error-heading">
      {/* What went wrong is announced (a tab that fails after a click); the way out is not. */}
      <div className="stack" role="alert">
        <p className="eyebrow">{status >= 500 ? "Error" : `Error ${status}`}</p>
        <h2 id="tab-error-heading">{title}</h2>
        <p className="muted">{detail}</p>
      </div>
      {id ? (
        <p>
          <Link to={`/engagements/${id}`} className="button button--secondary">
            Back to the overview
          </Link>
        </p>
      ) : null}
    </section>
  );
}

/**
 * Headers for a tab's error page: those of the thrown Response (429's Retry-After), which Remix
 * drops for a route without a `headers` export once the error renders in that route's boundary.
 */
export { passErrorHeaders as tabHeaders } from "~/utils/headers";
