import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import { z } from "zod";

import { CommentThread } from "~/components/comment-thread";
import { CodeEvidenceOffer } from "~/components/evidence/code-offer";
import { SuggestionsWaiting } from "~/components/evidence/suggestions-waiting";
import { AnswerConflicts } from "~/components/questionnaire/answer-conflicts";
import { EvidenceMark } from "~/components/evidence/evidence-mark";
import { ReviewControls } from "~/components/questionnaire/review-controls";
import { evidenceNotes } from "~/evidence/answer-evidence.server";
import { getAnswerState } from "~/models/answer-state.server";
import { reviewAnswer, verifyAnswers } from "~/models/answer.server";
import { reviewConflictMessage } from "~/models/review-conflict.server";
import { getEngagementAssessment } from "~/models/assessment.server";
import { hasScan, listSuggestions } from "~/models/evidence.server";
import { getContent } from "~/models/content.server";
import { listComments } from "~/models/comment.server";
import {
  commentOnQuestion,
  questionThreads,
  type QuestionCommentError,
} from "~/questionnaire/question-comments.server";
import { describeAnswer } from "~/engine/answer-words";
import { answerConflicts } from "~/questionnaire/answer-conflicts";
import { parseAnswerForm } from "~/questionnaire/answer-form.server";
import { boundedArray } from "~/utils/bounded-array";
import { formatDateTime, reviewerOn } from "~/utils/format";
import { postedForm, requireMember } from "~/auth/membership.server";
import { can } from "~/auth/permissions";
import { visibleSections } from "~/questionnaire/questionnaire";
import { useHydrated } from "~/utils/use-hydrated";
import { whoseCode } from "~/utils/code-words";
import { engagementTitle, type EngagementMatches } from "~/utils/page-title";

const FILTERS = [
  { id: "all", label: "All questions" },
  { id: "unsure", label: "Not sure" },
  { id: "high-risk", label: "High risk" },
  { id: "unverified", label: "Not verified" },
] as const;
type Filter = (typeof FILTERS)[number]["id"];
const FilterSchema = z.enum(["all", "unsure", "high-risk", "unverified"]).catch("all");

const ReviewSchema = z.object({
  intent: z.enum(["verify", "correct", "clear"]),
  questionId: z.string().min(1).max(120),
  version: z.coerce.number().int().min(0),
  note: z.string().trim().max(1000, "Keep the note to 1,000 characters or fewer.").default(""),
});

// "question-id:version" per ticked answer: the version the partner saw, so nothing changed since is
// verified unseen.
const SelectedSchema = boundedArray(
  z.string().regex(/^[\w.-]{1,120}:\d{1,10}$/, "That selection could not be read. Reload the page."),
  1000,
).refine((selected) => selected.length >= 1, "Tick the answers you checked first.");

export const meta: MetaFunction<typeof loader, EngagementMatches> = (args) =>
  engagementTitle(args, "Review the answers", "Assessment");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { engagement, role } = await requireMember({ request, context }, params.id);
  const canReview = can(role, "reviewAnswers");
  const canAnswer = can(role, "answer");
  const mayUseCode = can(role, "useCodeEvidence");
  const url = new URL(request.url);
  const show = FilterSchema.parse(url.searchParams.get("show") ?? "all");
  // The one answer whose review form is open (its "Verify or correct" link), if any.
  const open = url.searchParams.get("review");
  // The one question whose thread is open (its "Ask the founder" or comments button), if any.
  const openThread = url.searchParams.get("thread");
  const [{ content, stored, answers, sections: progress }, { assessment }, comments] = await Promise.all([
    getAnswerState({ engagement }),
    getEngagementAssessment({ engagement }),
    listComments({ engagementId: engagement.id }),
  ]);
  const threads = questionThreads(comments);
  const byId = new Map(stored.map((a) => [a.questionId, a]));
  const highRisk = new Set(
    assessment.areas.flatMap((a) => [...a.risks.high, ...a.blockers].map((f) => f.questionId)),
  );
  const evidence = await evidenceNotes({ engagementId: engagement.id, content, answers });
  const shown = new Map(visibleSections(content, answers).map((s) => [s.id, s.questions]));
  const counts: Record<Filter, number> = { all: 0, unsure: 0, "high-risk": 0, unverified: 0 };
  const sections = progress.map((s) => {
    const questions = shown.get(s.id) ?? [];
    const rows = questions.map((q) => {
      const a = byId.get(q.id);
      const flags: Record<Filter, boolean> = {
        all: true,
        // As the estimate reads it: a partner's correction away from "not sure" (or to it) counts.
        unsure: answers[q.id] === "unsure",
        "high-risk": highRisk.has(q.id),
        unverified: Boolean(a) && !a?.review,
      };
      for (const f of FILTERS) if (flags[f.id]) counts[f.id]++;
      // What most rows lack (a note, a review, evidence, an open form or thread) is left out rather
      // than sent as null: on the partner's 60-row page that was a fifth of the loader data, encoded
      // for every document (issue 14).
      const optional = {
        // Options only for the answer being reviewed: every row's would be most of the page.
        question:
          canReview && a && q.id === open
            ? {
                id: q.id,
                kind: q.kind,
                options: q.options,
                unit: q.unit,
                prompt: q.prompt,
                // The options the answer counts with now (a correction's, once corrected): marked in
                // "Or correct it to", so it is plain what a correction changes.
                current: ([] as unknown[]).concat(answers[q.id] ?? []).map(String),
              }
            : undefined,
        note: a?.note || undefined,
        naReason: a?.notApplicableReason || undefined,
        review: a?.review ?? undefined,
        // Named and dated like the answer it reviews ("Corrected by Jonas Brandt on 3 Dec 2026").
        reviewedBy: a?.review ? reviewerOn(a.reviewedByName, a.reviewedAt, "partner") : undefined,
        corrected: a?.review === "corrected" ? describeAnswer(q, a.correctedValue) : undefined,
        // A note belongs to its review: one left behind by a cleared review (stored before clearing
        // dropped it) is not shown as if it still stood.
        reviewNote: (a?.review && a.reviewNote) || undefined,
        evidence: evidence[q.id],
        thread: q.id === openThread ? (threads[q.id] ?? []) : undefined,
      };
      return {
        flags,
        id: q.id,
        prompt: q.prompt,
        answer: describeAnswer(q, a?.value),
        answered: Boolean(a),
        by: a ? { name: a.answeredByName, at: formatDateTime(a.answeredAt) } : null,
        version: a?.version ?? 0,
        comments: threads[q.id]?.length ?? 0,
        ...(Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)) as Partial<
          typeof optional
        >),
      };
    });
    return {
      id: s.id,
      title: s.title,
      path: s.path,
      answered: s.answered,
      total: s.total,
      questions: rows.filter((r) => r.flags[show]).map(({ flags, ...r }) => ({ ...r, unsure: flags.unsure })),
    };
  });
  return {
    show,
    counts,
    sections: sections.filter((s) => s.questions.length > 0),
    missing: progress.reduce((n, s) => n + s.total - s.answered, 0),
    // Answers that cannot both be true (content/conflicts.yaml), read as the estimate reads them.
    conflicts: answerConflicts(content, answers, assessment),
    canReview,
    canAnswer,
    canComment: can(role, "comment"),
    // The code step, offered until code has been scanned, to those who may upload it.
    offerCode: mayUseCode && !(await hasScan({ engagementId: engagement.id })),
    // Suggestions still to decide, to those who may decide them: a newer scan can reopen an answer
    // shown here as settled (a service_role key found under accepted evidence). Counted as the code
    // page lists them: only those the question bank still has.
    codeWaiting: mayUseCode
      ? (await listSuggestions({ engagementId: engagement.id, statuses: ["pending"] })).filter((s) =>
          content.questionsById.get(s.questionId)?.options.some((o) => o.id === s.optionId),
        ).length
      : 0,
    code: whoseCode(role === "founder"),
    engagementId: engagement.id,
  };
}

/** The review list at a filter, with extra query fields (an open form, a bulk result). */
function reviewHref(engagementId: string, show: Filter, extra: Record<string, string> = {}) {
  const query = new URLSearchParams({ ...(show === "all" ? {} : { show }), ...extra }).toString();
  return `/engagements/${engagementId}/assess/review${query ? `?${query}` : ""}`;
}

function back(request: Request, engagementId: string, extra: Record<string, string> = {}) {
  return reviewHref(
    engagementId,
    FilterSchema.parse(new URL(request.url).searchParams.get("show") ?? "all"),
    extra,
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const formData = await postedForm(request);
  // A comment in a question's thread: any member who may comment, not only the partner reviewing.
  if (formData.get("intent") === "comment") {
    return commentOnQuestion({
      request,
      context,
      engagementId: params.id,
      formData,
      back: (id) => `${back(request, params.id ?? "", { thread: id })}#thread-${id}`,
    });
  }
  const { engagement, user } = await requireMember({ request, context }, params.id, "reviewAnswers");
  if (formData.get("intent") === "verify-selected") {
    const selected = SelectedSchema.safeParse(formData.getAll("answer"));
    if (!selected.success)
      return data({ bulkError: selected.error.issues[0]!.message } as const, { status: 400 });
    const seen = [
      ...new Map(
        selected.data.map((v) => {
          const at = v.lastIndexOf(":");
          return [v.slice(0, at), { questionId: v.slice(0, at), version: Number(v.slice(at + 1)) }];
        }),
      ).values(),
    ];
    const { verified, changed } = await verifyAnswers({
      engagementId: engagement.id,
      userId: user.id,
      seen,
    });
    return redirect(
      back(request, engagement.id, { verified: String(verified.length), changed: String(changed.length) }),
    );
  }
  // What the partner typed, sent back with a refusal so a page without JavaScript shows it again.
  const typedFor = (questionId: string) => ({
    note: String(formData.get("note") ?? "").slice(0, 1000),
    values: formData
      .getAll(`a:${questionId}`)
      .filter((v): v is string => typeof v === "string")
      .slice(0, 50),
  });
  const parsed = ReviewSchema.safeParse(
    Object.fromEntries(
      ["intent", "questionId", "version", "note"].map((k) => [k, formData.get(k) ?? undefined]),
    ),
  );
  if (!parsed.success) {
    const questionId = String(formData.get("questionId") ?? "");
    return data(
      { questionId, error: parsed.error.issues[0]!.message, typed: typedFor(questionId) },
      { status: 400 },
    );
  }
  const { intent, questionId, version, note } = parsed.data;
  const question = getContent().questionsById.get(questionId);
  if (!question)
    return data(
      { questionId, error: "That question is not in the current assessment.", typed: typedFor(questionId) },
      { status: 400 },
    );
  let correctedValue = null;
  if (intent === "correct") {
    const { inputs, fieldErrors } = parseAnswerForm(formData, new Map([[questionId, question]]));
    if (fieldErrors[questionId])
      return data(
        { questionId, error: fieldErrors[questionId], typed: typedFor(questionId) },
        { status: 400 },
      );
    correctedValue = inputs[0]?.value ?? null;
    if (correctedValue === null)
      return data(
        { questionId, error: "Choose the correct answer first.", typed: typedFor(questionId) },
        { status: 400 },
      );
  }
  const result = await reviewAnswer({
    engagementId: engagement.id,
    questionId,
    userId: user.id,
    version,
    review: intent === "verify" ? "verified" : intent === "correct" ? "corrected" : null,
    correctedValue,
    note,
  });
  if (!result.ok) {
    const error =
      result.reason === "conflict"
        ? await reviewConflictMessage({ engagementId: engagement.id, question })
        : "This question has no answer to review yet.";
    return data(
      { questionId, error, typed: typedFor(questionId) },
      { status: result.reason === "conflict" ? 409 : 400 },
    );
  }
  return redirect(`${back(request, engagement.id)}#q-${questionId}`);
}

const EMPTY: Record<Filter, string> = {
  all: "No questions to show.",
  unsure: "No answer is “I'm not sure”.",
  "high-risk": "No answer is high risk.",
  unverified: "Every answer is verified.",
};

export default function Review() {
  const {
    show,
    counts,
    sections,
    missing,
    conflicts,
    canReview,
    canAnswer,
    canComment,
    offerCode,
    codeWaiting,
    code,
    engagementId,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const refused = actionData && "comment" in actionData ? (actionData as QuestionCommentError).comment : null;
  const [params] = useSearchParams();
  const hydrated = useHydrated();
  const base = `/engagements/${engagementId}/assess`;
  const reviewPath = `${base}/review`;
  const selectable = sections.flatMap((s) =>
    s.questions.filter((q) => q.answered && !q.review).map((q) => `${q.id}:${q.version}`),
  );
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  // Only what is still on screen counts: a filter change or a save can take rows away.
  const ticked = selectable.filter((v) => selected.has(v));
  const toggle = (value: string, on: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(value);
      else next.delete(value);
      return next;
    });
  // The list at the current filter, with no answer's review form open.
  const listHref = reviewHref(engagementId, show);
  const verified = Number(params.get("verified") ?? NaN);
  const changed = Number(params.get("changed") ?? 0);
  return (
    <div className="stack-lg">
      <header className="stack">
        <h2>Review the answers</h2>
        <p className="muted">
          {missing === 0
            ? "Every question is answered. Answers can still change."
            : `${missing} ${missing === 1 ? "question is" : "questions are"} still open. Unanswered questions don't count toward the score.`}
          {canReview
            ? " As the engineering partner, verify answers or correct them; the results use your correction and show both."
            : ""}
        </p>
        <p>
          <Link to="../../results" relative="path" className="button button--primary">
            See the results
          </Link>
        </p>
      </header>
      {codeWaiting > 0 ? <SuggestionsWaiting count={codeWaiting} assessPath={base} code={code} /> : null}
      {conflicts.length > 0 ? (
        <AnswerConflicts
          conflicts={conflicts}
          assessPath={base}
          canAnswer={canAnswer}
          canReview={canReview}
        />
      ) : null}
      {Number.isFinite(verified) ? (
        <div className={`alert ${changed > 0 ? "alert--warn" : "alert--ok"}`} role="status">
          {verified === 1 ? "1 answer verified." : `${verified} answers verified.`}
          {changed > 0
            ? ` ${changed === 1 ? "1 answer was" : `${changed} answers were`} changed by someone else after you opened the page, so ${changed === 1 ? "it was" : "they were"} not verified: look again below.`
            : ""}
        </div>
      ) : null}
      {offerCode ? <CodeEvidenceOffer assessPath={base} /> : null}
      <nav aria-label="Show answers" className="filter-bar">
        {FILTERS.filter((f) => f.id !== "unverified" || canReview).map((f) => (
          <Link
            key={f.id}
            to={f.id === "all" ? "." : `?show=${f.id}`}
            className="filter-bar__link"
            aria-current={show === f.id ? "page" : undefined}
            preventScrollReset
          >
            {f.label} <span className="filter-bar__count">{counts[f.id]}</span>
          </Link>
        ))}
      </nav>
      {canReview && selectable.length > 0 ? (
        <Form
          method="post"
          id="bulk-verify"
          className="bulk-bar"
          aria-label="Verify several answers at once"
          onSubmit={() => setSelected(new Set())}
        >
          <input type="hidden" name="intent" value="verify-selected" />
          <p className="bulk-bar__text">
            Tick the answers you checked, then verify them together.{" "}
            <span className="muted">
              {selectable.length} shown {selectable.length === 1 ? "is" : "are"} not verified yet.
            </span>
          </p>
          <div className="bulk-bar__actions">
            {hydrated ? (
              <button
                type="button"
                className="button button--secondary button--small"
                onClick={() =>
                  setSelected(ticked.length === selectable.length ? new Set() : new Set(selectable))
                }
              >
                {ticked.length === selectable.length ? "Clear the selection" : "Select all"}
              </button>
            ) : null}
            {/* The page's main action only once something is ticked; pressed with nothing ticked it
                says to tick first. */}
            <button
              type="submit"
              className={`button ${hydrated && ticked.length === 0 ? "button--secondary" : "button--primary"} button--small`}
            >
              {hydrated ? `Verify ${ticked.length} selected` : "Verify the selected answers"}
            </button>
          </div>
          {actionData && "bulkError" in actionData ? (
            <p className="field__error" role="alert">
              {actionData.bulkError}
            </p>
          ) : null}
        </Form>
      ) : null}
      {canReview ? (
        // One form for every row's "Verify or correct": a row's button sends its question as
        // `review` (issue 14: one form per list, its buttons carrying the row's id, rather than a
        // link per row: a tenth of the partner's page's server time, decision 017).
        <Form method="get" id="open-review" action={reviewPath} preventScrollReset hidden>
          {show === "all" ? null : <input type="hidden" name="show" value={show} />}
        </Form>
      ) : null}
      {/* One form for every row's thread button, as for "Verify or correct": it asks for this page
          with ?thread=<question>, and comes back at that thread. */}
      <Form method="get" id="open-thread" action={reviewPath} preventScrollReset hidden>
        {show === "all" ? null : <input type="hidden" name="show" value={show} />}
      </Form>
      {sections.length === 0 ? (
        <section className="card empty-state">
          <p>{EMPTY[show]}</p>
          <Link to="." preventScrollReset>
            Show all answers
          </Link>
        </section>
      ) : null}
      {sections.map((s) => (
        <section key={s.id} className="card review-section" aria-labelledby={`review-${s.id}`}>
          <div className="review-section__head">
            <h3 id={`review-${s.id}`}>{s.title}</h3>
            <span className="muted small">
              {s.answered} of {s.total} answered
            </span>
          </div>
          <dl className="review-list">
            {s.questions.map((q) => {
              const value = `${q.id}:${q.version}`;
              const canTick = canReview && q.answered && !q.review;
              return (
                <div
                  key={q.id}
                  id={`q-${q.id}`}
                  className={`review-item${canTick ? " review-item--selectable" : ""}`}
                >
                  <dt>
                    {canTick ? (
                      <input
                        type="checkbox"
                        className="review-item__tick"
                        name="answer"
                        value={value}
                        form="bulk-verify"
                        checked={selected.has(value)}
                        onChange={(e) => toggle(value, e.currentTarget.checked)}
                        aria-labelledby={`p-${q.id}`}
                      />
                    ) : null}
                    <span id={`p-${q.id}`}>{q.prompt}</span>
                  </dt>
                  <dd>
                    <span
                      className={
                        q.corrected
                          ? "answer--superseded"
                          : q.answered
                            ? q.unsure
                              ? "badge badge--warn"
                              : undefined
                            : "badge badge--muted"
                      }
                    >
                      {q.answer}
                    </span>
                    {q.naReason ? <span className="muted"> — {q.naReason}</span> : null}
                    {q.review === "verified" ? (
                      <span className="badge badge--ok">Verified by {q.reviewedBy}</span>
                    ) : null}
                    {q.corrected ? (
                      <p className="review-item__correction">
                        <span className="badge badge--warn">Corrected by {q.reviewedBy}</span> {q.corrected}
                      </p>
                    ) : null}
                    {q.evidence ? <EvidenceMark note={q.evidence} /> : null}
                    {q.reviewNote ? (
                      <p className="review-item__note">Partner's note: {q.reviewNote}</p>
                    ) : null}
                    {q.note ? <p className="review-item__note">Note: {q.note}</p> : null}
                    {/* Only founders answer: anyone else is offered the answer where it was given
                        (read-only there), never a "Change" that leads nowhere, and nothing for a
                        question nobody answered yet. */}
                    {q.answered || canAnswer ? (
                      <p className="muted small review-item__meta">
                        {q.by ? (
                          <>
                            Answered by {q.by.name}, <span className="nowrap">{q.by.at}</span> ·{" "}
                          </>
                        ) : null}
                        <Link
                          to={`${base}/${s.path}#q-${q.id}`}
                          discover="none"
                          aria-describedby={`p-${q.id}`}
                        >
                          {canAnswer ? (q.answered ? "Change" : "Answer") : "See in the questionnaire"}
                        </Link>
                        {canReview && q.answered && !q.question ? (
                          <>
                            {" · "}
                            {/* A button of the list's one "open-review" form: it asks for this page
                                with ?review=<question>, and comes back at this row. */}
                            <button
                              type="submit"
                              form="open-review"
                              name="review"
                              value={q.id}
                              formAction={`${reviewPath}#q-${q.id}`}
                              className="link-button review-item__open"
                              aria-describedby={`p-${q.id}`}
                            >
                              {q.review ? "Change review" : "Verify or correct"}
                            </button>
                          </>
                        ) : null}
                      </p>
                    ) : null}
                    {q.thread === undefined ? (
                      <ThreadOpener
                        id={q.id}
                        count={q.comments}
                        // The partner may not answer for the founder (decision 005): on an open or
                        // unsure question, they ask.
                        ask={canReview && canComment && (!q.answered || q.unsure)}
                        // Starting a thread from this list is the partner's (who reviews here); the
                        // founder answers on the questionnaire page and sees a thread once there is
                        // one. A button on every row cost the founder's page 19 KB of HTML.
                        canStart={canReview && canComment}
                        reviewPath={reviewPath}
                      />
                    ) : (
                      <>
                        <CommentThread
                          id={`thread-${q.id}`}
                          heading={
                            canReview ? "Ask the founder about this question" : "Comments on this question"
                          }
                          comments={q.thread}
                          fields={canComment ? { intent: "comment", questionId: q.id } : undefined}
                          action={`${reviewHref(engagementId, show, { thread: q.id })}#thread-${q.id}`}
                          {...(refused?.questionId === q.id
                            ? { error: refused.error, typed: refused.typed }
                            : {})}
                        />
                        <p className="muted small review-item__meta">
                          <Link to={`${listHref}#q-${q.id}`} preventScrollReset>
                            Close the comments
                          </Link>
                        </p>
                      </>
                    )}
                    {q.question ? (
                      <ReviewControls
                        question={q.question}
                        version={q.version}
                        review={q.review ?? null}
                        reviewNote={q.reviewNote ?? ""}
                        {...(actionData && "questionId" in actionData && actionData.questionId === q.id
                          ? { error: actionData.error, typed: actionData.typed }
                          : {})}
                        closeHref={`${listHref}#q-${q.id}`}
                      />
                    ) : null}
                  </dd>
                </div>
              );
            })}
          </dl>
        </section>
      ))}
    </div>
  );
}

/** A row's comment count and the button that opens its thread (the page's one "open-thread" form). */
function ThreadOpener({
  id,
  count,
  ask,
  canStart,
  reviewPath,
}: {
  id: string;
  count: number;
  ask: boolean;
  canStart: boolean;
  reviewPath: string;
}) {
  if (count === 0 && !canStart) return null;
  return (
    <p className="muted small review-item__meta">
      {count > 0 ? <>{count === 1 ? "1 comment" : `${count} comments`} · </> : null}
      <button
        type="submit"
        form="open-thread"
        name="thread"
        value={id}
        formAction={`${reviewPath}#thread-${id}`}
        className="link-button review-item__open"
        aria-describedby={`p-${id}`}
      >
        {ask ? "Ask the founder" : count > 0 ? "Read the comments" : "Comment"}
      </button>
    </p>
  );
}

export { TabError as ErrorBoundary, tabHeaders as headers } from "~/components/tab-error";
