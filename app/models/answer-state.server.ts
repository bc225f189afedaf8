import { LRUCache } from "lru-cache";

import { validAnswers } from "~/engine/answers";
import { visibleAnswers } from "~/engine/conditions";
import type { Answers, Content } from "~/engine/content/types";
import { sectionProgress, type SectionProgress } from "~/questionnaire/questionnaire";

import { effectiveAnswers, listAnswers, type StoredAnswer } from "./answer.server";
import { getContent } from "./content.server";
import type { Engagement } from "./engagement.server";

export type AnswerState = {
  content: Content;
  stored: StoredAnswer[];
  /** what scoring uses: partner corrections applied */
  answers: Answers;
  /** answers to questions currently shown */
  visible: Answers;
  sections: SectionProgress[];
};

// A questionnaire page needs the answers and progress in its layout and its own loader, and every
// answer or review bumps the engagement's updated_at: one computation per engagement state.
const cache = new LRUCache<string, AnswerState>({ max: 200 });

export async function getAnswerState({ engagement }: { engagement: Engagement }): Promise<AnswerState> {
  const content = getContent();
  const key = `${engagement.id}:${engagement.updatedAt}:${content.version}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const stored = await listAnswers({ engagementId: engagement.id });
  const answers = effectiveAnswers(stored);
  // Shown and counted as the engine reads them: an answer no longer valid for its question is open.
  const valid = validAnswers(content, answers);
  const state: AnswerState = {
    content,
    stored,
    answers,
    visible: visibleAnswers(content, valid),
    sections: sectionProgress(content, valid),
  };
  cache.set(key, state);
  return state;
}
