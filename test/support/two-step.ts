// Turns two-step login on for a signed-in client through its pages, reading the key from the page as
// an authenticator app reads it from the QR code.
import { Secret, TOTP } from "otpauth";

import type { Client } from "./server";

export async function turnOnTwoStep(
  client: Client,
  password: string,
): Promise<{ app: TOTP; recoveryCodes: string[] }> {
  const started = await client.post("/account/two-step", { intent: "start" });
  if (started.status !== 302) throw new Error(`two-step start: ${started.status}`);
  const page = await (await client.get("/account/two-step")).text();
  const key = /class="two-step-key">([A-Z2-7 ]+)</.exec(page)?.[1];
  if (!key) throw new Error("no two-step key on the page");
  const app = new TOTP({ secret: Secret.fromBase32(key.replace(/ /g, "")), digits: 6, period: 30 });
  const res = await client.post("/account/two-step", { intent: "confirm", code: app.generate(), password });
  if (res.status !== 200) throw new Error(`two-step confirm: ${res.status}`);
  const recoveryCodes = [...(await res.text()).matchAll(/<code>([2-9a-z]{5}-[2-9a-z]{5})<\/code>/g)].map(
    (m) => m[1]!,
  );
  return { app, recoveryCodes };
}
