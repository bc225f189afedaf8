import crypto from "node:crypto";

// Ids are cut from a pool of random bytes refilled 512 ids at a time: one randomBytes call per id
// cost about 8 µs, which an import of thousands of rows paid on the event loop.
const ID_BYTES = 9;
const pool = Buffer.alloc(ID_BYTES * 512);
let offset = pool.length;

/** URL-safe random id (72 bits): not guessable, short enough for URLs. */
export function newId(): string {
  if (offset === pool.length) {
    crypto.randomFillSync(pool);
    offset = 0;
  }
  const id = pool.toString("base64url", offset, offset + ID_BYTES);
  offset += ID_BYTES;
  return id;
}

/** 128-bit secret token for cookies and invitation links. */
export function newToken(): string {
  return crypto.randomBytes(16).toString("base64url");
}

export function sha256(value: string): string {
  return crypto.createHash("sha256").update(value).digest("hex");
}
