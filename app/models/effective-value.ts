// The value of an answer that counts. Its own module because the answers model and the engagement
// list (which answers.server itself imports for bumpEngagement) both need it.

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
