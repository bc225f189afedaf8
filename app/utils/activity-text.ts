// One plain sentence per activity entry, for the engagement's activity log.
type Detail = Record<string, unknown>;

const str = (v: unknown) => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");

export function describeActivity(kind: string, d: Detail): string {
  switch (kind) {
    case "engagement.created":
      return "created the engagement";
    case "engagement.imported":
      return "imported the engagement from an export";
    case "answers.saved": {
      const n = Array.isArray(d.questions) ? d.questions.length : 0;
      return n === 1 ? `answered ${str((d.questions as unknown[])[0])}` : `saved ${n} answers`;
    }
    case "answer.verified":
      return `verified the answer to ${str(d.questionId)}`;
    case "answer.corrected":
      return `corrected the answer to ${str(d.questionId)}`;
    case "answer.review-cleared":
      return `cleared the review of ${str(d.questionId)}`;
    case "evidence.scanned":
      return `${d.source === "import" ? "imported a scan of" : "scanned"} the code (${str(d.label)}): ${str(d.suggestions)} suggested answers`;
    case "evidence.accepted":
      return `accepted the code's suggested answer to ${str(d.questionId)}`;
    case "evidence.rejected":
      return `rejected the code's suggested answer to ${str(d.questionId)}`;
    case "settings.updated":
      return "changed the settings";
    case "plan.regenerated":
      return `updated the plan from the answers (${str(d.created)} new, ${str(d.stale)} no longer needed)`;
    case "plan.scope":
      return `set “${str(d.item)}” to ${str(d.to)}${d.reason ? `: ${str(d.reason)}` : ""}`;
    case "plan.estimate":
      return `changed the estimate of “${str(d.item)}”: ${str(d.reason)}`;
    case "plan.phase":
      return `moved “${str(d.item)}” to ${str(d.to)}`;
    case "plan.owner":
      return `gave “${str(d.item)}” to the ${str(d.to) === "founder" ? "founder's team" : "engineering partner"}`;
    case "plan.status":
      return `marked “${str(d.item)}” ${str(d.to)}`;
    case "plan.dependencies":
      return `changed what “${str(d.item)}” waits for`;
    case "plan.moved":
      return d.position ? `moved “${str(d.item)}” to position ${str(d.position)}` : `reordered “${str(d.item)}”`;
    case "plan.scope-many":
      return `set ${str(d.count)} ${d.count === 1 ? "item" : "items"} to ${str(d.to)}${d.reason ? `: ${str(d.reason)}` : ""}`;
    case "plan.custom":
      return `added “${str(d.item)}” to the plan`;
    case "plan.details":
      return `edited “${str(d.item)}”`;
    case "comment.added":
      return "commented";
    case "proposal.published":
      return `published proposal version ${str(d.number)}`;
    case "proposal.accepted":
      return `accepted proposal version ${str(d.number)}`;
    case "invitation.created":
      return "invited someone";
    case "invitation.revoked":
      return "revoked an invitation";
    case "member.joined":
      return "joined";
    case "member.removed":
      return "removed a member";
    case "member.left":
      return "left the engagement";
    default:
      return kind.replace(/[._]/g, " ");
  }
}
