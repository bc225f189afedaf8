import { checkSecondStep } from "~/models/two-step.server";
import { verifyLogin, type User } from "~/models/user.server";

import {
  passwordCheckLimiter,
  penalize,
  reset,
  secondStepLimiter,
  startLimitedCheck,
} from "./rate-limit.server";

/**
 * Whether `password` is the signed-in user's password, for the acts that ask for it again (a new
 * password, deleting the account). A stolen session must not become a way to guess the password:
 * wrong answers are limited per user like failed logins (429 once over), and the limit is checked
 * before the hash is even computed.
 */
export async function isCurrentPassword(user: User, password: string): Promise<boolean> {
  const limiter = passwordCheckLimiter();
  const end = await startLimitedCheck(limiter, user.id);
  try {
    const ok = Boolean(await verifyLogin({ email: user.email, password }));
    await (ok ? reset(limiter, user.id) : penalize(limiter, user.id));
    return ok;
  } finally {
    end();
  }
}

/**
 * Whether `code` is a second step of the user's two-step login (a code from the app, taken once, or a
 * recovery code, spent), for logging in and for turning it off. Wrong codes are limited per account
 * across logins (ten an hour, 429 beyond), counted while the check runs, like wrong passwords above.
 */
export async function isSecondStep(
  userId: string,
  code: string,
): Promise<ReturnType<typeof checkSecondStep>> {
  const limiter = secondStepLimiter();
  const end = await startLimitedCheck(limiter, userId);
  try {
    const passed = checkSecondStep({ userId, code });
    await (passed ? reset(limiter, userId) : penalize(limiter, userId));
    return passed;
  } finally {
    end();
  }
}
