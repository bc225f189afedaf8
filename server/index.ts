// Process entry: validate config and content, migrate, seed, then serve. Order matters: a bad
// environment or invalid content stops the process before it listens, with a message saying why.
// With WEB_CONCURRENCY above 1 this process does all of that once, then serves through that many
// worker processes (node:cluster), which share the port and the database
// (docs/decisions/022-more-than-one-process.md).
import cluster from "node:cluster";
import path from "node:path";
import { pathToFileURL } from "node:url";

import type { ServerBuild } from "@remix-run/node";
import { pino, type Logger } from "pino";

import { sweepCounters } from "../app/auth/rate-limit.server";
import { getEnv, type Env } from "../app/env.server";
import { getEvidenceRules } from "../app/evidence/rules.server";
import { getContent } from "../app/models/content.server";
import { removeUnfinishedImports } from "../app/models/export.server";
import { forgetExpiredInvitationEmails } from "../app/models/invitation.server";
import { purgeExpiredSessions } from "../app/models/session.server";
import { closeDb, initDb, runMigrations } from "../db/connection.server";
import { randomDemoPassword, replacePublishedDemoPassword, seedDemo } from "../db/seed.server";

import { createApp } from "./app";

async function main() {
  let env;
  try {
    env = getEnv();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  const logger = pino({ level: env.LOG_LEVEL });

  try {
    getContent();
    // Detection rules point at question and option ids: checked against the bank just loaded.
    getEvidenceRules();
  } catch (error) {
    console.error(`Content in ${env.CONTENT_DIR} is invalid; refusing to start.\n`);
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }

  if (cluster.isWorker) {
    // The primary validated, migrated and seeded before starting this process.
    initDb(env.DATABASE_URL);
    return serve(env, logger);
  }

  const database = initDb(env.DATABASE_URL);
  runMigrations(database);
  // Expired sessions are deleted when presented; this clears the ones nobody comes back with.
  const purged = await purgeExpiredSessions();
  if (purged > 0) logger.info({ purged }, "Removed expired sessions");
  sweepCounters();
  forgetExpiredInvitationEmails();
  // An import is written in several transactions; one the last process stopped in the middle of
  // was never visible to anyone, and goes.
  const unfinished = removeUnfinishedImports();
  if (unfinished > 0) logger.info({ unfinished }, "Removed engagements whose import did not finish");
  if (env.SEED_DEMO) {
    // No published password: a random one unless DEMO_PASSWORD sets it, shown once, here
    // (docs/decisions/009-demo-passwords.md).
    const password = env.DEMO_PASSWORD ?? randomDemoPassword();
    const seeded = await seedDemo({ password });
    if (seeded) {
      logger.info(
        { founder: seeded.founder.email, partner: seeded.partner.email },
        `Demo data created. Log in as ${seeded.founder.email} or ${seeded.partner.email} with password "${password}"${env.DEMO_PASSWORD ? " (DEMO_PASSWORD)" : " (shown only now; set DEMO_PASSWORD to choose one)"}`,
      );
    }
  }
  // Whether or not the demo is seeded now: demo accounts made by an earlier version with the
  // published password must not keep it.
  const replacement = env.DEMO_PASSWORD ?? randomDemoPassword();
  const rotated = await replacePublishedDemoPassword({ password: replacement });
  if (rotated.length > 0) {
    logger.warn(
      { accounts: rotated },
      `Demo accounts ${rotated.join(", ")} had the published password; their password is now "${replacement}"`,
    );
  }

  if (!env.SMTP_URL) {
    logger.warn(
      "SMTP_URL is not set: emails (reset and new-email links, security notices, invitations, proposals) are written to this output instead of sent",
    );
  }

  if (env.WEB_CONCURRENCY > 1) {
    closeDb();
    return supervise(env, logger);
  }
  return serve(env, logger);
}

/** Listens and serves until SIGTERM or SIGINT, then finishes the requests in flight and exits. */
async function serve(env: Env, logger: Logger) {
  const buildPath = path.resolve("build/index.js");
  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
  const app = createApp({ build, env, logger });
  const server = app.listen(env.PORT, env.HOST, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : env.PORT;
    logger.info({ port }, `Finishline listening on http://localhost:${port}`);
    // Only under `remix dev`, which sets REMIX_DEV_ORIGIN and waits for this signal.
    if (env.NODE_ENV === "development" && process.env.REMIX_DEV_ORIGIN) {
      void import("@remix-run/node").then(({ broadcastDevReady }) => broadcastDevReady(build));
    }
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "Shutting down: finishing in-flight requests");
    // Stop accepting connections; in-flight requests finish, idle keep-alive sockets close now.
    server.close(() => {
      closeDb();
      logger.info("Shut down cleanly");
      process.exit(0);
    });
    server.closeIdleConnections();
    setTimeout(() => {
      logger.warn("Forcing shutdown after 10 s");
      server.closeAllConnections();
    }, 10_000).unref();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

/**
 * Runs WEB_CONCURRENCY server processes and keeps them running: one that stops unexpectedly is
 * replaced (a second later, so a process that fails at once cannot spin). One that stops before it
 * ever listened means the server cannot start (a port in use), so everything stops with an error.
 * SIGTERM or SIGINT passes on to every process, and this one exits once they all have.
 */
function supervise(env: Env, logger: Logger) {
  let stopping = false;
  let running = 0;
  const start = () => {
    running++;
    let listened = false;
    const worker = cluster.fork();
    worker.once("listening", () => (listened = true));
    worker.once("exit", (code, signal) => {
      running--;
      if (!stopping && !listened) {
        logger.fatal(
          { worker: worker.process.pid, code, signal },
          "A server process failed to start; stopping",
        );
        process.exitCode = 1;
        stopAll();
      }
      if (stopping) {
        if (running > 0) return;
        if (!process.exitCode) logger.info("Shut down cleanly");
        process.exit();
      }
      logger.error(
        { worker: worker.process.pid, code, signal },
        "A server process stopped unexpectedly; starting another",
      );
      setTimeout(() => !stopping && start(), 1000);
    });
  };
  logger.info({ processes: env.WEB_CONCURRENCY }, `Serving with ${env.WEB_CONCURRENCY} processes`);
  for (let i = 0; i < env.WEB_CONCURRENCY; i++) start();

  function stopAll() {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
  }
  const shutdown = (signal: string) => {
    if (stopping) return;
    logger.info({ signal }, "Shutting down every server process");
    stopAll();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

void main();
