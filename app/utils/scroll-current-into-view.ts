import { useLocation } from "@remix-run/react";
import { useEffect } from "react";

/** Scrollers whose links mark the current page (aria-current="page"): the tabs, the section chips. */
const SCROLLERS = ".tabs, .assess-progress__list";

/**
 * After every navigation, scrolls each horizontal scroller sideways so its current link is in view
 * (centred when it was not): on a phone, "Settings" or "Members" would otherwise sit off-screen. Only
 * the scroller moves, never the page, and nothing happens when everything already fits.
 */
export function useScrollCurrentIntoView() {
  const { pathname, search } = useLocation();
  useEffect(() => {
    for (const scroller of document.querySelectorAll<HTMLElement>(SCROLLERS)) {
      if (scroller.scrollWidth <= scroller.clientWidth) continue;
      const current = scroller.querySelector<HTMLElement>('[aria-current="page"]');
      if (!current) continue;
      const box = scroller.getBoundingClientRect();
      const item = current.getBoundingClientRect();
      if (item.left >= box.left && item.right <= box.right) continue;
      scroller.scrollLeft += item.left - box.left - (box.width - item.width) / 2;
    }
  }, [pathname, search]);
}
