// How wide the whole estimate is: sigma of the shared project factor (lognormal, median 1) that
// multiplies every simulated total (see simulate.ts for why a shared factor at all).
//
// sigma = min(1.0, 0.30 + stage + 0.4 * (unsure + missing) share)
//
// - 0.30 base: McConnell's cone of uncertainty gives 0.67x..1.5x once requirements are complete;
//   read as a P10..P90 range that is a log-sd of ln(1.5 / 0.67) / 2.56 = 0.31. A finished
//   assessment is that moment for completion work: we know what is missing, not yet how the code
//   will fight back.
// - stage: an idea or a prototype hides more than a live product (cone: 0.5x..2x at "product
//   defined", sigma 0.54; 0.25x..4x at "initial concept", sigma 1.08): idea +0.25, prototype +0.08,
//   beta +0.04, live 0.
// - unsure and missing answers, as shares of the questions that count (visible, applicable, not
//   free text). Both already price their worst case (scope.ts); what stays unknown is how big the
//   work behind them really is, which the range carries.
// - cap 1.0: the cone's widest reading; beyond that a number stops meaning anything.
// With everything answered on a prototype the factor alone gives P90/P50 = e^(1.28 * 0.38) = 1.63,
// against about 1.08 for a sum of independent tasks; its mean is 7% above its median, and more for
// wider sigmas: the fat right tail of the overrun studies (Flyvbjerg & Budzier), where the average
// overrun is 30-40% and 60-80% of projects overrun (Molokken & Jorgensen).

import type { SigmaTerms, Stage } from "./assessment-types";
import type { AnswerContext } from "./answers";

export const SIGMA_BASE = 0.3;
const SIGMA_CAP = 1.0;
export const STAGE_SIGMA: Readonly<Record<Stage, number>> = {
  idea: 0.25,
  prototype: 0.08,
  beta: 0.04,
  live: 0,
};
const UNSURE_SIGMA = 0.4;
const MISSING_SIGMA = 0.4;

interface UncertaintyCounts {
  counted: number;
  unsureCount: number;
  missingCount: number;
}

export function countUncertainty(ctx: AnswerContext): UncertaintyCounts {
  let counted = 0;
  let unsureCount = 0;
  let missingCount = 0;
  for (const q of ctx.visible) {
    if (q.kind === "text") continue; // notes and descriptions: leaving them empty hides no work
    counted++;
    const meaning = ctx.interpreted.get(q.id);
    if (!meaning) missingCount++;
    else if (meaning.kind === "unsure") unsureCount++;
  }
  return { counted, unsureCount, missingCount };
}

export function sigmaTerms(counts: UncertaintyCounts, stage: Stage): SigmaTerms {
  const share = (n: number) => (counts.counted > 0 ? n / counts.counted : 0);
  const terms = {
    base: SIGMA_BASE,
    stage: STAGE_SIGMA[stage],
    unsure: UNSURE_SIGMA * share(counts.unsureCount),
    missing: MISSING_SIGMA * share(counts.missingCount),
  };
  const sigma = Math.min(SIGMA_CAP, terms.base + terms.stage + terms.unsure + terms.missing);
  return { ...terms, sigma, cap: SIGMA_CAP, ...counts };
}
