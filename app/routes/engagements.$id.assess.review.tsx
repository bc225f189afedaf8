import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";

import { EvidenceMark } from "~/components/evidence/evidence-mark";
import { ReviewControls } from "~/components/questionnaire/review-controls";
import { visibleQuestions } from "~/engine/conditions";
import { evidenceNotes } from "~/evidence/answer-evidence.server";
import { getAnswerState } from "~/models/answer-state.server";
import { reviewAnswer } from "~/models/answer.server";
import { getContent } from "~/models/content.server";
import { describeAnswer } from "~/utils/answer-display";
import { parseAnswerForm } from "~/utils/answer-form.server";
import { formatDateTime } from "~/utils/format";
import { requireMember } from "~/utils/membership.server";
import { can } from "~/utils/permissions";
import { visibilityOf } from "~/utils/questionnaire";

const ReviewSchema = z.object({
  intent: z.enum(["verify", "correct", "clear"]),
  questionId: z.string().min(1).max(120),
  version: z.coerce.number().int().min(0),
  note: z.string().trim().max(1000, "Keep the note under 1,000 characters.").default(""),
});

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { engagement, role } = await requireMember({ request, context }, params.id);
  const { content, stored, answers, sections: progress } = await getAnswerState({ engagement });
  const byId = new Map(stored.map((a) => [a.questionId, a]));
  const evidence = await evidenceNotes({ engagementId: engagement.id, content, answers });
  const visibility = visibilityOf(content);
  const sections = progress.map((s) => {
    const questions =
      s.id === "intake"
        ? visibleQuestions({ questions: content.intake.questions }, answers, visibility)
        : visibleQuestions(
            content.areas.find((a) => a.id === s.id)!,
            answers,
            visibility,
          );
    return {
      ...s,
      questions: questions.map((q) => {
        const a = byId.get(q.id);
        return {
          question: { id: q.id, kind: q.kind, options: q.options, unit: q.unit },
          prompt: q.prompt,
          answer: describeAnswer(q, a?.value),
          answered: Boolean(a),
          unsure: a?.value === "unsure",
          note: a?.note ?? "",
          naReason: a?.notApplicableReason ?? "",
          by: a ? `${a.answeredByName}, ${formatDateTime(a.answeredAt)}` : null,
          review: a?.review ?? null,
          corrected: a?.review === "corrected" ? describeAnswer(q, a.correctedValue) : null,
          reviewNote: a?.reviewNote ?? "",
          version: a?.version ?? 0,
          evidence: evidence[q.id] ?? null,
        };
      }),
    };
  });
  return { sections, canReview: can(role, "reviewAnswers"), engagementId: engagement.id };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { engagement, user } = await requireMember({ request, context }, params.id, "reviewAnswers");
  const formData = await request.formData();
  const parsed = ReviewSchema.safeParse(
    Object.fromEntries(
      ["intent", "questionId", "version", "note"].map((k) => [k, formData.get(k) ?? undefined]),
    ),
  );
  if (!parsed.success)
    return data(
      { questionId: String(formData.get("questionId") ?? ""), error: parsed.error.issues[0].message },
      { status: 400 },
    );
  const { intent, questionId, version, note } = parsed.data;
  const question = getContent().questionsById.get(questionId);
  if (!question)
    return data({ questionId, error: "That question is not in the current assessment." }, { status: 400 });
  let correctedValue = null;
  if (intent === "correct") {
    const { inputs, fieldErrors } = parseAnswerForm(formData, new Map([[questionId, question]]));
    if (fieldErrors[questionId]) return data({ questionId, error: fieldErrors[questionId] }, { status: 400 });
    correctedValue = inputs[0]?.value ?? null;
    if (correctedValue === null)
      return data({ questionId, error: "Choose the correct answer first." }, { status: 400 });
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
        ? "The founder changed this answer while you were reviewing it. Here is the current answer; review it again."
        : "This question has no answer to review yet.";
    return data({ questionId, error }, { status: result.reason === "conflict" ? 409 : 400 });
  }
  return redirect(`/engagements/${engagement.id}/assess/review#q-${questionId}`);
}

export default function Review() {
  const { sections, canReview, engagementId } = useLoaderData<typeof loader>();
  const base = `/engagements/${engagementId}/assess`;
  const actionData = useActionData<typeof action>();
  const missing = sections.reduce((n, s) => n + s.total - s.answered, 0);
  return (
    <div className="stack-lg">
      <header>
        <h2>Review your answers</h2>
        <p className="muted">
          {missing === 0
            ? "Every question is answered. You can still change any answer."
            : `${missing} ${missing === 1 ? "question is" : "questions are"} still open. Unanswered questions don't count toward your score.`}
          {canReview
            ? " As the engineering partner, verify answers or correct them; the results use your correction and show both."
            : ""}
        </p>
        <Link to="../../results" relative="path" className="button button--primary">
          See the results
        </Link>
      </header>
      {sections.map((s) => (
        <section key={s.id} className="card review-section" aria-labelledby={`review-${s.id}`}>
          <div className="review-section__head">
            <h3 id={`review-${s.id}`}>{s.title}</h3>
            <span className="muted small">
              {s.answered} of {s.total} answered
            </span>
          </div>
          <dl className="review-list">
            {s.questions.map((q) => (
              <div key={q.question.id} id={`q-${q.question.id}`} className="review-item">
                <dt>{q.prompt}</dt>
                <dd>
                  <span
                    className={
                      q.corrected
                        ? "answer--superseded"
                        : q.answered
                          ? q.unsure
                            ? "badge badge--warn"
                            : ""
                          : "badge badge--muted"
                    }
                  >
                    {q.answer}
                  </span>
                  {q.naReason ? <span className="muted"> — {q.naReason}</span> : null}
                  {q.review === "verified" ? (
                    <span className="badge badge--ok">Verified by partner</span>
                  ) : null}
                  {q.corrected ? (
                    <p className="review-item__correction">
                      <span className="badge badge--warn">Corrected by partner</span> {q.corrected}
                    </p>
                  ) : null}
                  {q.evidence ? <EvidenceMark note={q.evidence} /> : null}
                  {q.reviewNote ? <p className="review-item__note">Partner's note: {q.reviewNote}</p> : null}
                  {q.note ? <p className="review-item__note">Note: {q.note}</p> : null}
                  <p className="muted small review-item__meta">
                    {q.by ? `Answered by ${q.by} · ` : ""}
                    <Link to={`${base}/${s.path}#q-${q.question.id}`}>
                      {q.answered ? "Change" : "Answer"}
                      <span className="visually-hidden"> “{q.prompt}”</span>
                    </Link>
                  </p>
                  {canReview && q.answered ? (
                    <ReviewControls
                      question={q.question}
                      version={q.version}
                      review={q.review}
                      reviewNote={q.reviewNote}
                      error={actionData?.questionId === q.question.id ? actionData.error : undefined}
                      action={`${base}/review`}
                    />
                  ) : null}
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </div>
  );
}
