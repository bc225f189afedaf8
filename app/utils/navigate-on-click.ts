import { useNavigate } from "@remix-run/react";
import { useCallback, type MouseEvent } from "react";

/**
 * A click handler that turns a plain `<a href>` into a client-side navigation, like Remix's <Link>.
 *
 * Why not <Link>/<NavLink>: each one resolves its path against the route matches while rendering,
 * about 50 µs apiece on the server; the engagement tabs and the assessment sidebar alone are 15 of
 * them on every engagement page (measured: a fifth of a page's render). One shared handler costs
 * nothing per link. Without JavaScript, or with a modifier key, the anchor behaves as an anchor.
 */
export function useNavigateOnClick() {
  const navigate = useNavigate();
  return useCallback(
    (event: MouseEvent<HTMLAnchorElement>) => {
      const link = event.currentTarget;
      if (
        event.defaultPrevented ||
        event.button !== 0 ||
        event.metaKey ||
        event.ctrlKey ||
        event.shiftKey ||
        event.altKey ||
        (link.target && link.target !== "_self") ||
        link.hasAttribute("download") ||
        link.origin !== window.location.origin
      ) {
        return;
      }
      event.preventDefault();
      navigate(`${link.pathname}${link.search}${link.hash}`);
    },
    [navigate],
  );
}

/** What NavLink would say about a link to `to` from `pathname`: the current page, or inside it. */
export function isActivePath(pathname: string, to: string, end = false): boolean {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  return path === to || (!end && path.startsWith(`${to}/`));
}
