import type { Assessment } from "~/engine/assessment-types";
import type { Content } from "~/engine/content/types";
import type { StoredAnswer } from "~/models/answer.server";
import { describeAnswer } from "~/engine/answer-words";
import { reviewerOn } from "~/utils/format";

import { assessmentView } from "../../utils/assessment-view";

// What the results page sends to the browser: the assessment as every view shows it
// (assessment-view.ts), plus what only this page shows. Founders read "likely" and "cautious";
// partners also see P50/P90 and the spread (σ).
export function resultsView({
  engagementId,
  assessment: a,
  stored,
  content,
  percentiles,
  founder,
}: {
  engagementId: string;
  assessment: Assessment;
  stored: StoredAnswer[];
  content: Content;
  /** show P50/P90 and σ (partners) */
  percentiles: boolean;
  /** the reader is a founder, who gave the answers ("you answered"); others read "the founder answered" */
  founder: boolean;
}) {
  // Scores use the partner's corrections; the page still shows what the founder originally said, and
  // who corrected it when, as an answer names who gave it.
  const corrections: Record<string, { by: string; original: string; note: string | null }> = {};
  for (const s of stored) {
    const q = content.questionsById.get(s.questionId);
    if (q && s.review === "corrected")
      corrections[s.questionId] = {
        by: reviewerOn(s.reviewedByName, s.reviewedAt),
        original: `${founder ? "you" : "the founder"} answered “${describeAnswer(q, s.value)}”`,
        note: s.reviewNote,
      };
  }
  const view = assessmentView(a);
  return {
    engagementId,
    percentiles,
    corrections,
    overall: view.overall,
    completion: view.completion,
    provisional: view.provisional,
    blockers: view.blockers,
    possibleBlockers: view.possibleBlockers,
    areas: view.areas,
    estimate: view.effort,
    reference: view.reference,
    // What the launch minimum is mostly made of, so the headline number has names behind it.
    launchItems: a.tasks
      .filter((t) => t.phase === "launch-blocker" && !t.shared && !t.discovery)
      .sort((x, y) => y.mean - x.mean)
      .slice(0, 4)
      .map((t) => ({ id: t.id, title: t.title, hours: t.mean, contingent: t.contingent })),
    // The page lists the answers that drive the effort (the PDF lists tasks).
    drivers: view.drivers.questions,
    narrowers: view.narrowers,
    method: view.method,
  };
}

export type ResultsView = ReturnType<typeof resultsView>;
