import crypto from "node:crypto";
import fs from "node:fs";

import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import helmet from "helmet";
import type { Logger } from "pino";
import { pinoHttp } from "pino-http";

import type { Env } from "../app/env.server";
import { isLiveSession } from "../app/models/session.server";
import { db } from "../db/connection.server";

import { bodyLimits, refuse as refuseBody } from "./body-limits";
import { checkHost } from "./host";
import { logPath } from "./log-path";
import { paceRequests } from "./pace";
import { remixHandler } from "./remix-handler";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF defence in depth on top of SameSite=Lax cookies: a state-changing request from another site
 * (by Origin, or by the browser's own Sec-Fetch-Site verdict) is refused before any route runs.
 */
function originCheck(env: Pick<Env, "APP_ORIGIN">) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const fetchSite = req.get("Sec-Fetch-Site");
    if (fetchSite === "cross-site") return refuse(res);
    const origin = req.get("Origin");
    if (origin !== undefined) {
      // res.locals.url: the request's own URL, built from a Host that checkHost() validated.
      const expected = env.APP_ORIGIN ? new URL(env.APP_ORIGIN).origin : res.locals.url?.origin;
      if (expected === undefined || origin !== expected) return refuse(res);
      // Remix then compares the Origin's host with X-Forwarded-Host (else Host) itself and throws, a
      // 500, when they differ: with APP_ORIGIN set and a Host that is not its host. Refused here.
      const host = req.get("X-Forwarded-Host")?.split(",")[0]?.trim() || req.get("Host");
      if (new URL(origin).host !== host) return refuse(res);
    }
    next();
  };
}

function refuse(res: Response) {
  refuseBody(res, 403, "Cross-site request refused.");
}

export function createApp({
  build,
  env,
  logger,
}: {
  build: ServerBuild | (() => Promise<ServerBuild>);
  env: Env;
  logger: Logger;
}) {
  const app = express();
  app.disable("x-powered-by");
  if (env.TRUST_PROXY > 0) app.set("trust proxy", env.TRUST_PROXY);

  app.use(
    pinoHttp({
      logger,
      // Static assets and health checks are noise in the request log.
      autoLogging: { ignore: (req) => /^\/(build|favicon|healthz)/.test(req.url ?? "") },
      // Method, path and status are enough; headers would log cookies, and the path is logged
      // without the secrets some links carry or what was typed into a query (log-path.ts).
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, url: logPath(req.url) }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req, res, err) =>
        err || res.statusCode >= 500 ? "error" : res.statusCode >= 400 ? "warn" : "info",
    }),
  );
  app.use(compression());

  app.use((_req, res, next) => {
    res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
    next();
  });
  const dev = env.NODE_ENV === "development";
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", "data:"],
          fontSrc: ["'self'"],
          connectSrc: dev ? ["'self'", "ws:"] : ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          frameAncestors: ["'none'"],
          formAction: ["'self'"],
        },
      },
      // HSTS is only meaningful (and only sent) over https; see below.
      strictTransportSecurity: false,
      referrerPolicy: { policy: "strict-origin-when-cross-origin" },
      // The same as the CSP's frame-ancestors 'none', for browsers that only read the older header
      // (helmet's default, SAMEORIGIN, would let our own pages frame them).
      xFrameOptions: { action: "deny" },
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use((req, res, next) => {
    if (req.secure) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
    next();
  });

  app.get("/healthz", (_req, res) => {
    try {
      const row = db().$client.prepare("select 1 as ok").get() as { ok: number };
      res.set("Cache-Control", "no-store").json({ status: "ok", database: row.ok === 1 ? "ok" : "error" });
    } catch (error) {
      logger.error({ err: error }, "health check failed");
      res.status(503).json({ status: "error", database: "unavailable" });
    }
  });

  // Remix fingerprints everything under /build, so it can be cached forever.
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  // The other files in public/ (the favicon), listed once at start: without the list every request
  // would first ask the file system for a file by its path, routes with an extension too
  // (report.pdf, plan.csv, export.json, Remix's `.data` requests), and the answers to those checks
  // come back together, so a burst of PDF requests then ran back to back in one turn of the loop.
  const publicFiles = express.static("public", { maxAge: "1h" });
  const publicPaths = new Set(
    fs
      .readdirSync("public", { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => `/${entry.name}`),
  );
  app.use((req, res, next) => (publicPaths.has(req.path) ? publicFiles(req, res, next) : next()));

  app.use(checkHost());
  app.use(originCheck(env));
  // After the origin check: a cross-site body is refused before a byte of it is read.
  app.use(bodyLimits({ liveSession: isLiveSession }));
  app.use(paceRequests());

  app.all(
    "*",
    remixHandler({
      build,
      mode: env.NODE_ENV,
      getLoadContext: (req, res) => ({
        cspNonce: res.locals.cspNonce as string,
        clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
        bodyTooLarge: res.locals.body !== undefined && "tooLarge" in res.locals.body,
      }),
    }),
  );
  // Whatever escapes a route: a plain 500 without details (they go to the log). Express marks the
  // client's own mistakes with a 4xx status (a path whose %-escapes do not decode, for one): those
  // are answered as such, not as a failure of ours.
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const status = clientErrorStatus(error);
    if (status !== null) {
      logger.warn({ err: error, method: req.method, url: logPath(req.originalUrl) }, "bad request");
      if (res.headersSent) return res.destroy();
      return res.status(status).set("Cache-Control", "no-store").type("text/plain").send("Bad request.");
    }
    logger.error({ err: error, method: req.method, url: logPath(req.originalUrl) }, "unhandled error");
    if (res.headersSent) return res.destroy();
    res.status(500).set("Cache-Control", "no-store").type("text/plain").send("Something went wrong.");
  });
  return app;
}

/** The 4xx status Express (or a body parser) put on an error it raised for a bad request, else null. */
function clientErrorStatus(error: unknown): number | null {
  if (typeof error !== "object" || error === null) return null;
  const { status, statusCode } = error as { status?: unknown; statusCode?: unknown };
  const code = typeof status === "number" ? status : statusCode;
  return typeof code === "number" && Number.isInteger(code) && code >= 400 && code < 500 ? code : null;
}
