// From findings to suggested answers. For a question with one answer: one suggestion. When the code
// shows evidence for several options of it (a verified webhook here, fulfilment on the success page
// there), the worst one wins: the evidence proves that problem exists, and the better option's
// evidence does not make it go away. Ties go to the more confident, then the better-supported one.
// For a "select all that apply" question every option with evidence is its own suggestion (each
// proves one more statement true), except a "none of these" option, which only stands alone.
// Findings of rules that suggest no option (notes) are not suggestions: notesFrom lists them.

import type { Content, Question } from "../content/types";

import type { Confidence, Finding } from "./types";

export interface Suggestion {
  question: string;
  option: string;
  confidence: Confidence;
  /** the findings behind the suggested option, most confident first (at most EVIDENCE_KEPT) */
  evidence: Finding[];
  /** how many findings support the option in total */
  evidenceCount: number;
}

/**
 * Evidence about a question that suggests no answer: what the code shows is worth seeing while
 * answering, but it does not decide between the options ("no error tracker in the code" does not
 * say whether anyone reads the hosting logs).
 */
export interface CodeNote {
  question: string;
  /** the notes' findings, most confident first (at most EVIDENCE_KEPT) */
  evidence: Finding[];
  evidenceCount: number;
}

const EVIDENCE_KEPT = 8;

const RANK: Record<Confidence, number> = { high: 3, medium: 2, low: 1 };

function strongest(confidences: readonly Confidence[]): Confidence {
  return confidences.reduce<Confidence>((best, c) => (RANK[c] > RANK[best] ? c : best), "low");
}

function readinessOf(question: Question, option: string): number | undefined {
  return question.options.find((o) => o.id === option)?.readiness;
}

/**
 * Suggestions in questionnaire order. Findings whose question or option the question bank no
 * longer has are left out (old stored or imported scans).
 */
export function suggestAnswers(findings: readonly Finding[], content: Content): Suggestion[] {
  const byQuestion = new Map<string, Map<string, Finding[]>>();
  for (const f of findings) {
    if (f.option === null) continue; // a note
    const question = content.questionsById.get(f.question);
    if (!question || readinessOf(question, f.option) === undefined) continue;
    let options = byQuestion.get(f.question);
    if (!options) byQuestion.set(f.question, (options = new Map()));
    const list = options.get(f.option) ?? [];
    list.push(f);
    options.set(f.option, list);
  }
  const order = [...content.intake.questions, ...content.areas.flatMap((a) => a.questions)].map((q) => q.id);
  const suggestions: Suggestion[] = [];
  for (const questionId of order) {
    const options = byQuestion.get(questionId);
    if (!options) continue;
    const question = content.questionsById.get(questionId)!;
    if (question.kind === "multi") {
      const exclusive = new Set(question.options.filter((o) => o.exclusive).map((o) => o.id));
      const some = [...options.keys()].filter((o) => !exclusive.has(o));
      const chosen = some.length > 0 ? some : [...options.keys()];
      for (const o of question.options) {
        const list = chosen.includes(o.id) ? options.get(o.id) : undefined;
        if (!list) continue;
        const evidence = [...list].sort((a, b) => RANK[b.confidence] - RANK[a.confidence]);
        suggestions.push({
          question: questionId,
          option: o.id,
          confidence: strongest(list.map((f) => f.confidence)),
          evidence: evidence.slice(0, EVIDENCE_KEPT),
          evidenceCount: evidence.length,
        });
      }
      continue;
    }
    const ranked = [...options.entries()].map(([option, list]) => ({
      option,
      list,
      readiness: readinessOf(question, option) ?? 1,
      confidence: strongest(list.map((f) => f.confidence)),
    }));
    ranked.sort(
      (a, b) =>
        a.readiness - b.readiness ||
        RANK[b.confidence] - RANK[a.confidence] ||
        b.list.length - a.list.length ||
        question.options.findIndex((o) => o.id === a.option) -
          question.options.findIndex((o) => o.id === b.option),
    );
    const best = ranked[0];
    const evidence = [...best.list].sort((a, b) => RANK[b.confidence] - RANK[a.confidence]);
    suggestions.push({
      question: questionId,
      option: best.option,
      confidence: best.confidence,
      evidence: evidence.slice(0, EVIDENCE_KEPT),
      evidenceCount: evidence.length,
    });
  }
  return suggestions;
}

/** Notes (findings of rules that suggest no option), one per question, in questionnaire order. */
export function notesFrom(findings: readonly Finding[], content: Content): CodeNote[] {
  const byQuestion = new Map<string, Finding[]>();
  for (const f of findings) {
    if (f.option !== null || !content.questionsById.has(f.question)) continue;
    const list = byQuestion.get(f.question) ?? [];
    list.push(f);
    byQuestion.set(f.question, list);
  }
  const order = [...content.intake.questions, ...content.areas.flatMap((a) => a.questions)].map((q) => q.id);
  return order.flatMap((question) => {
    const list = byQuestion.get(question);
    if (!list) return [];
    const evidence = [...list].sort((a, b) => RANK[b.confidence] - RANK[a.confidence]);
    return [{ question, evidence: evidence.slice(0, EVIDENCE_KEPT), evidenceCount: evidence.length }];
  });
}
