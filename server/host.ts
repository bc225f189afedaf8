// The Host header (and X-Forwarded-Host behind a trusted proxy) becomes part of URLs: the request
// URL every route sees and the origin the CSRF check compares against. A malformed one used to
// throw inside `new URL()` (a 500); it is refused with 400 before anything uses it.
import type { NextFunction, Request, Response } from "express";

// RFC 3986 host: a DNS-style name, an IPv4 address or a bracketed IPv6 address, then an optional port.
const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/** The URL the request was made to, as the routes see it; undefined when the host is malformed. */
function requestUrl(req: Request): URL | undefined {
  const host = req.get("Host");
  const forwarded = req.app.get("trust proxy fn")?.(req.socket.remoteAddress, 0)
    ? req.get("X-Forwarded-Host")
    : undefined;
  if (!host || !HOST.test(host)) return undefined;
  if (forwarded !== undefined && !HOST.test(forwarded.split(",")[0]!.trim())) return undefined;
  // As @remix-run/express builds it: req.hostname honours "trust proxy"; the port comes from the
  // forwarded host if it has one, else from Host.
  const portOf = (h: string | undefined) => {
    const port = /:(\d{1,5})$/.exec(h ?? "")?.[1];
    return port === undefined ? undefined : Number(port);
  };
  const port = portOf(forwarded) ?? portOf(host);
  try {
    return new URL(
      `${req.protocol}://${req.hostname}${port !== undefined ? `:${port}` : ""}${req.originalUrl}`,
    );
  } catch {
    return undefined;
  }
}

export function checkHost() {
  return (req: Request, res: Response, next: NextFunction) => {
    const url = requestUrl(req);
    if (!url) {
      res.set({ Connection: "close", "Cache-Control": "no-store" });
      res.status(400).type("text/plain").send("Bad Host header.");
      return;
    }
    res.locals.url = url;
    next();
  };
}

declare module "express-serve-static-core" {
  interface Locals {
    url?: URL;
  }
}
