// A reset link that is made up, used or expired is refused before the new password is hashed
// (security audit, finding 4): a hash is tens of milliseconds of a core in the queue every login
// waits in, so junk posts to /reset-password must not buy one. Counted at the hashing library, with
// the real models and database.
import { beforeAll, describe, expect, it, vi } from "vitest";

const hashes = vi.hoisted(() => ({ count: 0 }));
vi.mock("@node-rs/argon2", async (importOriginal) => {
  const argon2 = await importOriginal<typeof import("@node-rs/argon2")>();
  return {
    ...argon2,
    hash: (...args: Parameters<typeof argon2.hash>) => {
      hashes.count++;
      return argon2.hash(...args);
    },
  };
});

import { createPasswordReset, resetPassword } from "../app/models/password-reset.server";
import { createUser } from "../app/models/user.server";
import { isNull } from "drizzle-orm";

import { db } from "../db/connection.server";
import { passwordResets } from "../db/schema";

const email = `reset-hashes-${Date.now()}@example.com`;

beforeAll(async () => {
  await createUser({ email, password: "correct horse battery" });
});

describe("resetting a password hashes the new one only for a link that works", () => {
  it("costs no hash for a made-up token, nor one already used or expired; one for a working link", async () => {
    const before = hashes.count;
    expect(await resetPassword({ token: "A".repeat(22), password: "whatever-long-1" })).toBeUndefined();
    expect(hashes.count).toBe(before);

    const link = await createPasswordReset({ email });
    expect(await resetPassword({ token: link!.token, password: "a new passphrase" })).toMatchObject({
      email,
    });
    expect(hashes.count).toBe(before + 1);
    // Used: refused, and no second hash.
    expect(await resetPassword({ token: link!.token, password: "another passphrase" })).toBeUndefined();
    expect(hashes.count).toBe(before + 1);

    const expired = await createPasswordReset({ email });
    db()
      .update(passwordResets)
      .set({ expiresAt: Date.now() - 1000 })
      .where(isNull(passwordResets.usedAt))
      .run();
    expect(await resetPassword({ token: expired!.token, password: "yet another one" })).toBeUndefined();
    expect(hashes.count).toBe(before + 1);
  });
});
