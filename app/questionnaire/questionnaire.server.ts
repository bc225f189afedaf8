import { data, redirect } from "@remix-run/node";
import { z } from "zod";

import { describeAnswer } from "~/engine/answer-words";
import { conditionQuestions } from "~/engine/conditions";
import type { Answers, Content, Question } from "~/engine/content/types";
import { INTAKE_AREA } from "~/engine/intake-ids";
import { getAnswerState, type AnswerState } from "~/models/answer-state.server";
import { isAnswered } from "~/engine/answers";
import {
  answerToken,
  effectiveAnswerValues,
  saveAnswers,
  type SaveResult,
  type StoredAnswer,
} from "~/models/answer.server";
import { hasShownSuggestions } from "~/models/evidence.server";
import { getContent } from "~/models/content.server";
import { sectionEvidence } from "~/evidence/evidence-view.server";
import { parseAnswerForm } from "~/questionnaire/answer-form.server";
import { commentOnQuestion, questionThreads } from "~/questionnaire/question-comments.server";
import { listComments } from "~/models/comment.server";
import { listMembers } from "~/models/membership.server";
import { postedForm, requireMember, notFound } from "~/auth/membership.server";
import { can, type Role } from "~/auth/permissions";
import {
  controllingQuestions,
  ESSENTIALS_SECTION,
  sectionPath,
  sectionProgress,
  visibleSections,
  type SectionProgress,
} from "~/questionnaire/questionnaire";
import type { RequestArgs } from "~/utils/request-memo.server";

const IntentSchema = z.enum(["autosave", "save", "continue", "essentials", "later"]).catch("save");

type Section = { id: string; title: string; summary: string; questions: Question[] };

function findSection(content: Content, sectionId: string): Section | undefined {
  if (sectionId === INTAKE_AREA) {
    return { id: INTAKE_AREA, ...content.intake };
  }
  if (sectionId === ESSENTIALS_SECTION) return essentialsSection(content);
  const area = content.areas.find((a) => a.id === sectionId);
  return area
    ? { id: area.id, title: area.title, summary: area.summary, questions: area.questions }
    : undefined;
}

/**
 * The quick path as one section: every area's essential questions, each carrying its area's
 * applicability in its condition, so the page shows exactly what the area pages would show.
 */
function essentialsSection(content: Content): Section {
  return {
    id: ESSENTIALS_SECTION,
    title: "The essentials",
    summary:
      "The questions that most often decide whether an app can launch safely, a few from each area. Answer them for a first result; it stays provisional until you go deeper area by area.",
    questions: content.areas.flatMap((area) =>
      area.questions
        .filter((q) => q.essential)
        .map((q) => {
          const conditions = [area.applicability, q.showIf].filter((c) => c !== undefined);
          return conditions.length === 0
            ? q
            : { ...q, showIf: conditions.length === 1 ? conditions[0] : { all: conditions } };
        }),
    ),
  };
}

/** The questions of a section the founder sees once `answers` apply (the server's rule on save). */
function shownAfterSave(content: Content, sectionId: string, answers: Answers): Set<string> {
  const sections = visibleSections(content, answers);
  if (sectionId !== ESSENTIALS_SECTION)
    return new Set(sections.find((s) => s.id === sectionId)?.questions.map((q) => q.id) ?? []);
  return new Set(
    sections.flatMap((s) =>
      s.id === INTAKE_AREA ? [] : s.questions.filter((q) => q.essential).map((q) => q.id),
    ),
  );
}

/**
 * The questions of a section that a save revealed and the founder has not seen, in page order:
 * hidden before the save, shown after it, not on the form that was posted (a hidden question's
 * fieldset is disabled, so the browser sends no `q` for it) and still unanswered. Without
 * JavaScript a follow-up ("Which payment provider?") only appears once the page is rendered again;
 * with it, the follow-up appeared as the founder answered, was posted, and may be skipped on purpose.
 */
async function unseenRevealed({
  engagementId,
  content,
  section,
  posted,
  current,
  shown,
}: {
  engagementId: string;
  content: Content;
  section: Section;
  /** the questions on the posted form */
  posted: ReadonlySet<string>;
  /** the answers conditions read, as they stood before the save */
  current: Answers;
  /** the questions shown once the save applies */
  shown: ReadonlySet<string>;
}): Promise<string[]> {
  const before = shownAfterSave(content, section.id, current);
  const revealed = section.questions
    .map((q) => q.id)
    .filter((id) => shown.has(id) && !before.has(id) && !posted.has(id));
  if (revealed.length === 0) return [];
  const values = await effectiveAnswerValues({ engagementId, questionIds: revealed });
  return revealed.filter((id) => !isAnswered(values[id]));
}

/** What the browser needs of an answer: the value, the note, who and when, and its version. */
function clientAnswer(a: StoredAnswer) {
  return {
    value: a.value,
    note: a.note,
    notApplicableReason: a.notApplicableReason,
    answeredByName: a.answeredByName,
    answeredAt: a.answeredAt,
    version: a.version,
    // A review raises the version too: a save refused after one says so, not "someone else changed it".
    reviewedAt: a.review ? a.reviewedAt : null,
    // Sent back with a whole page, so a question nobody touched there is not taken for a change.
    shown: answerToken(a),
  };
}
type ClientAnswer = ReturnType<typeof clientAnswer>;

/** The partner's review of an answer as the founder's questionnaire shows it. */
function reviewFor(a: StoredAnswer, q: Question | undefined) {
  // Who reviewed it is named, as who answered is (the date is the answer's reviewedAt).
  const by = a.reviewedByName;
  if (a.review === "verified") return { kind: "verified" as const, by };
  if (a.review === "corrected" && q && a.correctedValue !== null)
    return {
      kind: "corrected" as const,
      by,
      answer: describeAnswer(q, a.correctedValue),
      note: a.reviewNote ?? "",
    };
  return null;
}

/** A question as the form needs it: no readiness, risks, findings or tasks (they stay on the server). */
function clientQuestion(q: Question) {
  return {
    id: q.id,
    area: q.area,
    prompt: q.prompt,
    help: q.help,
    impact: q.impact,
    kind: q.kind,
    notApplicable: q.notApplicable,
    showIf: q.showIf,
    options: q.options.map((o) => ({ id: o.id, label: o.label, exclusive: o.exclusive })),
    min: q.min,
    max: q.max,
    unit: q.unit,
  };
}

/** What a section's form shows: its questions, their answers (with any review), and the answers its conditions read. */
function sectionAnswers({ stored, visible }: AnswerState, section: Section) {
  const inSection = new Map(section.questions.map((q) => [q.id, q]));
  const referenced = new Set(
    section.questions.flatMap((q) => (q.showIf ? conditionQuestions(q.showIf) : [])),
  );
  const answers: Record<string, ClientAnswer & { review: ReturnType<typeof reviewFor> }> = {};
  for (const a of stored) {
    const q = inSection.get(a.questionId);
    if (q) answers[a.questionId] = { ...clientAnswer(a), review: reviewFor(a, q) };
  }
  return {
    questions: section.questions.map(clientQuestion),
    answers,
    // The browser re-evaluates this section's conditions as the founder answers; it needs only the
    // visible answers those conditions read (other sections' visibility is settled on the server).
    values: Object.fromEntries(
      [...referenced].flatMap((id) => (Object.hasOwn(visible, id) ? [[id, visible[id]]] : [])),
    ) as Answers,
  };
}

/**
 * Whether a save changed more than the saved fields show (revalidateUnlessQuietAutosave): a progress
 * count (a question answered or cleared), which questions or areas are shown, a partner's review it
 * replaced, code evidence shown beside the question, or the intake (the engagement header reads it).
 */
async function needsReload({
  engagementId,
  content,
  sectionId,
  result,
  current,
  merged,
}: {
  engagementId: string;
  content: Content;
  sectionId: string;
  result: SaveResult;
  current: Answers;
  merged: Answers;
}): Promise<boolean> {
  const changed = result.saved.filter((s) => s.changed);
  if (changed.length === 0) return false;
  if (sectionId === INTAKE_AREA) return true;
  const controlling = controllingQuestions(content);
  for (const { questionId, before } of changed) {
    if (before === "reviewed" || controlling.has(questionId)) return true;
    if (isAnswered(current[questionId]) !== isAnswered(merged[questionId])) return true;
    if (await hasShownSuggestions({ engagementId, questionId })) return true;
  }
  return false;
}

/** The search parameter a save of the intake moves on with, for the next page's open-questions note. */
const FROM_INTAKE = "from-intake";

export async function loadSection({
  request,
  context,
  engagementId,
  sectionId,
}: RequestArgs & {
  engagementId: string | undefined;
  sectionId: string;
}) {
  const { engagement, role, user } = await requireMember({ request, context }, engagementId);
  const state = await getAnswerState({ engagement });
  const { content, sections: progress } = state;
  const section = findSection(content, sectionId);
  if (!section) throw notFound();
  const essentials = section.id === ESSENTIALS_SECTION;
  const index = essentials ? 0 : progress.findIndex((s) => s.id === section.id);
  // An area that does not apply (no payments, say) has no page; send the founder to the next one.
  if (index === -1) throw redirect(`/engagements/${engagement.id}/assess`);
  const inSection = new Set(section.questions.map((q) => q.id));
  const canComment = can(role, "comment");
  const [comments, members] = await Promise.all([
    listComments({ engagementId: engagement.id }),
    canComment ? listMembers({ engagementId: engagement.id }) : [],
  ]);
  const threads = questionThreads(comments);
  const asking = askingOn({ request, role, userId: user.id, members, inSection, threads });
  return {
    engagementId: engagement.id,
    canAnswer: can(role, "answer"),
    // The questions' threads (partner audit #11): each under its question, to read and answer.
    canComment,
    threads: Object.fromEntries(Object.entries(threads).filter(([id]) => inSection.has(id))),
    // Starting a thread on a question that has none: whom it asks, and the one question whose form
    // is open (?ask=<question>); null when there is nobody to ask.
    asking,
    // Suggestions from scanned code for this section's questions, and answers backed by it.
    canUseEvidence: can(role, "useCodeEvidence"),
    evidence: await sectionEvidence(
      state,
      engagement.id,
      section.questions.map((q) => q.id),
    ),
    section: { id: section.id, title: section.title, summary: section.summary },
    ...sectionAnswers(state, section),
    // The essentials page groups its questions under their areas' titles.
    areaTitles: essentials ? Object.fromEntries(content.areas.map((a) => [a.id, a.title])) : null,
    // After the essentials come the results (provisional); after an area, the next section.
    next: essentials ? null : (progress[index + 1]?.path ?? null),
    previous: essentials ? "" : index > 0 ? progress[index - 1].path : null,
    finish: essentials ? ("results" as const) : ("review" as const),
    // Right after the intake was saved and left with questions open: how many are (else 0). Read
    // now, not carried in the address, so it is never stale.
    intakeOpen: intakeOpenAfterSave(request, progress, section.id),
  };
}

/** Whom a first comment on a question goes to, in the words of the link that starts it. */
export type AskWho = "partner" | "founder" | "note";

const AskSchema = z.string().min(1).max(120);

/**
 * A thread on a question starts from a link under it, `?ask=<question>`, which has this page rendered
 * with that one question's thread form: one link per question, not a form per question (issue 14's
 * page budget). The founder asks their partner (once the engagement has one); the partner asks the
 * founder, as on the review page; a viewer, or a founder without a partner, leaves a note for the
 * other members. Alone on the engagement, nobody would read it: no link.
 */
function askingOn({
  request,
  role,
  userId,
  members,
  inSection,
  threads,
}: {
  request: Request;
  role: Role;
  userId: string;
  members: Array<{ userId: string; role: Role }>;
  inSection: Set<string>;
  threads: Record<string, unknown>;
}): { who: AskWho; open: string | null } | null {
  if (!can(role, "comment")) return null;
  const who: AskWho | null =
    role === "partner"
      ? "founder"
      : role === "founder" && members.some((m) => m.role === "partner")
        ? "partner"
        : members.some((m) => m.userId !== userId)
          ? "note"
          : null;
  if (!who) return null;
  const asked = AskSchema.safeParse(new URL(request.url).searchParams.get("ask"));
  // A question of another page, or one that has a thread already (its reply box is there): nothing.
  const open = asked.success && inSection.has(asked.data) && !threads[asked.data] ? asked.data : null;
  return { who, open };
}

function intakeOpenAfterSave(request: Request, progress: SectionProgress[], sectionId: string): number {
  if (sectionId === INTAKE_AREA || !new URL(request.url).searchParams.has(FROM_INTAKE)) return 0;
  const intake = progress.find((s) => s.id === INTAKE_AREA);
  return intake ? intake.total - intake.answered : 0;
}

export async function saveSection({
  request,
  context,
  engagementId,
  sectionId,
}: RequestArgs & {
  engagementId: string | undefined;
  sectionId: string;
}) {
  const formData = await postedForm(request);
  // A comment in a question's thread (which any member who may comment can post), not an answer.
  if (formData.get("intent") === "comment") {
    const path = sectionPath(sectionId);
    return commentOnQuestion({
      request,
      context,
      engagementId,
      formData,
      back: (id) => `/engagements/${engagementId}/assess${path ? `/${path}` : ""}#q-${id}`,
    });
  }
  const { engagement, user } = await requireMember({ request, context }, engagementId, "answer");
  const content = getContent();
  const section = findSection(content, sectionId);
  if (!section) throw notFound();
  const intent = IntentSchema.parse(formData.get("intent"));

  const parsed = parseAnswerForm(formData, new Map(section.questions.map((q) => [q.id, q])));
  const { fieldErrors } = parsed;
  // An autosave sends one question because it was changed: sent back as shown, it is still a change
  // (back to what the page showed), so only a whole page's inputs are checked against what it showed.
  const inputs =
    intent === "autosave" ? parsed.inputs.map(({ shown: _shown, ...input }) => input) : parsed.inputs;

  // Only questions visible once this submission is applied are saved: a hidden question's inputs
  // (stale from before an answer changed) must not resurrect an answer the founder can't see.
  // Which questions are shown depends only on the answers that conditions read, and on the inputs.
  const controlling = controllingQuestions(content);
  const current = await effectiveAnswerValues({
    engagementId: engagement.id,
    questionIds: [...controlling, ...inputs.map((i) => i.questionId)],
  });
  const merged: Answers = { ...current };
  for (const input of inputs) {
    if (input.value === null) delete merged[input.questionId];
    else merged[input.questionId] = input.value;
  }
  const visible = shownAfterSave(content, sectionId, merged);
  const result = await saveAnswers({
    engagementId: engagement.id,
    userId: user.id,
    contentVersion: content.version,
    inputs: inputs.filter((i) => visible.has(i.questionId)),
  });

  const reload = await needsReload({
    engagementId: engagement.id,
    content,
    sectionId,
    result,
    current,
    merged,
  });

  const conflicts = Object.fromEntries(
    result.conflicts.map((c) => [c.questionId, c.current ? clientAnswer(c.current) : null]),
  );
  const hasErrors = Object.keys(fieldErrors).length > 0;
  const hasConflicts = result.conflicts.length > 0;
  if (intent === "autosave" || hasErrors || hasConflicts) {
    // Echo what was typed for the questions that failed, so a no-JS page shows it again.
    const drafts: Record<string, { values: string[]; note: string; naReason: string }> = Object.create(null);
    for (const id of [...Object.keys(fieldErrors), ...Object.keys(conflicts)]) {
      drafts[id] = {
        values: formData.getAll(`a:${id}`).filter((v): v is string => typeof v === "string"),
        note: String(formData.get(`note:${id}`) ?? ""),
        naReason: String(formData.get(`na:${id}`) ?? ""),
      };
    }
    return data(
      {
        ok: !hasErrors && !hasConflicts,
        saved: result.saved.map(({ questionId, version }) => ({ questionId, version })),
        reload,
        fieldErrors,
        conflicts,
        drafts,
      },
      { status: hasErrors ? 400 : hasConflicts ? 409 : 200 },
    );
  }
  const base = `/engagements/${engagement.id}`;
  if (intent === "later") return redirect(`${base}?saved=1`);
  // A save that revealed questions here the founder never saw (no JavaScript) comes back to them,
  // rather than moving on with the section quietly incomplete.
  const added = await unseenRevealed({
    engagementId: engagement.id,
    content,
    section,
    posted: new Set(formData.getAll("q").filter((v): v is string => typeof v === "string")),
    current,
    shown: visible,
  });
  if (added.length > 0) {
    const path = sectionPath(section.id);
    return redirect(`${base}/assess${path ? `/${path}` : ""}?added=${added.length}#q-${added[0]}`);
  }
  // Leaving the intake with questions open: the next page says how many, once (FROM_INTAKE). The
  // intake sizes the estimate, and its open questions are priced at their worst case.
  const progress = sectionProgress(content, merged);
  const intake = progress.find((s) => s.id === INTAKE_AREA);
  const fromIntake =
    sectionId === INTAKE_AREA && intake && intake.answered < intake.total ? `?${FROM_INTAKE}=1` : "";
  if (intent === "essentials") return redirect(`${base}/assess/${ESSENTIALS_SECTION}${fromIntake}`);
  if (intent === "continue" && sectionId === ESSENTIALS_SECTION) return redirect(`${base}/results`);
  if (intent === "continue") {
    const index = progress.findIndex((s) => s.id === sectionId);
    const next = progress[index + 1];
    return redirect(next ? `${base}/assess/${next.path}${fromIntake}` : `${base}/assess/review`);
  }
  return redirect(`${base}/assess/${sectionPath(section.id)}`);
}
