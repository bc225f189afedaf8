import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect, type ReactNode } from "react";

import { useFocusRefusedForm } from "~/components/field";
import { TypedNotSaved } from "~/components/tab-error";
import stylesheet from "~/styles/app.css";
import evidenceStylesheet from "~/styles/evidence.css";
import { getOptionalUser } from "~/auth/auth.server";
import { useNonce } from "~/utils/nonce";
import { goneKind, NO_ACCESS, typedBeforeGone, typedHandedOver } from "~/utils/gone";
import { errorTitle } from "~/utils/page-title";
import { revalidateUnlessQuietAutosave } from "~/utils/quiet-autosave";
import { useScrollCurrentIntoView } from "~/utils/scroll-current-into-view";

// The user in the header does not change when an answer is saved.
export const shouldRevalidate = revalidateUnlessQuietAutosave;

export { passErrorHeaders as headers } from "~/utils/headers";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "stylesheet", href: evidenceStylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

// An error page (a 404 for an unknown address, say) renders under the root alone: its title says
// what went wrong, not the home page's pitch.
export const meta: MetaFunction = ({ error }) => [
  {
    title: error
      ? `${errorTitle(error)} — Finishline`
      : "Finishline — get your AI-built app production-ready",
  },
  {
    name: "description",
    content:
      "Assess your AI-built MVP on the six production-readiness areas, see launch blockers and an honest effort range, and scope the work with your engineering partner.",
  },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getOptionalUser({ request, context });
  return { user: user ? { email: user.email, name: user.name } : null };
}

function Header() {
  const data = useRouteLoaderData<typeof loader>("root");
  const user = data?.user;
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link to={user ? "/engagements" : "/"} className="brand" aria-label="Finishline home">
          <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" className="brand__mark">
            <path d="M5 3v18" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
            <path d="M6 4h6v4H6zM12 8h6v4h-6zM6 12h6v0" fill="currentColor" />
            <path d="M6 4h12v8H6" fill="none" stroke="currentColor" strokeWidth="1.5" />
          </svg>
          Finishline
        </Link>
        <nav aria-label="Main" className="site-nav">
          {user ? (
            <>
              <NavLink to="/engagements" end>
                Projects
              </NavLink>
              <NavLink to="/account">Account</NavLink>
              <Form method="post" action="/logout" className="inline-form">
                <button type="submit" className="site-nav__button">
                  Log out
                </button>
              </Form>
            </>
          ) : (
            <>
              <NavLink to="/login">Log in</NavLink>
              <Link to="/signup" className="button button--primary button--small">
                Sign up
              </Link>
            </>
          )}
        </nav>
      </div>
    </header>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  // Says the page is interactive: the layout's effect runs once the whole tree has hydrated. The
  // browser tests wait for it (test/e2e/browser.ts, settled) instead of half a second of network
  // silence, which was most of their waiting.
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <Header />
        <main id="main" className="site-main">
          {children}
        </main>
        <RenderedLocation />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

/**
 * Marks `<html data-location>` with the key of the location React has committed. Remix renders a
 * navigation in a transition, so the router reports "idle" a moment before the new page is on the
 * screen; the browser tests wait for this mark (test/e2e/browser.ts, settled) instead of reading
 * the page before it changed.
 */
function RenderedLocation() {
  const { key } = useLocation();
  useEffect(() => {
    document.documentElement.dataset.location = key;
  }, [key]);
  return null;
}

export default function App() {
  useScrollCurrentIntoView();
  useFocusRefusedForm();
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const signedIn = Boolean(useRouteLoaderData<typeof loader>("root")?.user);
  const { key } = useLocation();
  // A project this person may not open (removed from it, deleted, or never theirs: one answer for
  // all, so nothing leaks): the way on is their other projects, not back into this one. Answering a
  // save, it shows what the save carried (its own 404's, or handed over by the tab it failed in).
  if (goneKind(error) === "project") {
    const typed = typedBeforeGone(error);
    return (
      <div className="container narrow error-page">
        <p className="eyebrow">Error 404</p>
        <h1>No access to this project</h1>
        <p className="muted">
          {NO_ACCESS} If you were removed by mistake, a founder of the project can invite you again.
        </p>
        <p>
          <Link to="/engagements" className="button button--secondary">
            My projects
          </Link>
        </p>
        <TypedNotSaved typed={typed.length > 0 ? typed : typedHandedOver(key)} heading="h2" />
      </div>
    );
  }
  if (isRouteErrorResponse(error)) {
    const title =
      error.status === 404
        ? "We can't find that page"
        : error.status === 403
          ? "You don't have access to that"
          : error.status === 429
            ? "Too many attempts"
            : "Something went wrong";
    // Someone signed in is most likely on their way to a project of theirs.
    const projects = error.status === 404 && signedIn;
    return (
      <div className="container narrow error-page">
        <p className="eyebrow">Error {error.status}</p>
        <h1>{title}</h1>
        <p className="muted">
          {error.status === 404
            ? "The address may be wrong. If it was a project's page: you may have been removed from the project, or it was deleted."
            : typeof error.data === "string" && error.data
              ? error.data
              : "Please try again."}
        </p>
        <p>
          <Link to={projects ? "/engagements" : "/"} className="button button--secondary">
            {projects ? "My projects" : "Go to the home page"}
          </Link>
        </p>
      </div>
    );
  }
  return (
    <div className="container narrow error-page">
      <p className="eyebrow">Error</p>
      <h1>Something went wrong</h1>
      <p className="muted">We've logged it. Your saved work is safe; please try again.</p>
    </div>
  );
}
