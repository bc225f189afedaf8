// The value of an answer that counts, and which answers count at all. Its own module because the
// answers model and the engagement list (which answers.server itself imports for bumpEngagement)
// both need it.
import { sql } from "drizzle-orm";

import { answers } from "../../db/schema";

export type StoredValue = string | string[] | number;

export type ReviewedValue = {
  value: StoredValue;
  review: "verified" | "corrected" | null;
  correctedValue: StoredValue | null;
};

/** The value that counts: a partner's correction wins over the founder's answer. */
export function effectiveValue(row: ReviewedValue): StoredValue {
  return row.review === "corrected" && row.correctedValue !== null ? row.correctedValue : row.value;
}

/**
 * A cleared answer stays as a row with no value and no note, so its version keeps counting: deleted,
 * the next answer started again at version 1, and a page opened on the old answer's version 1 could
 * verify or overwrite the new one as if it had seen it. Every read of answers leaves these rows out.
 */
export const CLEARED = { value: "", note: "" } as const;
export const liveAnswer = sql`not (${answers.value} = '""' and ${answers.note} = '')`;
export const isCleared = (row: { value: StoredValue; note: string }) => row.value === "" && row.note === "";
