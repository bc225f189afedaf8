// Which answers rest on accepted evidence from the code, as short notes for results, the review
// page and the PDFs. An answer counts as evidence-backed while it is the accepted suggestion's option.

import { questionnaireVisibility } from "~/engine/conditions";
import type { Answers, Content } from "~/engine/content/types";
import type { EvidenceNote } from "~/engine/evidence/types";
import type { ReportData } from "~/pdf/types";
import { evidenceBehind, latestScan, listSuggestions } from "~/models/evidence.server";
import { describeAnswer } from "~/engine/answer-words";

import { notFoundByLatest } from "./same-evidence";

export async function evidenceNotes({
  engagementId,
  content,
  answers,
}: {
  engagementId: string;
  content: Content;
  answers: Answers;
}): Promise<Record<string, EvidenceNote>> {
  // Only accepted suggestions can be behind an answer; pending and rejected ones are not read.
  const [accepted, latest] = await Promise.all([
    listSuggestions({ engagementId, statuses: ["accepted"] }),
    latestScan({ engagementId }),
  ]);
  const behind = evidenceBehind(accepted, answers, content);
  const notes: Record<string, EvidenceNote> = {};
  const visibility = questionnaireVisibility(content, answers);
  for (const [questionId, s] of Object.entries(behind)) {
    const question = content.questionsById.get(questionId);
    // Hidden questions (an earlier answer made them not apply) are not shown anywhere else either.
    if (!question || !visibility.questionVisible(question)) continue;
    const first = s.evidence[0];
    notes[questionId] = {
      questionId,
      prompt: question.prompt,
      answer: describeAnswer(question, answers[questionId]),
      title: first?.title ?? "Evidence from the code",
      place: first?.file ? `${first.file}${first.line ? `:${first.line}` : ""}` : null,
      confidence: s.confidence,
      count: s.evidenceCount,
      ...(latest && notFoundByLatest(s, latest) ? { notFoundBy: latest.label } : {}),
    };
  }
  return notes;
}

/** The notes in questionnaire order. */
export function orderedNotes(content: Content, notes: Record<string, EvidenceNote>): EvidenceNote[] {
  return [...content.intake.questions, ...content.areas.flatMap((a) => a.questions)].flatMap((q) =>
    notes[q.id] ? [notes[q.id]] : [],
  );
}

/**
 * Marks the report's evidence-backed answers (the report is built by
 * app/pdf/documents/report-data.server.ts).
 */
export function markEvidence(report: ReportData, notes: Record<string, EvidenceNote>): void {
  for (const section of report.sections) {
    for (const q of section.questions) {
      const note = notes[q.id];
      if (!note) continue;
      const { title, place, count, notFoundBy } = note;
      q.evidence = { title, place, count, ...(notFoundBy ? { notFoundBy } : {}) };
    }
  }
}
