// The overview's "Where you stand" card is read by every role, but its sentences were written to the
// founder ("which you accepted", "as you answer"). These say the same things to whoever reads them:
// only founders answer (docs/permissions.md), only the member who signed accepted, and a partner
// or viewer is told whose answers and whose plan the figures price.
import type { Role } from "~/auth/permissions";
import type { ProposalRecord } from "~/models/proposal.server";

/** Who accepted a proposal, as its reader should hear it. */
export type Acceptance =
  | { kind: "imported" }
  | { kind: "you" }
  | { kind: "member"; name: string }
  /** accepted here by an account that no longer resolves to a name */
  | { kind: "unknown" };

/** Who signed an accepted proposal, as this reader hears it: "you" only to the member who did. */
export function acceptanceFor(
  proposal: Pick<ProposalRecord, "acceptedById" | "acceptedBy" | "imported">,
  readerId: string,
): Acceptance {
  if (proposal.acceptedById === readerId) return { kind: "you" };
  if (proposal.acceptedBy) return { kind: "member", name: proposal.acceptedBy.name };
  return proposal.imported ? { kind: "imported" } : { kind: "unknown" };
}

/** ", which you accepted" / ", which Maya Okafor accepted" (after "Proposal version 2"). */
export function acceptedClause(accepted: Acceptance): string {
  switch (accepted.kind) {
    case "imported":
      return ", accepted in the project it was imported from";
    case "you":
      return ", which you accepted";
    case "member":
      return `, which ${accepted.name} accepted`;
    case "unknown":
      return ", which was accepted";
  }
}

/** Whose shaping of the plan a proposal prices: "as your partner shaped it". */
export function shapedBy(role: Role): string {
  // A partner reads the plan their side shaped; "your partner" would be themselves.
  return role === "founder"
    ? "as your partner shaped it"
    : role === "partner"
      ? "as it was published"
      : "as the engineering partner shaped it";
}

/** Whose answers the assessment's figures price: "your answers" to a founder, "the answers" to others. */
export function whoseAnswers(role: Role): string {
  return role === "founder" ? "your answers" : "the founder's answers";
}

/** How open questions get settled: only founders answer. */
export function asAnswered(role: Role): string {
  return role === "founder" ? "as you answer" : "as the founder answers";
}
