import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";

import { REMEMBER_DAYS } from "~/auth/auth-schemas";
import { Field } from "~/components/field";
import { emailNewSignIn } from "~/mail/notifications.server";
import { isTrustedDevice, rememberBrowser, trustDevice } from "~/models/trusted-device.server";
import {
  endLoginChallenge,
  findLoginChallenge,
  isCodeShaped,
  takeChallengeTry,
} from "~/models/two-step.server";
import {
  endChallengeAndRedirect,
  getOptionalUser,
  readChallengeToken,
  readDeviceToken,
  safeRedirect,
  startSessionAndRedirect,
} from "~/auth/auth.server";
import { isSecondStep } from "~/auth/current-password.server";
import { badRequest, parseForm, postedValues } from "~/utils/forms.server";
import { passErrorHeaders } from "~/utils/headers";

// The second step of a login with two-step login on (docs/decisions/023-two-step-login.md): the
// password was right, and the browser holds a challenge cookie for a few minutes. A code from the
// authenticator app or a recovery code finishes the login; five wrong ones end the challenge.

const CodeSchema = z.object({
  code: z.string({ required_error: "Enter the code." }).trim().min(1, "Enter the code.").max(64),
  // A ticked checkbox sends "on"; an unticked one sends nothing.
  remember: z.literal("on").optional(),
});

export const meta: MetaFunction = () => [{ title: "Enter your code — Finishline" }];
export const headers = passErrorHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getOptionalUser({ request, context })) throw redirect("/engagements");
  const challenge = findLoginChallenge(readChallengeToken(request));
  if (!challenge) throw endChallengeAndRedirect(request, "/login?step=expired");
  return { email: challenge.email };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const token = readChallengeToken(request);
  const challenge = findLoginChallenge(token);
  if (!token || !challenge) throw endChallengeAndRedirect(request, "/login?step=expired");
  const formData = await request.formData();
  // A wrong code leaves "Don't ask for a code" as it was ticked (also without JS); the code itself
  // never goes back.
  const values = postedValues(formData, ["remember"]);
  const parsed = parseForm(formData, CodeSchema);
  if (!parsed.ok) return badRequest({ ...parsed, values });
  if (!isCodeShaped(parsed.value.code))
    return badRequest({
      fieldErrors: {
        code: ["Enter the 6-digit code from your app, or a recovery code like k7q2m-x9d4p."],
      },
      values,
    });

  // Five tries per login, counted before the check so tries sent at once count too; wrong codes are
  // also limited per account across logins (isSecondStep).
  const left = takeChallengeTry(token);
  const passed = left !== undefined && (await isSecondStep(challenge.userId, parsed.value.code));
  if (!passed) {
    if (!left) {
      endLoginChallenge(token);
      throw endChallengeAndRedirect(request, "/login?step=tries");
    }
    return badRequest({
      fieldErrors: {
        code: [
          `That code is wrong or was already used. ${left === 1 ? "One more try" : `${left} more tries`}, then you log in again.`,
        ],
      },
      values,
    });
  }
  endLoginChallenge(token);
  const device = readDeviceToken(request);
  if (!device || !(await isTrustedDevice({ token: device, userId: challenge.userId }))) {
    emailNewSignIn({ request, user: challenge, ip: context.clientIp });
  }
  const deviceToken = await trustDevice({ token: device, userId: challenge.userId });
  if (parsed.value.remember) rememberBrowser({ token: deviceToken, userId: challenge.userId });
  return startSessionAndRedirect({
    request,
    userId: challenge.userId,
    clientIp: context.clientIp,
    redirectTo: safeRedirect(challenge.redirectTo, "/engagements"),
    deviceToken,
  });
}

export default function LoginCode() {
  const { email } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors = actionData?.fieldErrors ?? {};
  const values = actionData?.values;
  return (
    <div className="container narrow auth-page">
      <h1>Enter your code</h1>
      <p className="muted">
        Two-step login is on for <strong>{email}</strong>. Open your authenticator app and enter the 6-digit
        code it shows for Finishline.
      </p>
      <Form method="post" className="card stack" noValidate>
        {/* No numeric keypad: recovery codes have letters. */}
        <Field
          label="Code"
          name="code"
          autoComplete="one-time-code"
          autoCapitalize="none"
          spellCheck={false}
          required
          hint="No phone at hand? Enter one of your recovery codes instead."
          errors={errors.code}
        />
        {/* Named by its first line only, described by the hint (inside the label, both would be its name). */}
        <label className="choice choice--quiet">
          <input
            type="checkbox"
            name="remember"
            defaultChecked={values?.remember === "on"}
            aria-labelledby="remember-label"
            aria-describedby="remember-hint"
          />
          <span>
            <span id="remember-label">{`Don't ask for a code on this browser for ${REMEMBER_DAYS} days`}</span>
            <span id="remember-hint" className="choice__hint muted small">
              Only on a computer or phone that is yours alone. You can make every browser ask again from your
              account.
            </span>
          </span>
        </label>
        <button type="submit" className="button button--primary button--block" disabled={busy}>
          {busy ? "Checking…" : "Log in"}
        </button>
      </Form>
      <p className="muted center">
        <Link to="/login">Log in with a different account</Link>
      </p>
    </div>
  );
}
