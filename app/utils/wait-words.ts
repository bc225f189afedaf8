/**
 * When a refused attempt may be tried again, in plain words for a sentence ("Try again in about an
 * hour."), from the limit's real retry time in seconds. "Please wait" said nothing of whether that
 * meant a second or an hour. Minutes are rounded up, so the words never promise a shorter wait than
 * the real one (a try made at the promised time is not refused again).
 */
export function inWaitWords(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s <= 10) return "in a few seconds";
  if (s < 60) return "in less than a minute";
  const minutes = Math.ceil(s / 60);
  if (minutes === 1) return "in a minute";
  // An hour's window opened a few minutes ago reads as "about an hour", not "57 minutes".
  if (minutes < 50) return `in ${minutes} minutes`;
  if (minutes <= 90) return "in about an hour";
  return `in about ${Math.round(minutes / 60)} hours`;
}
