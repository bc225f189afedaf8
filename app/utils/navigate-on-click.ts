import { useLocation, useNavigate } from "@remix-run/react";
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
function isActivePath(pathname: string, to: string, end: boolean): boolean {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  return path === to || (!end && path.startsWith(`${to}/`));
}

/**
 * Props for a navigation anchor, NavLink-style: the shared click handler, and the `active` class
 * plus `aria-current="page"` when `href` is the current page (or, unless `end`, contains it).
 */
export function useNavAnchor() {
  const { pathname } = useLocation();
  const onClick = useNavigateOnClick();
  return (href: string, className: string, end = false) => {
    const active = isActivePath(pathname, href, end);
    return {
      href,
      onClick,
      className: active ? `${className} active` : className,
      "aria-current": active ? ("page" as const) : undefined,
    };
  };
}
