import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import QRCode from "qrcode";
import { z } from "zod";

import { REMEMBER_DAYS } from "~/auth/auth-schemas";
import { Field } from "~/components/field";
import { getEngagementForMember } from "~/models/engagement.server";
import { forgetRememberedBrowsers, rememberedBrowsers } from "~/models/trusted-device.server";
import { emailSecurityChange } from "~/mail/notifications.server";
import {
  cancelTwoStepSetup,
  confirmTwoStep,
  disableTwoStep,
  projectsRequiringTwoStep,
  renewRecoveryCodes,
  startTwoStepSetup,
  twoStepStatus,
} from "~/models/two-step.server";
import { readDeviceToken, requireUser } from "~/auth/auth.server";
import { isCurrentPassword, isSecondStep } from "~/auth/current-password.server";
import { badRequest, parseForm, type FieldErrors } from "~/utils/forms.server";
import { formatDate } from "~/utils/format";
import { passErrorHeaders } from "~/utils/headers";

// Two-step login for one's own account (docs/decisions/023-two-step-login.md): set it up with an
// authenticator app, get recovery codes once, renew them, or turn it off. Turning it on or off and
// new codes all ask for the password, so a session left open is not enough.

export const meta: MetaFunction = () => [{ title: "Two-step login — Finishline" }];
export const headers = passErrorHeaders;

const Password = z
  .string({ required_error: "Enter your password." })
  .min(1, "Enter your password.")
  .max(1024);
const Code = z.string({ required_error: "Enter the code." }).trim().min(1, "Enter the code.").max(64);

const TwoStepSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("start") }),
  z.object({ intent: z.literal("cancel") }),
  z.object({ intent: z.literal("confirm"), code: Code, password: Password }),
  z.object({ intent: z.literal("renew"), password: Password }),
  z.object({ intent: z.literal("disable"), code: Code, password: Password }),
  z.object({ intent: z.literal("forget-browsers") }),
]);

/**
 * The engagement that sent the user here because it requires two-step login (`?for=<id>`), if the
 * user is on it and it does; nothing for any other id, so the page tells nobody about engagements.
 */
async function requiredBy(request: Request, userId: string) {
  const id = new URL(request.url).searchParams.get("for");
  if (!id || id.length > 64) return null;
  const found = await getEngagementForMember({ engagementId: id, userId });
  return found?.engagement.requireTwoStep ? { id: found.engagement.id, name: found.engagement.name } : null;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser({ request, context });
  const status = await twoStepStatus({ userId: user.id });
  const required = await requiredBy(request, user.id);
  if (status.state === "pending") {
    const qr = await QRCode.toString(status.uri, { type: "svg", margin: 2, errorCorrectionLevel: "M" });
    return {
      email: user.email,
      required,
      status: {
        state: "pending" as const,
        // Grouped by four, as apps that take a typed key show it.
        key: status.secret.replace(/(.{4})/g, "$1 ").trim(),
        qr: `data:image/svg+xml;base64,${Buffer.from(qr).toString("base64")}`,
      },
    };
  }
  if (status.state === "on") {
    return {
      email: user.email,
      required,
      status: {
        state: "on" as const,
        since: formatDate(status.since),
        left: status.recoveryCodesLeft,
        remembered: rememberedBrowsers({ userId: user.id, token: readDeviceToken(request) }),
        // Named before turning it off: these would shut the user out (a warning; nothing refuses).
        requiredBy: projectsRequiringTwoStep(user.id),
      },
    };
  }
  return { email: user.email, required, status };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser({ request, context });
  const form = await request.formData();
  const parsed = parseForm(form, TwoStepSchema);
  // Which form failed: the page has two with a password field.
  if (!parsed.ok) return badRequest({ fieldErrors: parsed.fieldErrors, intent: String(form.get("intent")) });
  const input = parsed.value;
  const refuse = (fieldErrors: FieldErrors) => badRequest({ fieldErrors, intent: input.intent });
  if (input.intent === "start") {
    await startTwoStepSetup({ userId: user.id });
    // A reload must not make another secret: the page shows the one just made.
    return redirect("/account/two-step");
  }
  if (input.intent === "cancel") {
    await cancelTwoStepSetup({ userId: user.id });
    return redirect("/account/two-step");
  }
  if (input.intent === "forget-browsers") {
    // No password: this only ever asks for more (decision 025).
    const n = forgetRememberedBrowsers({ userId: user.id });
    return {
      ok: true as const,
      message:
        n === 0
          ? "No browser was skipping the code."
          : `${n === 1 ? "One browser" : `${n} browsers`} will ask for the code again at the next login.`,
      recoveryCodes: null,
    };
  }
  if (!(await isCurrentPassword(user, input.password))) {
    return refuse({ password: ["That is not your password."] });
  }
  if (input.intent === "confirm") {
    const codes = await confirmTwoStep({ userId: user.id, code: input.code });
    if (!codes) {
      return refuse({
        code: ["That code does not match. Check that the app shows Finishline, and enter its current code."],
      });
    }
    emailSecurityChange({ request, user, change: "two-step-on", ip: context.clientIp });
    return { ok: true as const, message: "Two-step login is on.", recoveryCodes: codes };
  }
  if (input.intent === "renew") {
    const codes = await renewRecoveryCodes({ userId: user.id });
    if (!codes) return redirect("/account/two-step");
    emailSecurityChange({ request, user, change: "recovery-codes", ip: context.clientIp });
    return {
      ok: true as const,
      message: "New recovery codes made; the old ones no longer work.",
      recoveryCodes: codes,
    };
  }
  // disable: a code as well, so a stolen password and an open session are not enough.
  const passed = await isSecondStep(user.id, input.code);
  if (!passed) return refuse({ code: ["That code is wrong or was already used."] });
  await disableTwoStep({ userId: user.id });
  emailSecurityChange({ request, user, change: "two-step-off", ip: context.clientIp });
  return redirect("/account?two-step=off");
}

/** One sentence (one text node, so the page reads as it is written). */
function rememberedText({ count, thisOne }: { count: number; thisOne: boolean }) {
  const who = count === 1 ? "One browser logs" : `${count} browsers log`;
  const here = !thisOne ? "" : count === 1 ? " (this one)" : " (this one among them)";
  return `${who} in with your password alone, for ${REMEMBER_DAYS} days from the code given there${here}.`;
}

/** What turning it off does to one project that requires it, as one text. */
function lockedOutText({ name, onlyFounderWithIt }: { name: string; onlyFounderWithIt: boolean }) {
  const locked = `${name} requires two-step login: without it you cannot open it.`;
  return onlyFounderWithIt
    ? `${locked} You are its only founder with two-step login on, so nobody could lift the requirement until one of its founders sets it up again.`
    : locked;
}

export default function TwoStep() {
  const { email, required, status } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const failed = actionData && !actionData.ok ? actionData : undefined;
  const errorsOf = (intent: string): FieldErrors => (failed?.intent === intent ? failed.fieldErrors : {});
  const errors = errorsOf("confirm");
  return (
    <div className="container narrow stack-lg">
      <p className="breadcrumb">
        <Link to="/account">Account</Link>
      </p>
      <header>
        <h1>Two-step login</h1>
        <p className="muted">
          With two-step login on, logging in as {email} takes your password and a code from an authenticator
          app on your phone (Google Authenticator, 1Password, Authy, Microsoft Authenticator…). Someone who
          learns your password still cannot get in.
        </p>
      </header>
      {required ? (
        <div className="alert alert--info" role="status">
          {status.state === "on" ? (
            <>
              Two-step login is on. <Link to={`/engagements/${required.id}`}>Open {required.name}</Link>
            </>
          ) : (
            `${required.name} asks everyone on it to use two-step login. Set it up here, and the project opens again.`
          )}
        </div>
      ) : null}

      {actionData?.ok && actionData.recoveryCodes ? (
        <section className="card stack" aria-labelledby="recovery-heading">
          <div className="alert alert--ok" role="status">
            {actionData.message}
          </div>
          <h2 id="recovery-heading">Your recovery codes</h2>
          <p>
            If you lose your phone, each of these logs you in once in place of a code.{" "}
            <strong>Save them now</strong> (a password manager, or printed): they are not shown again.
          </p>
          <ul className="recovery-codes" aria-label="Recovery codes">
            {actionData.recoveryCodes.map((code) => (
              <li key={code}>
                <code>{code}</code>
              </li>
            ))}
          </ul>
          <p>
            <Link
              to={required ? `/engagements/${required.id}` : "/account"}
              className="button button--primary"
            >
              I have saved them
            </Link>
          </p>
        </section>
      ) : status.state === "off" ? (
        <section className="card stack" aria-labelledby="off-heading">
          <h2 id="off-heading">Off</h2>
          <p>Setting it up takes a minute: scan a code with the app, then type in the code it shows.</p>
          <Form method="post">
            <input type="hidden" name="intent" value="start" />
            <button type="submit" className="button button--primary" disabled={busy}>
              Set up two-step login
            </button>
          </Form>
        </section>
      ) : status.state === "pending" ? (
        <section className="card stack" aria-labelledby="setup-heading">
          <h2 id="setup-heading">Set up your app</h2>
          <ol className="stack">
            <li>
              <p>In your authenticator app, add an account and scan this code:</p>
              <img
                className="two-step-qr"
                src={status.qr}
                width={200}
                height={200}
                alt="QR code for your authenticator app"
              />
              <p className="muted small">Cannot scan it? Enter this key in the app instead:</p>
              <p>
                <code className="two-step-key">{status.key}</code>
              </p>
            </li>
            <li>
              <p>Enter the 6-digit code the app now shows for Finishline, and your password.</p>
              <Form method="post" className="stack" noValidate>
                <input type="hidden" name="intent" value="confirm" />
                <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
                <Field
                  label="Code from the app"
                  name="code"
                  autoComplete="one-time-code"
                  inputMode="numeric"
                  spellCheck={false}
                  errors={errors.code}
                />
                <Field
                  label="Password"
                  name="password"
                  type="password"
                  autoComplete="current-password"
                  errors={errors.password}
                />
                <button type="submit" className="button button--primary" disabled={busy}>
                  Turn on two-step login
                </button>
              </Form>
            </li>
          </ol>
          <Form method="post">
            <input type="hidden" name="intent" value="cancel" />
            <button type="submit" className="button button--secondary" disabled={busy}>
              Cancel setup
            </button>
          </Form>
        </section>
      ) : (
        <>
          <section className="card stack" aria-labelledby="on-heading">
            <h2 id="on-heading">On since {status.since}</h2>
            <p>
              {status.left === 0
                ? "You have no recovery codes left. Make new ones below."
                : `${status.left} of 10 recovery codes left.`}
            </p>
          </section>
          <section className="card stack" aria-labelledby="remembered-heading">
            <h2 id="remembered-heading">Remembered browsers</h2>
            {actionData?.ok ? (
              <div className="alert alert--ok" role="status">
                {actionData.message}
              </div>
            ) : null}
            {status.remembered.count === 0 ? (
              <p className="muted small">
                {`Every login asks for a code. On a computer or phone of your own, tick “Don't ask for a code on this browser” when you enter the code, and the password alone logs you in there for ${REMEMBER_DAYS} days.`}
              </p>
            ) : (
              <>
                <p>{rememberedText(status.remembered)}</p>
                <Form method="post">
                  <input type="hidden" name="intent" value="forget-browsers" />
                  <button type="submit" className="button button--secondary" disabled={busy}>
                    Ask for the code on every browser
                  </button>
                </Form>
              </>
            )}
          </section>
          <section className="card stack" aria-labelledby="renew-heading">
            <h2 id="renew-heading">New recovery codes</h2>
            <p className="muted small">Makes ten new codes; the ones you have stop working.</p>
            <Form method="post" className="stack" noValidate>
              <input type="hidden" name="intent" value="renew" />
              <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
              <Field
                id="renew-password"
                label="Password"
                name="password"
                type="password"
                autoComplete="current-password"
                errors={errorsOf("renew").password}
              />
              <button type="submit" className="button button--secondary" disabled={busy}>
                Make new recovery codes
              </button>
            </Form>
          </section>
          <section className="card stack" aria-labelledby="disable-heading">
            <h2 id="disable-heading">Turn off two-step login</h2>
            <p className="muted small">Logging in will take only your password again.</p>
            {status.requiredBy.length > 0 ? (
              <div className="alert alert--warn stack" id="disable-warning">
                {status.requiredBy.map((p) => (
                  <p key={p.id}>{lockedOutText(p)}</p>
                ))}
              </div>
            ) : null}
            <Form
              method="post"
              className="stack"
              noValidate
              aria-describedby={status.requiredBy.length > 0 ? "disable-warning" : undefined}
            >
              <input type="hidden" name="intent" value="disable" />
              <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
              <Field
                id="disable-code"
                label="Code from the app, or a recovery code"
                name="code"
                autoComplete="one-time-code"
                spellCheck={false}
                errors={errorsOf("disable").code}
              />
              <Field
                id="disable-password"
                label="Password"
                name="password"
                type="password"
                autoComplete="current-password"
                errors={errorsOf("disable").password}
              />
              <button type="submit" className="button button--danger" disabled={busy}>
                Turn off
              </button>
            </Form>
          </section>
        </>
      )}
    </div>
  );
}
