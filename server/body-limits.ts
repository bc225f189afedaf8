// Request bodies are read here, before any route runs, and never past a limit: a body that declares
// (Content-Length) or turns out (while streaming) to be larger than its route allows is answered
// with 413 without buffering it. Routes then get the body from memory (see remix-handler.ts).
//
// Why here and not in each action: `request.formData()` in an action buffers whatever arrives, and
// it runs before rate limits and validation, so one anonymous 200 MB POST to /login cost ~550 MB.
import type { NextFunction, Request, Response } from "express";
import getRawBody from "raw-body";

import { DEFAULT_LIMITS } from "../app/evidence/limits";
import { MAX_FORM_FIELDS, TOO_MANY_FIELDS } from "../app/utils/form-limits";
import { IMPORT_FILE_BYTES } from "../app/utils/import-upload.server";

/**
 * Sizes, from the largest real form of each kind (see README "Security"):
 * - auth: login, sign-up, logout, invitations: an email (254), a password (≤ 1,024), a name (100)
 *   and redirectTo, percent-encoded: a few KB. 16 KB leaves room and keeps anonymous bodies small.
 * - form: every other action. The largest is the questionnaire's "Save" of a whole section: 13
 *   questions × (note 2,000 + not-applicable reason 500 + answers) characters; at the worst case of
 *   nine bytes per character (a 3-byte UTF-8 character, percent-encoded) that is ~300 KB.
 * - import: one export file of up to IMPORT_FILE_BYTES plus the multipart framing. Like code, read
 *   by the route (app/utils/import-upload.server.ts) after it checked the user and rate limit.
 * - code: one code archive of up to the scanner's archive limit plus the framing. It is not read
 *   here: the route checks membership, role and its rate limit first and then reads the multipart
 *   stream itself, with its own limits while reading (app/evidence/actions.server.ts); this only
 *   bounds the declared and the streamed size.
 */
const BODY_LIMITS = {
  auth: 16 * 1024,
  form: 512 * 1024,
  import: IMPORT_FILE_BYTES + 64 * 1024,
  code: DEFAULT_LIMITS.maxArchiveBytes + 64 * 1024,
} as const;
/** Bytes of request bodies held in memory at once, across all requests; beyond it new ones wait (503). */
const BODY_BUDGET = 64 * 1024 * 1024;

const BODY_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const FORM_TYPE = "application/x-www-form-urlencoded";
const MULTIPART_TYPE = "multipart/form-data";
const SESSION_COOKIE = /(?:^|;\s*)(?:__Host-finishline|finishline_session)=([A-Za-z0-9_-]{22})(?:;|$)/;

type Kind = keyof typeof BODY_LIMITS;

/** The route's body kind, from the path (a `.data` suffix is Remix's data request for the same route). */
function bodyKind(pathname: string): Kind {
  const path = pathname.replace(/\.data$/, "").replace(/\/+$/, "") || "/";
  if (path === "/engagements/import") return "import";
  if (/^\/engagements\/[^/]+\/assess\/code$/.test(path)) return "code";
  if (/^\/(login|signup|logout|_root)$/.test(path) || /^\/invite\/[^/]+$/.test(path)) return "auth";
  return "form";
}

type BufferedBody =
  | {
      bytes: Buffer;
      /** the Content-Type the route will see (an empty body gets the form type, so it parses as no fields) */
      type: string;
    }
  | {
      /** read by the route from the socket, never past `limit` bytes (remix-handler.ts) */
      stream: true;
      limit: number;
      type: string;
    }
  | {
      /**
       * An upload that declared more than its route takes: never read. The route still answers it,
       * after its own checks, in its own words beside the file field ("The archive is larger than
       * 50 MB…"), as it does an upload found too large while reading; a plain-text 413 from here
       * would reach the page as an error it cannot show (context.bodyTooLarge, server/app.ts).
       */
      tooLarge: true;
      type: string;
    };

declare module "express-serve-static-core" {
  interface Locals {
    body?: BufferedBody;
  }
}

/** A refused body up to this size is read (and dropped) before answering, so the connection stays usable. */
const DRAIN_BYTES = 64 * 1024;

/**
 * Answers a request whose body will not be used. A small body is read and dropped first: Node
 * closes a connection whose request body was not read, and a client that reuses it (keep-alive)
 * would then fail instead of getting the next answer. A large one is not read at all: Node reads a
 * little more of it after the answer, then closes the connection.
 */
export function refuse(res: Response, status: number, message: string, headers: Record<string, string> = {}) {
  const send = () => {
    if (res.headersSent) return;
    res.set({ "Cache-Control": "no-store", ...headers });
    res.status(status).type("text/plain").send(message);
  };
  const req = res.req;
  const length = Number(req.get("Content-Length") ?? NaN);
  if (req.complete || req.readableEnded || !(length <= DRAIN_BYTES)) return send();
  req.on("end", send);
  req.on("error", send);
  req.resume();
}

function megabytes(bytes: number) {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${bytes / 1024} KB`;
}

/** Fields in a url-encoded body: one more than its `&`s (an upper bound: `a&&b` counts three). */
function fieldsOf(bytes: Buffer): number {
  let count = 1;
  for (let at = bytes.indexOf(0x26); at !== -1; at = bytes.indexOf(0x26, at + 1)) count++;
  return count;
}

export function bodyLimits({
  budget = BODY_BUDGET,
  liveSession = () => false,
}: {
  budget?: number;
  /**
   * Whether a session cookie's token is a live session's (app/models/session.server.ts
   * isLiveSession: one lookup by primary key). Only signed-in requests get more than the auth limit.
   */
  liveSession?: (token: string) => boolean;
} = {}) {
  let inFlight = 0;
  const signedIn = (req: Request) => {
    const token = SESSION_COOKIE.exec(req.get("Cookie") ?? "")?.[1];
    if (token === undefined) return false;
    try {
      return liveSession(token);
    } catch {
      // The database unavailable: the route will say so; its body gets the small limit meanwhile.
      return false;
    }
  };
  return (req: Request, res: Response, next: NextFunction) => {
    if (!BODY_METHODS.has(req.method)) return next();
    const kind = bodyKind(req.path);
    // Someone who is not signed in can only log in, sign up, ask for or use a password reset: every
    // other action sends them to the login page, so their bodies get the small limit wherever they
    // are posted. A cookie of the right shape is not enough: a made-up one would lift the limit for
    // anyone, so the session has to exist and be live (checked only where the limit would differ).
    const limit = kind === "auth" || !signedIn(req) ? BODY_LIMITS.auth : BODY_LIMITS[kind];
    const declared = req.get("Content-Length");
    const length = declared === undefined ? undefined : Number(declared);
    const chunked = req.get("Transfer-Encoding") !== undefined;
    if (length !== undefined && !(Number.isSafeInteger(length) && length >= 0)) {
      return refuse(res, 400, "Bad Content-Length.");
    }
    if (!chunked && (length === undefined || length === 0)) {
      // No fields: parsed as an empty form whatever type it claims, so validation answers it.
      res.locals.body = { bytes: Buffer.alloc(0), type: FORM_TYPE };
      return next();
    }
    // The code page takes uploads (multipart) and decisions on suggestions (a plain form).
    const wanted = kind === "import" ? MULTIPART_TYPE : FORM_TYPE;
    const accepted = kind === "code" ? req.is([MULTIPART_TYPE, FORM_TYPE]) : req.is(wanted);
    if (accepted === false || accepted === null || !req.get("Content-Type")) {
      return refuse(
        res,
        415,
        kind === "import"
          ? "Upload the file as multipart/form-data."
          : "Send this form as application/x-www-form-urlencoded.",
        { Accept: wanted },
      );
    }
    if (length !== undefined && length > limit) {
      if ((kind === "code" || kind === "import") && req.is(MULTIPART_TYPE)) {
        res.locals.body = { tooLarge: true, type: req.get("Content-Type")! };
        return next();
      }
      return refuse(res, 413, `The request is too large (at most ${megabytes(limit)} here).`);
    }
    const reserve = length ?? limit;
    if (inFlight + reserve > budget) {
      return refuse(res, 503, "The server is busy receiving other requests; try again shortly.", {
        "Retry-After": "5",
      });
    }
    inFlight += reserve;
    let released = false;
    const release = () => {
      if (!released) inFlight -= reserve;
      released = true;
    };
    res.on("close", release);
    // Uploads are read by their routes from the socket, after the user, role and rate limit are
    // checked, never past `limit` (remix-handler.ts): not buffered here and copied again.
    if ((kind === "code" || kind === "import") && req.is(MULTIPART_TYPE)) {
      res.locals.body = { stream: true, limit, type: req.get("Content-Type")! };
      return next();
    }
    getRawBody(req, { length, limit }).then(
      (bytes) => {
        // Forms are parsed field by field after this (Conform takes quadratic time in the repeats of
        // one name): no Finishline form sends more than MAX_FORM_FIELDS. Counting the `&`s of at most
        // `limit` bytes is cheap. Defence in depth: the parse-level guard (refuseOddForm,
        // app/utils/forms.server.ts) counts again whatever reaches a route.
        if (req.is(FORM_TYPE) && fieldsOf(bytes) > MAX_FORM_FIELDS) {
          release();
          return refuse(res, 400, TOO_MANY_FIELDS);
        }
        res.locals.body = { bytes, type: req.get("Content-Type")! };
        next();
      },
      (error: { type?: string; status?: number }) => {
        release();
        if (res.headersSent) return;
        if (error.type === "entity.too.large") {
          refuse(res, 413, `The request is too large (at most ${megabytes(limit)} here).`);
        } else if (error.type === "request.aborted") {
          req.socket.destroy();
        } else {
          refuse(res, 400, "The request body could not be read.");
        }
      },
    );
  };
}
