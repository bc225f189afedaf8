import crypto from "node:crypto";

/** URL-safe random id (72 bits): not guessable, short enough for URLs. */
export function newId(): string {
  return crypto.randomBytes(9).toString("base64url");
}

/** 128-bit secret token for cookies and invitation links. */
export function newToken(): string {
  return crypto.randomBytes(16).toString("base64url");
}

export function sha256(value: string): string {
  return crypto.createHash("sha256").update(value).digest("hex");
}
