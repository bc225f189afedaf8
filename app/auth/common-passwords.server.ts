// A new password is checked against passwords known to be common (OWASP ASVS 2.1.7, NIST SP 800-63B
// 3.1.1.2: "values known to be commonly used, expected, or compromised"); no other rule beyond its
// length (auth-schemas.ts). The list is zxcvbn-ts's, about 49,000 passwords from leaked sets, all
// lower case. Loaded on the first check, not at start: it is 1.9 MB, and only sign-up, a reset and a
// change of password need it. Logging in does not check it: an account that has such a password
// still gets in, and is asked for a better one only when it changes it.
export const COMMON_PASSWORD =
  "This is one of the most common passwords, among the first anyone guessing would try. Choose another.";

let common: Promise<ReadonlySet<string>> | undefined;

export async function isCommonPassword(password: string): Promise<boolean> {
  common ??= import("@zxcvbn-ts/language-common").then(
    ({ dictionary }) => new Set(dictionary["passwords-common"] as string[]),
  );
  return (await common).has(password.toLowerCase());
}
