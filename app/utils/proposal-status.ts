// One meaning of a proposal version's status, for the proposal list, the overview and the version page.
export type ProposalStatus = "published" | "accepted" | "superseded";

export const PROPOSAL_STATUS_LABELS: Record<ProposalStatus | "draft", string> = {
  draft: "Draft",
  published: "Awaiting sign-off",
  accepted: "Accepted",
  superseded: "Superseded",
};

/**
 * Accepted stays accepted. Otherwise the newest version is the one awaiting sign-off, and every older
 * unaccepted version is superseded by it.
 */
export function proposalStatus(
  version: { number: number; acceptedAt: number | null },
  newest: number,
): ProposalStatus {
  if (version.acceptedAt) return "accepted";
  return version.number < newest ? "superseded" : "published";
}
