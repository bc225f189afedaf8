import {
  isRouteErrorResponse,
  Link,
  useLocation,
  useParams,
  useRevalidator,
  useRouteError,
} from "@remix-run/react";
import { useEffect, useRef } from "react";

import { goneKind, handOverTyped, NO_ACCESS, typedBeforeGone, type TypedText } from "~/utils/gone";

/**
 * The error boundary of every tab inside an engagement. It renders in the tab's place, so the
 * engagement's name and tabs stay and the founder can go on to another tab; only a failure of the
 * engagement itself (not a member: 404) reaches the root boundary.
 */
export function TabError() {
  const error = useRouteError();
  const { id } = useParams();
  const gone = goneKind(error);
  const typed = typedBeforeGone(error);
  const { key } = useLocation();
  const revalidator = useRevalidator();
  const asked = useRef(false);
  // The project itself is gone for this person (removed from it, or it was deleted) while its page
  // was open: a tab's load or save says so first, but the project's name, role and tabs above are
  // from before and lead nowhere. Loading the page again runs the project's own check, whose 404
  // (the same) the root's boundary then shows in place of all of it. Once: if the project opens
  // after all, the tab shows what it has. That page answers a GET and so carries nothing typed: what
  // the refused save carried is handed over to it (gone.ts).
  useEffect(() => {
    if (gone !== "project" || asked.current) return;
    asked.current = true;
    handOverTyped(key, typed);
    revalidator.revalidate();
  }, [gone, key, typed, revalidator]);
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const title =
    gone === "project"
      ? "No access to this project"
      : gone === "plan-item"
        ? "We can't find that item"
        : status === 404
          ? "We can't find that"
          : status === 403
            ? "Your role can't open this"
            : status === 429
              ? "Too many attempts"
              : "This part of the project could not be shown";
  // A bare "Not found" (what most 404s carry) would only repeat the title.
  const detail =
    gone === "project"
      ? NO_ACCESS
      : isRouteErrorResponse(error) &&
          typeof error.data === "string" &&
          error.data &&
          error.data !== "Not found"
        ? error.data
        : status === 404
          ? "It may have been removed, or the address is wrong."
          : status >= 500
            ? "We've logged it. Your saved work is safe; the other tabs still work."
            : "Please try again.";
  // Where to go on: the overview, unless that is gone too (then My projects), or the plan for an
  // item no longer in it.
  const next =
    gone === "project"
      ? { to: "/engagements", label: "My projects" }
      : id && gone === "plan-item"
        ? { to: `/engagements/${id}/plan`, label: "Back to the plan" }
        : id
          ? { to: `/engagements/${id}`, label: "Back to the overview" }
          : null;
  return (
    <section className="card stack tab-error" aria-labelledby="tab-error-heading">
      {/* What went wrong is announced (a tab that fails after a click); the way out is not. */}
      <div className="stack" role="alert">
        <p className="eyebrow">{status >= 500 ? "Error" : `Error ${status}`}</p>
        <h2 id="tab-error-heading">{title}</h2>
        <p className="muted">{detail}</p>
      </div>
      {next ? (
        <p>
          <Link to={next.to} className="button button--secondary">
            {next.label}
          </Link>
        </p>
      ) : null}
      <TypedNotSaved typed={typed} heading="h3" />
    </section>
  );
}

/**
 * What a save refused with "no access" carried, shown to copy: the member removed (or the project
 * deleted) while they typed keeps their words. Read-only boxes, so the text can be selected whole
 * and keeps its lines. Only the sender's own post is ever in `typed` (requireMember).
 */
export function TypedNotSaved({ typed, heading: Heading }: { typed: TypedText[]; heading: "h2" | "h3" }) {
  if (typed.length === 0) return null;
  return (
    <section className="stack typed-not-saved" aria-labelledby="typed-not-saved-heading">
      <Heading id="typed-not-saved-heading">What you typed (not saved)</Heading>
      <p className="muted">It was not saved and is not kept anywhere: copy it before you leave this page.</p>
      {typed.map((t, i) => (
        <div className="field" key={i}>
          <label htmlFor={`typed-not-saved-${i}`}>{t.label}</label>
          <textarea
            id={`typed-not-saved-${i}`}
            readOnly
            value={t.text}
            rows={Math.min(12, Math.max(2, t.text.split("\n").length))}
          />
        </div>
      ))}
    </section>
  );
}

/**
 * Headers for a tab's error page: those of the thrown Response (429's Retry-After), which Remix
 * drops for a route without a `headers` export once the error renders in that route's boundary.
 */
export { passErrorHeaders as tabHeaders } from "~/utils/headers";
