// What the evidence page and the questionnaire show of scans and suggestions: labels resolved
// against the question bank, evidence as plain display data. Nothing here decides anything.

import { assessSteps } from "~/engine/assess";
import type { Assessment } from "~/engine/assessment-types";
import { isQuestionVisible } from "~/engine/conditions";
import { UNSURE, type Answers, type Content, type Question } from "~/engine/content/types";
import { includesOption, withOption } from "~/engine/evidence/answer-value";
import { notesFrom } from "~/engine/evidence/suggest";
import { CONFIDENCE_LABELS, type Finding } from "~/engine/evidence/types";
import type { Role } from "~/auth/permissions";
import type { AnswerState } from "~/models/answer-state.server";
import { getEngagementAssessment, settingsOf } from "~/models/assessment.server";
import { runInSlices } from "~/models/engine-run.server";
import type { Engagement } from "~/models/engagement.server";
import { evidenceBehind, listScans, listSuggestions, type StoredSuggestion } from "~/models/evidence.server";
import { describeAnswer } from "~/engine/answer-words";
import { sectionPath } from "~/questionnaire/questionnaire";

import {
  answerKey,
  latestDecisions,
  notFoundByLatest,
  proofChanges,
  sameProofs,
  supportedAnswers,
  type LatestScan,
} from "./same-evidence";

export type EvidenceItemView = {
  title: string;
  file: string | null;
  line: number | null;
  excerpt: string | null;
  explanation: string;
  /** a place the suggestion asked again shows that the one decided before did not */
  isNew?: boolean;
};

/**
 * Why a suggestion is asked again although its question was decided: the decision it follows, on
 * the same answer with other evidence, or (one answer only) on another answer the code now contradicts.
 */
export type PreviousDecision = {
  status: "accepted" | "rejected";
  sameOption: boolean;
  optionLabel: string;
  decidedByName: string | null;
  decidedAt: number | null;
  scanLabel: string;
  /** places this scan shows that the decided suggestion did not (marked isNew), and ones it no longer shows */
  added: number;
  gone: number;
  /** the suggested answer is worse (less ready) than the one decided */
  worse: boolean;
  /** accepted on the same evidence, but the answer was changed away from it since */
  answerChanged: boolean;
};

export type SuggestionView = {
  id: string;
  questionId: string;
  prompt: string;
  section: string;
  /** path below /engagements/:id/assess of the question's page */
  sectionPath: string;
  option: string;
  optionLabel: string;
  confidence: string;
  confidenceLabel: string;
  evidence: EvidenceItemView[];
  evidenceCount: number;
  status: StoredSuggestion["status"];
  decidedByName: string | null;
  decidedAt: number | null;
  scanLabel: string;
  /** the answer that counts now, in words */
  currentAnswer: string;
  /** the answer that counts now says the suggested option already */
  matchesCurrent: boolean;
  /** a "select all that apply" question: accepting adds the option */
  multi: boolean;
  /** the question is shown in this assessment (its area applies, its condition holds) */
  visible: boolean;
  /** for an undecided suggestion: the earlier decision it reopens, if any */
  previous: PreviousDecision | null;
  /** for an accepted one: the latest scan's name, when it no longer finds anything for this answer */
  notFoundBy: string | null;
};

/**
 * What the latest scan found about a question without suggesting an answer (a note): shown on the
 * question, and on the evidence page, so the person answering sees it; nothing to accept.
 */
export type NoteView = {
  questionId: string;
  prompt: string;
  section: string;
  sectionPath: string;
  evidence: EvidenceItemView[];
  evidenceCount: number;
  scanLabel: string;
  visible: boolean;
};

function evidenceItem(f: Finding): EvidenceItemView {
  return { title: f.title, file: f.file, line: f.line, excerpt: f.excerpt, explanation: f.explanation };
}

function sectionOf(content: Content, questionId: string) {
  const question = content.questionsById.get(questionId);
  if (!question) return undefined;
  const path = sectionPath(question.area);
  if (path === "") return { question, title: content.intake.title, path };
  const area = content.areas.find((a) => a.id === question.area);
  return area ? { question, title: area.title, path } : undefined;
}

/** The decisions a suggestion asked again reopens: see previousDecision. */
type Decisions = {
  latest: Map<string, StoredSuggestion>;
  behind: Record<string, StoredSuggestion>;
};

function decisionsOf(all: readonly StoredSuggestion[], answers: Answers, content: Content): Decisions {
  return { latest: latestDecisions(all), behind: evidenceBehind(all, answers, content) };
}

/**
 * The newest decision on the same answer (the action carries it over when the evidence is the
 * same, so one found here had other evidence); else, for a one-answer question, the accepted
 * evidence behind the answer, which the suggestion contradicts.
 */
function previousDecision(
  question: Question,
  s: StoredSuggestion,
  decisions: Decisions,
): { previous: PreviousDecision; added: boolean[] } | null {
  const same = decisions.latest.get(answerKey(s.questionId, s.optionId));
  const other = question.kind === "multi" ? undefined : decisions.behind[s.questionId];
  const before = same ?? other;
  if (!before || before.status === "pending" || before.status === "superseded") return null;
  const changes = same ? proofChanges(same, s) : { added: [], gone: 0 };
  const readiness = (id: string) => question.options.find((o) => o.id === id)?.readiness ?? 1;
  return {
    previous: {
      status: before.status,
      sameOption: same !== undefined,
      optionLabel: question.options.find((o) => o.id === before.optionId)?.label ?? before.optionId,
      decidedByName: before.decidedByName,
      decidedAt: before.decidedAt,
      scanLabel: before.scanLabel,
      added: changes.added.filter(Boolean).length,
      gone: changes.gone,
      worse: readiness(s.optionId) < readiness(before.optionId),
      answerChanged: same?.status === "accepted" && sameProofs(same, s),
    },
    added: changes.added,
  };
}

function suggestionView(
  content: Content,
  answers: Answers,
  s: StoredSuggestion,
  decisions?: Decisions,
  latest?: LatestScan,
): SuggestionView | undefined {
  const found = sectionOf(content, s.questionId);
  const option = found?.question.options.find((o) => o.id === s.optionId);
  if (!found || !option) return undefined; // the question bank no longer has it
  const { question } = found;
  const reopened = s.status === "pending" && decisions ? previousDecision(question, s, decisions) : null;
  return {
    id: s.id,
    questionId: s.questionId,
    prompt: question.prompt,
    section: found.title,
    sectionPath: found.path,
    option: s.optionId,
    optionLabel: option.label,
    confidence: s.confidence,
    confidenceLabel: CONFIDENCE_LABELS[s.confidence],
    evidence: s.evidence.map((f, i) =>
      reopened?.added[i] ? { ...evidenceItem(f), isNew: true } : evidenceItem(f),
    ),
    evidenceCount: s.evidenceCount,
    status: s.status,
    decidedByName: s.decidedByName,
    decidedAt: s.decidedAt,
    scanLabel: s.scanLabel,
    currentAnswer: describeAnswer(question, answers[s.questionId]),
    matchesCurrent: includesOption(question, answers[s.questionId], s.optionId),
    multi: question.kind === "multi",
    visible: isQuestionVisible(question, answers, content),
    previous: reopened?.previous ?? null,
    notFoundBy: s.status === "accepted" && latest && notFoundByLatest(s, latest) ? latest.label : null,
  };
}

function latestOf(
  scan: { id: string; label: string; findings: Finding[] } | undefined,
): LatestScan | undefined {
  return scan && { id: scan.id, label: scan.label, supports: supportedAnswers(scan.findings) };
}

/** The latest scan's notes, in questionnaire order (none before the first scan). */
function noteViews(
  content: Content,
  answers: Answers,
  scan: { label: string; findings: Finding[] } | undefined,
): NoteView[] {
  if (!scan) return [];
  return notesFrom(scan.findings, content).flatMap((n) => {
    const found = sectionOf(content, n.question);
    if (!found) return [];
    return [
      {
        questionId: n.question,
        prompt: found.question.prompt,
        section: found.title,
        sectionPath: found.path,
        evidence: n.evidence.map(evidenceItem),
        evidenceCount: n.evidenceCount,
        scanLabel: scan.label,
        visible: isQuestionVisible(found.question, answers, content),
      },
    ];
  });
}

/**
 * The evidence for one questionnaire section: undecided suggestions (several for a "select all that
 * apply" question) and evidence-backed answers.
 */
export async function sectionEvidence(
  state: AnswerState,
  engagementId: string,
  questionIds: readonly string[],
) {
  const [all, [latest]] = await Promise.all([
    listSuggestions({ engagementId }),
    listScans({ engagementId, limit: 1 }),
  ]);
  const inSection = new Set(questionIds);
  const decisions = decisionsOf(all, state.answers, state.content);
  const pending: Record<string, SuggestionView[]> = Object.create(null);
  for (const s of all) {
    if (s.status !== "pending" || !inSection.has(s.questionId)) continue;
    const view = suggestionView(state.content, state.answers, s, decisions);
    if (view) (pending[s.questionId] ??= []).push(view);
  }
  const backed: Record<string, SuggestionView> = Object.create(null);
  const latestScan = latestOf(latest);
  for (const [questionId, s] of Object.entries(decisions.behind)) {
    if (!inSection.has(questionId)) continue;
    const view = suggestionView(state.content, state.answers, s, undefined, latestScan);
    if (view) backed[questionId] = view;
  }
  // What the latest scan noted without suggesting an answer ("no CI workflow in the code").
  const notes: Record<string, NoteView> = Object.create(null);
  for (const n of noteViews(state.content, state.answers, latest)) {
    if (inSection.has(n.questionId)) notes[n.questionId] = n;
  }
  return { pending, backed, notes };
}

export type RangeView = {
  p10: number;
  p50: number;
  p90: number;
  unsure: number;
  missing: number;
  /** launch blockers and the readiness score: accepting evidence can change them, hours or not */
  blockers: number;
  readiness: number | null;
};

function rangeOf(a: Assessment): RangeView {
  const { hours, sigmaTerms } = a.effort;
  return {
    p10: hours.p10,
    p50: hours.p50,
    p90: hours.p90,
    unsure: sigmaTerms.unsureCount,
    missing: sigmaTerms.missingCount,
    blockers: a.blockers.length,
    readiness: a.overall.score,
  };
}

/** The evidence page's effort figures: now, and if every suggestion to review were accepted. */
export type EffortRangeView = {
  now: RangeView;
  ifAccepted: RangeView | null;
  /**
   * How many "I'm not sure" answers accepting every suggestion would replace: each was priced as
   * its worst case plus the time to find out, so settling it can lower the hours on bad news.
   */
  unsureSettled: number;
};

/** Each question's place in the questionnaire: the order the evidence page lists suggestions in. */
function questionOrder(content: Content): Map<string, number> {
  return new Map(
    [...content.intake.questions, ...content.areas.flatMap((a) => a.questions)].map((q, i) => [q.id, i]),
  );
}

/** Undecided suggestions the page can show, in questionnaire order. */
function pendingInOrder<T extends { status: string; questionId: string }>(items: T[], content: Content): T[] {
  const order = questionOrder(content);
  return items
    .filter((v) => v.status === "pending")
    .sort((a, b) => (order.get(a.questionId) ?? 0) - (order.get(b.questionId) ?? 0));
}

/**
 * The status line after a decision on the evidence page: what was decided, and the suggestion it
 * stands above, the next one down the list still to decide (else the first left; null: none left).
 */
function decisionNote(
  views: SuggestionView[],
  pending: SuggestionView[],
  decidedId: string | null,
  content: Content,
): { text: string; before: string | null } | null {
  const s = decidedId ? views.find((v) => v.id === decidedId) : undefined;
  if (!s || s.status === "pending") return null;
  const left = pending.length;
  const rest = left === 0 ? "Nothing left to review." : `${left} left to review.`;
  const text =
    s.status === "accepted"
      ? `Accepted: ${s.prompt} → ${s.optionLabel}. ${rest}`
      : `Rejected: ${s.prompt} → ${s.optionLabel}. The answer was not changed. ${rest}`;
  const order = questionOrder(content);
  const from = order.get(s.questionId) ?? 0;
  const next = pending.find((p) => (order.get(p.questionId) ?? 0) >= from) ?? pending[0];
  return { text, before: next?.id ?? null };
}

/**
 * Everything the "Evidence from code" page shows. `decidedId`: the suggestion just decided on
 * this page (the `decided` search parameter), for the status line.
 */
export async function evidencePage(
  state: AnswerState,
  engagement: Engagement,
  role: Role,
  decidedId: string | null = null,
) {
  const [scans, all] = await Promise.all([
    listScans({ engagementId: engagement.id }),
    listSuggestions({ engagementId: engagement.id }),
  ]);
  const { content, answers } = state;
  const decisions = decisionsOf(all, answers, content);
  const views = all.flatMap((s) => suggestionView(content, answers, s, decisions) ?? []);
  const pending = pendingInOrder(views, content);
  // Answers whose accepted evidence the latest scan no longer finds: fixed since, or left out of it.
  const latest = latestOf(scans[0]);
  const order = questionOrder(content);
  const notFound = Object.values(decisions.behind)
    .flatMap((s) =>
      notFoundByLatest(s, latest) ? (suggestionView(content, answers, s, undefined, latest) ?? []) : [],
    )
    .filter((v) => v.visible)
    .sort((a, b) => (order.get(a.questionId) ?? 0) - (order.get(b.questionId) ?? 0));
  // Newest decision first: a decision carried to a newer scan's suggestion keeps its moment.
  const decided = views
    .filter((v) => v.status !== "pending")
    .sort((a, b) => (b.decidedAt ?? 0) - (a.decidedAt ?? 0))
    .slice(0, 40);
  // What accepting every suggestion would do to the effort range: the honest preview of
  // "evidence instead of I'm not sure", computed like the results page (same seed). Accepting works
  // as acceptSuggestion does for this role: a partner's accept corrects the answer as it now counts;
  // a founder's changes their own answer, and so drops a partner's correction of it. For a "select
  // all that apply" answer the two differ.
  const withPending: Answers = { ...answers };
  const started = new Set<string>();
  const settled = new Set<string>();
  for (const v of pending) {
    const question = content.questionsById.get(v.questionId);
    if (!question) continue;
    // Only a shown question's "not sure" is priced (worst case and discovery task).
    if (v.visible && answers[v.questionId] === UNSURE) settled.add(v.questionId);
    let from = withPending[v.questionId];
    if (role === "founder" && !started.has(v.questionId)) {
      const own = state.stored.find((a) => a.questionId === v.questionId);
      if (own?.review === "corrected") from = own.value;
    }
    started.add(v.questionId);
    withPending[v.questionId] = withOption(question, from, v.option);
  }
  return {
    scans: scans.map(({ findings, ...scan }) => ({ ...scan, findings: findings.length })),
    pending,
    notFound,
    notes: noteViews(content, answers, scans[0]),
    decided,
    decision: decisionNote(views, pending, decidedId, content),
    range: {
      now: rangeOf((await getEngagementAssessment({ engagement })).assessment),
      // A what-if, computed once per view: in slices, like every simulation on the server.
      ifAccepted:
        pending.length > 0
          ? rangeOf(await runInSlices(assessSteps(content, withPending, settingsOf(engagement))))
          : null,
      unsureSettled: settled.size,
    } satisfies EffortRangeView,
  };
}
