import { LRUCache } from "lru-cache";

import { assessSteps } from "~/engine/assess";
import type { Assessment, Settings } from "~/engine/assessment-types";
import type { Answers, Content } from "~/engine/content/types";

import { getAnswerState } from "./answer-state.server";
import type { StoredAnswer } from "./answer.server";
import type { Engagement } from "./engagement.server";
import { runInSlices } from "./engine-run.server";

export function settingsOf(engagement: Engagement): Settings {
  return {
    hourlyRate: engagement.hourlyRate,
    currency: engagement.currency,
    teamSize: engagement.teamSize,
    weeklyCapacity: engagement.weeklyCapacity,
    // No stage here: the engine reads it from the intake answer, the one place it is asked.
  };
}

// Scoring with 10,000 draws takes tens of milliseconds, and every results, plan and overview view
// needs it. Answers, reviews and settings edits all bump the engagement's updatedAt/version, so that
// pair (plus the content version) identifies one assessment exactly. The cache holds the computation
// itself, so concurrent views of a new state share one run, which goes in slices (engine-run.server).
const cache = new LRUCache<string, Promise<Assessment>>({ max: 200 });

function cacheKey(engagement: Engagement, contentVersion: string) {
  return `${engagement.id}:${engagement.updatedAt}:${engagement.version}:${contentVersion}`;
}

/**
 * The engagement's assessment, computed from its current answers and settings with the engine's
 * fixed default seed: the results page, the overview, the plan and the PDFs all show the same numbers.
 */
export async function getEngagementAssessment({
  engagement,
}: {
  engagement: Engagement;
}): Promise<{ content: Content; stored: StoredAnswer[]; answers: Answers; assessment: Assessment }> {
  const { content, stored, answers } = await getAnswerState({ engagement });
  const key = cacheKey(engagement, content.version);
  let run = cache.get(key);
  if (!run) {
    run = runInSlices(assessSteps(content, answers, settingsOf(engagement)));
    cache.set(key, run);
    run.catch(() => cache.delete(key));
  }
  return { content, stored, answers, assessment: await run };
}
