// How long answering takes, said up front so a founder can pick a moment for it. Timed on the demo
// bank: a choice question takes 20–40 s to read and answer, a few need a look at a dashboard.
const SECONDS_PER_QUESTION = 30;

/** Minutes to answer `questions` questions, rounded up to a whole minute (0 for none). */
export function minutesToAnswer(questions: number): number {
  return questions <= 0 ? 0 : Math.max(1, Math.ceil((questions * SECONDS_PER_QUESTION) / 60));
}
