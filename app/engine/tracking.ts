// When work on the plan is tracked (status and actual hours per item): once the founder has accepted
// a proposal. Before that the plan is still being agreed, so "done" would mean nothing yet. The
// plan page, the item page and the plan actions all ask this one rule.

export function tracksProgress(proposals: ReadonlyArray<{ acceptedAt: number | null }>): boolean {
  return proposals.some((p) => p.acceptedAt !== null);
}
