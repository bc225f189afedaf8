import fs from "node:fs";
import path from "node:path";

import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

export const SCREENSHOT_DIR = path.resolve("artifacts/screenshots");

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
    headless: true,
    // The sandbox needs user namespaces CI does not have; background networking only produces
    // refused connections on a closed network. Every page is the one local site, so site isolation
    // only starts a renderer process per context; two shared processes take Chromium's CPU in
    // navigation.e2e.ts from about 35 s to 20 s on the 2-core CI box, where Chromium is most of the
    // browser tests' CPU (measured per process, 6 December).
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-features=site-per-process,IsolateOrigins",
      "--renderer-process-limit=2",
    ],
  });
}

export async function newContext(
  browser: Browser,
  options: Parameters<Browser["newContext"]>[0] = {},
): Promise<BrowserContext> {
  return browser.newContext({
    ...options,
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: options.viewport ?? { width: 1280, height: 900 },
  });
}

type RouterState = {
  location: { key: string };
  navigation: { state: string };
  revalidation: string;
  fetchers: Map<string, { state: string }>;
};

/**
 * Waits until the page has loaded, React has hydrated it (root.tsx marks `<html data-hydrated>`),
 * Remix has no navigation, revalidation or fetcher in flight, React has put the router's location
 * on the screen (`<html data-location>`), and the fonts are ready. Playwright's
 * "networkidle" guesses the same from half a second without requests, and so costs at least that
 * much on every page. Without JavaScript there is nothing to wait for after the load.
 */
export async function settled(
  page: Page,
  { javaScript = true, timeout }: { javaScript?: boolean; timeout?: number } = {},
) {
  await page.waitForLoadState("load", { timeout });
  if (!javaScript) return;
  const idle = () => {
    const router = (window as unknown as { __remixRouter?: { state: RouterState } }).__remixRouter;
    const html = document.documentElement;
    if (html.dataset.hydrated !== "true" || !router) return false;
    const { navigation, revalidation, fetchers, location } = router.state;
    return (
      // The page React has committed is the router's (root.tsx, RenderedLocation): a navigation
      // is rendered in a transition, a moment after the router says idle.
      html.dataset.location === location.key &&
      navigation.state === "idle" &&
      revalidation === "idle" &&
      [...fetchers.values()].every((fetcher) => fetcher.state === "idle")
    );
  };
  await page.waitForFunction(idle, undefined, { timeout });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

/**
 * Screenshots are for people to look at. CI runs on a clone nobody looks into afterwards, so
 * `.ci/run` sets SCREENSHOTS=off: a full-page picture of a long page takes 1–1.5 s, about 80 s of
 * the browser suite in all (measured).
 */
const SCREENSHOTS = process.env.SCREENSHOTS !== "off";

/** Saves a full-page screenshot as artifacts/screenshots/<suite>/<nn>-<step>.png (unless SCREENSHOTS=off). */
export function screenshotter(suite: string) {
  let n = 0;
  const dir = path.join(SCREENSHOT_DIR, suite);
  if (SCREENSHOTS) fs.mkdirSync(dir, { recursive: true });
  return async (page: Page, step: string) => {
    n += 1;
    if (SCREENSHOTS) {
      const file = path.join(dir, `${String(n).padStart(2, "0")}-${step}.png`);
      await page.screenshot({ path: file, fullPage: true });
    }
  };
}

/** Fails the test on any console error or CSP violation the page reports. */
export function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (msg) => {
    // A 400 is the server's answer to invalid form input, which some steps submit on purpose.
    if (msg.type() === "error" && !/status of 400/.test(msg.text())) errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(err.message));
  return errors;
}
