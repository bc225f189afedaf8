import { useEffect, useRef, useState, type MouseEvent, type ReactNode } from "react";

import { downloadName } from "~/utils/download-name";

// A link that downloads a PDF, and says what is happening while the server renders it (about 5 s the
// first time). Without JavaScript it is the plain link it always was: the browser downloads the file
// itself and shows nothing until it arrives. With JavaScript a plain click fetches the file instead,
// says it is being prepared, ignores further clicks until it is there, and saves it under the name
// the server gave it; a refusal (429, 503, 404…) is shown beside the link with the server's words.

const PREPARING = "Preparing the PDF… this takes a few seconds the first time";
const DOWNLOADED = "Downloaded";
const FAILED = "The PDF could not be prepared. Try again in a minute.";
const TOO_LONG = "The PDF is taking too long to prepare. Try again in a minute.";
/**
 * The server answers within about a minute whatever happens (a job waits at most 30 s for a worker
 * and renders for at most 30 s, then it is 503), so its own answer normally comes first; this only
 * ends a request that is stuck somewhere else.
 */
const GIVE_UP_MS = 75_000;
/** "Downloaded" is shown this long, then the line is empty again. */
const DONE_SHOWN_MS = 5_000;
/** A message from the server longer than this is not a message meant for people. */
const MESSAGE_MAX = 300;

type Status =
  | { kind: "idle" }
  | { kind: "pending" }
  | { kind: "done" }
  | { kind: "error"; message: string }
  | { kind: "signed-out"; login: string };

export function PdfDownloadLink({
  href,
  download = false,
  className,
  children,
}: {
  href: string;
  /** the anchor's `download` attribute, as the link had it before */
  download?: boolean;
  className?: string;
  children: ReactNode;
}) {
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  // The request in flight: a second click while it runs does nothing, even before a re-render.
  const inFlight = useRef<AbortController | null>(null);

  useEffect(() => () => inFlight.current?.abort(), []);
  useEffect(() => {
    if (status.kind !== "done") return;
    const timer = setTimeout(() => setStatus({ kind: "idle" }), DONE_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [status]);

  async function onClick(event: MouseEvent<HTMLAnchorElement>) {
    // A middle click or a modified one (new tab, save as…) is the browser's business, as without script.
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    if (inFlight.current) return;
    const controller = new AbortController();
    inFlight.current = controller;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, GIVE_UP_MS);
    setStatus({ kind: "pending" });
    try {
      const next = await fetchPdf(href, controller.signal);
      // Cut short while reading a refusal's message: say it took too long, not what is left of it.
      setStatus(timedOut ? { kind: "error", message: TOO_LONG } : next);
    } catch {
      // Unmounted (left the page): nothing to say to anyone.
      if (controller.signal.aborted && !timedOut) return;
      setStatus({ kind: "error", message: timedOut ? TOO_LONG : FAILED });
    } finally {
      clearTimeout(timer);
      inFlight.current = null;
    }
  }

  const pending = status.kind === "pending";
  const tone =
    status.kind === "pending"
      ? " save-status--muted"
      : status.kind === "done"
        ? " save-status--ok"
        : status.kind === "idle"
          ? ""
          : " save-status--error";
  return (
    <span className="pdf-download">
      <a
        href={href}
        download={download || undefined}
        className={className}
        aria-disabled={pending || undefined}
        onClick={onClick}
      >
        {children}
      </a>
      {/* Always there, empty when it has nothing to say: a live region added with its words already
          in it is often not read out. */}
      <span className={`pdf-download__status save-status${tone}`} role="status" aria-live="polite">
        {status.kind === "pending"
          ? PREPARING
          : status.kind === "done"
            ? DOWNLOADED
            : status.kind === "error"
              ? status.message
              : null}
        {status.kind === "signed-out" ? (
          <>
            Your session ended; <a href={status.login}>sign in again</a>.
          </>
        ) : null}
      </span>
    </span>
  );
}

/** Fetches the PDF and saves it, or says why not. Throws only when the request itself fails. */
async function fetchPdf(href: string, signal: AbortSignal): Promise<Status> {
  const response = await fetch(href, {
    credentials: "same-origin",
    headers: { Accept: "application/pdf" },
    signal,
  });
  if (!response.ok) return { kind: "error", message: (await serverMessage(response)) ?? FAILED };
  const type = response.headers.get("Content-Type") ?? "";
  if (type.startsWith("application/pdf")) {
    const blob = await response.blob();
    save(blob, downloadName(response.headers.get("Content-Disposition"), href));
    return { kind: "done" };
  }
  // A page instead of the file: the request was sent on to one. Signed out, it is the login page,
  // which brings the person back here (not to the file) once they have signed in.
  if (new URL(response.url, window.location.href).pathname === "/login") {
    const here = `${window.location.pathname}${window.location.search}`;
    return { kind: "signed-out", login: `/login?${new URLSearchParams({ redirectTo: here })}` };
  }
  // Anything else (two-step login to set up first…): go where the link goes, as without script.
  window.location.assign(href);
  return { kind: "idle" };
}

/** The refusal's own words, when it is short text meant for people (never a 500's). */
async function serverMessage(response: Response): Promise<string | null> {
  if (response.status === 500) return null;
  const type = response.headers.get("Content-Type") ?? "";
  try {
    let text: unknown = null;
    if (type.startsWith("text/plain")) text = await response.text();
    else if (type.startsWith("application/json")) {
      const body: unknown = await response.json();
      if (body && typeof body === "object") {
        const { message, error } = body as { message?: unknown; error?: unknown };
        text = typeof message === "string" ? message : error;
      }
    }
    if (typeof text !== "string") return null;
    const message = text.trim();
    return message && message.length <= MESSAGE_MAX ? message : null;
  } catch {
    return null;
  }
}

/** Saves the file as a download through a temporary link to it. */
function save(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers read the blob after the click has returned: revoked a little later, not at once.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
