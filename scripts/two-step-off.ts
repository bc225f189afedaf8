// npm run account:two-step-off -- EMAIL — turns two-step login off for the account with this email,
// for its owner who lost both the phone and the recovery codes (docs/decisions/023-two-step-login.md).
// Check who is asking first: whoever runs this lets the password alone into the account again.
// Works while the server runs (one small transaction on DATABASE_URL).
import { disableTwoStep, hasTwoStep } from "../app/models/two-step.server";
import { findUserByEmail } from "../app/models/user.server";
import { closeDb } from "../db/connection.server";

import { runScript, ScriptError } from "./db-files";

runScript("account:two-step-off", async () => {
  const args = process.argv.slice(2);
  if (args.length !== 1 || args[0]!.startsWith("-")) {
    console.log(
      "usage: npm run account:two-step-off -- EMAIL   (on DATABASE_URL, default data/finishline.db)",
    );
    process.exit(args.includes("--help") || args.includes("-h") ? 0 : 2);
  }
  const user = await findUserByEmail({ email: args[0]! });
  if (!user) throw new ScriptError(`no account has the email ${args[0]}`);
  if (!hasTwoStep(user.id)) {
    console.log(`Two-step login was already off for ${user.email}; nothing changed.`);
  } else {
    await disableTwoStep({ userId: user.id });
    console.log(
      `Two-step login is off for ${user.email}: the password alone logs in. Its recovery codes are gone.`,
    );
  }
  closeDb();
});
