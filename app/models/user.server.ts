import { availableParallelism } from "node:os";

import { hash as argonHash, verify as argonVerify } from "@node-rs/argon2";
import { eq } from "drizzle-orm";
import pLimit from "p-limit";

import { db } from "../../db/connection.server";
import { users } from "../../db/schema";
import { newId } from "~/utils/ids.server";

// argon2id (algorithm 2) at the OWASP minimum of m=19 MiB, t=2, p=1.
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

// Each hash is tens of milliseconds of a core. A burst of logins must not take every core from the
// event loop (README "Security"): at most cores - 1 hashes at once, the rest wait their turn.
const hashing = pLimit(Math.max(1, availableParallelism() - 1));
const hash = (password: string, options: typeof ARGON2) => hashing(() => argonHash(password, options));
const verify = (stored: string, password: string) => hashing(() => argonVerify(stored, password));

// Verified against when the email is unknown, so a wrong email costs as long as a wrong password
// and response time does not reveal which accounts exist.
let dummyHash: Promise<string> | undefined;

export type User = { id: string; email: string; name: string };

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

export async function findUserByEmail({ email }: { email: string }) {
  return db()
    .select()
    .from(users)
    .where(eq(users.email, normalizeEmail(email)))
    .get();
}

export class EmailTakenError extends Error {}

export async function createUser({
  email,
  password,
  name = "",
}: {
  email: string;
  password: string;
  name?: string;
}): Promise<User> {
  const passwordHash = await hashPassword(password);
  const user = { id: newId(), email: normalizeEmail(email), name: name.trim() };
  try {
    db()
      .insert(users)
      .values({ ...user, passwordHash })
      .run();
  } catch (error) {
    if (error instanceof Error && /UNIQUE constraint failed: users\.email/.test(error.message)) {
      throw new EmailTakenError("email taken");
    }
    throw error;
  }
  return user;
}

/** Returns the user when the password matches; undefined otherwise (same timing either way). */
export async function verifyLogin({
  email,
  password,
}: {
  email: string;
  password: string;
}): Promise<User | undefined> {
  const row = await findUserByEmail({ email });
  if (!row) {
    dummyHash ??= hashPassword("not-a-real-password-just-timing");
    await verify(await dummyHash, password);
    return undefined;
  }
  const ok = await verify(row.passwordHash, password);
  return ok ? { id: row.id, email: row.email, name: row.name } : undefined;
}

export async function changePassword({
  userId,
  password,
}: {
  userId: string;
  password: string;
}): Promise<void> {
  const passwordHash = await hashPassword(password);
  db().update(users).set({ passwordHash, passwordChangedAt: Date.now() }).where(eq(users.id, userId)).run();
}

/** Sets the name others see; "" is no name (they see the email address). */
export async function setUserName({ userId, name }: { userId: string; name: string }): Promise<void> {
  db().update(users).set({ name: name.trim() }).where(eq(users.id, userId)).run();
}

/** Whether the user gets email when a proposal is published or accepted. */
export async function getEmailNotifications({ userId }: { userId: string }): Promise<boolean> {
  return (
    db().select({ on: users.notifyByEmail }).from(users).where(eq(users.id, userId)).get()?.on ?? false
  );
}

export async function setEmailNotifications({ userId, on }: { userId: string; on: boolean }): Promise<void> {
  db().update(users).set({ notifyByEmail: on }).where(eq(users.id, userId)).run();
}
