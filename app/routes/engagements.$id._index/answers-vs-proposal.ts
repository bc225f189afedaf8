// Why the overview's two launch minimums, the answers' and the proposal's, differ (QA 7, finding 2).
// It said the answers price "what the open questions could still add at worst, so the two differ",
// which reads as the answers' figure being the higher one; once the partner adds or re-estimates
// work the proposal's is often far higher. So: the direction from the actual hours, and the causes
// counted from the proposal itself (items added, re-estimated, left out; questions still open).
import type { ProposalSnapshot } from "~/engine/plan-types";
import { plural } from "~/utils/format";
import { andList } from "~/utils/settings-words";

export interface LaunchSide {
  tasks: number;
  /** "$12,700–$22,400" */
  cost: string;
  /** "85–149 h" */
  hours: string;
  likelyHours: number;
}

/**
 * "The answers alone put the launch minimum at $12,700–$22,400 (85–149 h), fewer hours than the
 * proposal's 213–422 h. Why they differ: 1 item added to the plan and the 9 open questions, which the
 * answers price at their worst."
 */
export function answersVsProposal({
  snapshot,
  answers,
  proposal,
  open,
  whose,
  rateSince,
}: {
  snapshot: Pick<ProposalSnapshot, "items" | "outOfScope" | "totals">;
  answers: LaunchSide;
  proposal: LaunchSide;
  /** questions still open in the answers, which they price at their worst */
  open: number;
  /** "your answers" / "the founder's answers" */
  whose: string;
  /** " at today's rate of … (the version is priced at …)", or "" */
  rateSince: string;
}): string {
  const Whose = whose.charAt(0).toUpperCase() + whose.slice(1);
  const launchTier = snapshot.totals.tiers?.find((t) => t.id === "launch");
  // The items the proposal's launch minimum counts: its own phase's, and later work it waits for.
  const pulled = new Set((launchTier?.pulledForward ?? []).map((p) => p.id));
  const inLaunch = snapshot.items.filter((i) => i.phase === "launch-blocker" || pulled.has(i.id));
  const added = inLaunch.filter((i) => i.taskId === null).length;
  const reestimated = inLaunch.filter((i) => i.taskId !== null && i.estimateReason).length;
  const leftOut = (snapshot.outOfScope ?? []).filter((i) => i.phase === "launch-blocker").length;
  const causes = [
    ...(added > 0 ? [`${plural(added, "item")} added to the plan`] : []),
    ...(reestimated > 0 ? [`${plural(reestimated, "item")} re-estimated`] : []),
    ...(leftOut > 0 ? [`${plural(leftOut, "launch-minimum item")} deferred or left out`] : []),
    ...(open > 0 && answers.tasks > 0
      ? [`the ${plural(open, "open question")}, which the answers price at their worst`]
      : []),
  ];
  const first =
    answers.tasks === 0
      ? `${Whose} alone call for no work before launch`
      : `The answers alone put the launch minimum at ${answers.cost} (${answers.hours})${rateSince}, ${direction(answers, proposal)}`;
  return causes.length > 0
    ? `${first}. Why they differ: ${andList(causes)}.`
    : `${first}: they price every task ${whose} call for today, the proposal the plan as it was published.`;
}

function direction(answers: LaunchSide, proposal: LaunchSide): string {
  const a = Math.round(answers.likelyHours);
  const p = Math.round(proposal.likelyHours);
  const than = `the proposal's ${proposal.hours}`;
  return a < p ? `fewer hours than ${than}` : a > p ? `more hours than ${than}` : `the same hours as ${than}`;
}
