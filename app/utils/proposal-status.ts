// One meaning of a proposal version's status, for the proposal list, the overview and the version page.
export type ProposalStatus = "published" | "accepted" | "superseded" | "withdrawn";

export const PROPOSAL_STATUS_LABELS: Record<ProposalStatus | "draft", string> = {
  draft: "Draft",
  published: "Awaiting sign-off",
  accepted: "Accepted",
  superseded: "Superseded",
  withdrawn: "Withdrawn",
};

/**
 * Accepted stays accepted. A version the partner withdrew says so, whether or not a newer one
 * replaced it too: that is the reason it cannot be accepted that the partner gave (decision 039).
 * Otherwise the newest version is the one awaiting sign-off, and every older unaccepted version is
 * superseded by it. A withdrawn newest version leaves the one before it superseded, not on offer again.
 */
export function proposalStatus(
  version: { number: number; acceptedAt: number | null; withdrawnAt?: number | null },
  newest: number,
): ProposalStatus {
  if (version.acceptedAt) return "accepted";
  if (version.withdrawnAt) return "withdrawn";
  return version.number < newest ? "superseded" : "published";
}
