import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";

// The events react-dom 18.3 answers, while the page is not hydrated yet, by hydrating the whole
// document at once (its `discreteReplayableEvents`).
const EARLY_EVENTS = [
  "mousedown",
  "mouseup",
  "touchcancel",
  "touchend",
  "touchstart",
  "auxclick",
  "dblclick",
  "pointercancel",
  "pointerdown",
  "pointerup",
  "dragend",
  "dragstart",
  "drop",
  "compositionend",
  "compositionstart",
  "keydown",
  "keypress",
  "keyup",
  "input",
  "textInput",
  "copy",
  "cut",
  "paste",
  "click",
  "change",
  "contextmenu",
  "reset",
  "submit",
] as const;

/**
 * Keeps those events from React until the page has hydrated. RemixBrowser suspends at the top of the
 * page until the data the server streamed into it is decoded; an event in that moment (a Tab pressed
 * while the page loads) made React hydrate synchronously, meet the suspension, and throw "Root did
 * not complete" (React error #345, remix-run/remix#10214): the page stayed on screen but dead, its
 * autosave silently off. Stopped at the window, the event still does what the browser does with it
 * (focus moves, a link is followed, a form is posted, as without JavaScript); React stops the events
 * it cannot hydrate for the same way. root.tsx marks `<html data-hydrated>` once hydrated.
 */
function holdEarlyEvents() {
  const hold = (event: Event) => {
    if (document.documentElement.dataset.hydrated !== "true") {
      event.stopPropagation();
      return;
    }
    for (const type of EARLY_EVENTS) window.removeEventListener(type, hold, true);
  };
  for (const type of EARLY_EVENTS) window.addEventListener(type, hold, true);
}

holdEarlyEvents();
startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <RemixBrowser />
    </StrictMode>,
  );
});
