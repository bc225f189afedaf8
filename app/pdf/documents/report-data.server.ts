// The founder's assessment report as plain data: the engine's assessment (the same one the results
// page shows) plus every visible question with its answer, finding and help text. No I/O: the route
// loads, this shapes, a worker renders.
import type { Assessment, Finding } from "~/engine/assessment-types";
import type { Answers, Content, Question } from "~/engine/content/types";
import type { PartnerIdentity, ProposalSnapshot } from "~/engine/plan-types";
import { effectiveAnswers, type StoredAnswer } from "~/models/answer.server";
import { answerStatus, describeAnswer } from "~/engine/answer-words";
import { assessmentView } from "~/utils/assessment-view";
import { reviewerOn } from "~/utils/format";
import { priceWords } from "~/utils/price-model";
import { answerConflicts } from "~/questionnaire/answer-conflicts";
import { visibleSections } from "~/questionnaire/questionnaire";
import { contradictions } from "~/components/questionnaire/answer-conflicts";
import type {
  Person,
  ReportAgreement,
  ReportData,
  ReportFinding,
  ReportQuestion,
  ReportSection,
} from "../types";

/** The engagement as the report prints it; builder and stage as short labels (productFacts). */
interface ReportEngagement {
  id: string;
  name: string;
  description: string;
  builtWith: string;
  stage: string;
}

function findingsByQuestion(assessment: Assessment): Map<string, ReportFinding> {
  const map = new Map<string, ReportFinding>();
  const add = (f: Finding) => {
    const known = map.get(f.questionId);
    // A blocker outranks a plain risk, a high risk a medium one.
    if (known && (known.blocker || (known.risk === "high" && !f.blocker))) return;
    if (f.risk === "none" && !f.blocker) return;
    map.set(f.questionId, {
      risk: f.risk === "medium" ? "medium" : "high",
      blocker: f.blocker,
      impact: f.impact,
    });
  };
  for (const area of assessment.areas) {
    area.blockers.forEach(add);
    area.risks.high.forEach(add);
    area.risks.medium.forEach(add);
  }
  return map;
}

function questionView(
  q: Question,
  stored: StoredAnswer | undefined,
  answers: Answers,
  findings: Map<string, ReportFinding>,
): ReportQuestion {
  const value = answers[q.id];
  const corrected = stored?.review === "corrected";
  return {
    id: q.id,
    prompt: q.prompt,
    help: q.help,
    state: answerStatus(value),
    answer: describeAnswer(q, value),
    notApplicableReason: stored?.notApplicableReason || null,
    note: stored?.note ?? "",
    answeredBy: stored ? stored.answeredByName : null,
    review: stored?.review
      ? {
          kind: stored.review,
          originalAnswer: corrected ? describeAnswer(q, stored.value) : null,
          note: stored.reviewNote,
          by: reviewerOn(stored.reviewedByName, stored.reviewedAt),
        }
      : null,
    finding: findings.get(q.id) ?? null,
  };
}

export function buildReportData({
  engagement,
  content,
  stored,
  assessment,
  preparedFor,
  preparedBy = null,
  partner = null,
  generatedAt = Date.now(),
}: {
  engagement: ReportEngagement;
  content: Content;
  stored: readonly StoredAnswer[];
  assessment: Assessment;
  preparedFor: Person[];
  preparedBy?: Person | null;
  /** the downloading partner's company, when their profile names one */
  partner?: PartnerIdentity | null;
  generatedAt?: number;
}): ReportData {
  const answers = effectiveAnswers(stored);
  const byId = new Map(stored.map((a) => [a.questionId, a]));
  const findings = findingsByQuestion(assessment);
  const areaTitle = new Map(content.areas.map((a) => [a.id, a.title]));
  const withAnswer = (q: Question) => questionView(q, byId.get(q.id), answers, findings);

  const sections: ReportSection[] = visibleSections(content, answers).map((s) => ({
    id: s.id,
    title: s.title,
    summary: s.summary,
    questions: s.questions.map(withAnswer),
  }));

  const view = assessmentView(assessment);
  const { effort, settings } = view;
  // The results page warns of these and the review page lists them; a report forwarded without
  // either would count a mis-clicked answer (often a large task) with no hint that it is one.
  const conflicts = answerConflicts(content, answers, assessment);
  return {
    generatedAt,
    preparedFor,
    preparedBy,
    partner: partner?.company ? partner : null,
    engagement: {
      id: engagement.id,
      name: engagement.name,
      description: engagement.description,
      builtWith: engagement.builtWith,
      stage: engagement.stage,
    },
    settings,
    contentVersion: view.contentVersion,
    completion: view.completion,
    overall: view.overall,
    // The report prints counts per area; the findings themselves sit with their questions.
    areas: view.areas.map((a) => ({
      id: a.id,
      title: a.title,
      applicable: a.applicable,
      score: a.score,
      level: a.level,
      high: a.risks.high.length,
      medium: a.risks.medium.length,
      blockers: a.blockers.length,
      unsure: a.unsure.length,
      answered: a.completion.answered,
      total: a.completion.total,
    })),
    possibleBlockers: view.possibleBlockers.map((q) => ({
      questionId: q.questionId,
      areaTitle: areaTitle.get(q.area) ?? q.area,
      prompt: q.prompt,
    })),
    blockers: view.blockers.map((b) => ({
      questionId: b.questionId,
      areaTitle: areaTitle.get(b.area) ?? b.area,
      prompt: b.prompt,
      impact: b.impact,
      answer: b.answer,
    })),
    ...(conflicts.length > 0
      ? {
          conflicts: {
            title: contradictions(conflicts.length),
            items: conflicts.map((c) => ({
              message: c.message,
              answers: c.answers.map(({ questionId, prompt, answer, work }) => ({
                questionId,
                prompt,
                answer,
                work,
              })),
            })),
          },
        }
      : {}),
    effort: {
      ...effort,
      provisional: view.provisional,
      reference: view.reference,
      // The answers that drive the effort, the same list as the results page's.
      drivers: view.drivers.questions.map((d) => ({
        title: d.unsure ? `${d.prompt} (not sure)` : d.prompt,
        areaTitle: areaTitle.get(d.area) ?? d.area,
        hours: d.hours,
        share: d.share,
      })),
      narrowers: view.narrowers.map((n) => ({
        prompt: n.prompt,
        areaTitle: areaTitle.get(n.area) ?? n.area,
        state: n.state,
        spreadHours: n.spreadHours,
      })),
    },
    sections,
    method: view.method,
  };
}

/**
 * The accepted version as the report names it (ReportData.agreement): its price in words and its
 * planned work, from the frozen snapshot, never recomputed at today's rate or answers.
 */
export function reportAgreement(
  version: { number: number; acceptedAt: number },
  snapshot: Pick<ProposalSnapshot, "price" | "totals">,
): ReportAgreement {
  const { hours, cost } = snapshot.totals;
  return {
    number: version.number,
    acceptedAt: version.acceptedAt,
    // Versions published before price models were priced on the range.
    price: priceWords(snapshot.price ?? { model: "range" }, cost.currency),
    hours: { likely: hours.p50, cautious: hours.p90 },
    cost: { likely: cost.p50, cautious: cost.p90, currency: cost.currency },
  };
}
