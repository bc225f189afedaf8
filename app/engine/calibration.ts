// One example scenario against its reference class: the check behind `npm run calibrate` and the
// calibration test. Pure: content, answers and settings in, the tiers and what is wrong out.

import type { Answers, Content } from "./content/types";
import type { ReferenceComparison, Settings, TierEstimate } from "./assessment-types";
import { assess, validateAnswers } from "./assess";

export interface Calibration {
  answered: number;
  tiers: TierEstimate[];
  total: { p50: number; p90: number };
  reference: ReferenceComparison | null;
  /** why the scenario fails calibration; empty when it holds */
  problems: string[];
}

export function calibrateScenario(
  content: Content,
  answers: Answers,
  settings: Partial<Settings>,
  expectedClass: string,
): Calibration {
  const invalid = validateAnswers(content, answers);
  if (invalid.length > 0) {
    throw new Error(invalid.map((p) => `answers["${p.questionId}"]: ${p.reason}`).join("; "));
  }
  const a = assess(content, answers, settings);
  const problems: string[] = [];
  const ref = a.reference;
  if (!ref) problems.push("no reference class applies");
  else {
    if (ref.classId !== expectedClass)
      problems.push(`lands in reference class "${ref.classId}", expected "${expectedClass}"`);
    if (ref.position !== "within")
      problems.push(
        `launch minimum likely ${Math.round(ref.estimate)} h is outside ${ref.low}–${ref.high} h (${ref.position})`,
      );
  }
  if (a.provisional.provisional)
    problems.push(`${a.provisional.total - a.provisional.answered} visible questions are unanswered`);
  return {
    answered: a.provisional.answered,
    tiers: a.effort.tiers,
    total: { p50: a.effort.hours.p50, p90: a.effort.hours.p90 },
    reference: ref,
    problems,
  };
}
