import type { PreviousDecision } from "~/evidence/evidence-view.server";
import { plural, reviewerOn } from "~/utils/format";

/** What differs from the evidence decided before: the new places are marked "New" in the list. */
function changes({ added, gone }: PreviousDecision): string {
  const parts: string[] = [];
  if (added > 0) parts.push(`${plural(added, "new place")} (marked New below)`);
  if (gone > 0) parts.push(`${plural(gone, "place")} from before no longer found`);
  // Only the total moved (places beyond the few that are kept).
  if (parts.length === 0) parts.push("it is found in a different number of places");
  return parts.join(", ");
}

/**
 * Why a suggestion about a question already decided is back: a demanding reader must see that it
 * reopens a decision, whose, and what is new in the code, before deciding again.
 */
export function AskedAgain({ previous: p }: { previous: PreviousDecision }) {
  const who = reviewerOn(p.decidedByName, p.decidedAt, "someone");
  let text: string;
  if (!p.sameOption)
    text = `The answer “${p.optionLabel}” rests on evidence ${who} accepted (from ${p.scanLabel}); this scan suggests a ${p.worse ? "worse" : "different"} answer.`;
  else if (p.answerChanged)
    text = `Asked again: accepted before by ${who} (from ${p.scanLabel}), but the answer was changed since, and the code still shows this.`;
  else if (p.status === "accepted")
    text = `Asked again: accepted before by ${who} (from ${p.scanLabel}), and this scan's evidence is different: ${changes(p)}.`;
  else
    text = `Rejected before by ${who} (from ${p.scanLabel}). It is back because this scan's evidence is different: ${changes(p)}.`;
  return (
    <p className={`alert ${p.worse || (p.sameOption && p.added > 0) ? "alert--warn" : "alert--info"} small`}>
      {text}
    </p>
  );
}

/**
 * Under an answer whose accepted evidence the latest scan no longer finds. The answer is a person's,
 * so it stays; but the code may have been fixed since, and the evidence shown is an earlier scan's.
 */
export function NotFoundByLatest({ scanLabel }: { scanLabel: string }) {
  return (
    <p className="alert alert--warn small">
      The latest scan ({scanLabel}) no longer finds this. If it has been fixed, change the answer; if that
      scan left this code out, the answer stands.
    </p>
  );
}
