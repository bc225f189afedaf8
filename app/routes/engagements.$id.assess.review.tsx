import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { visibleQuestions } from "~/engine/conditions";
import { effectiveAnswers, listAnswers } from "~/models/answer.server";
import { getContent } from "~/models/content.server";
import { describeAnswer } from "~/utils/answer-display";
import { formatDateTime } from "~/utils/format";
import { requireMember } from "~/utils/membership.server";
import { sectionProgress, visibilityOf } from "~/utils/questionnaire";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { engagement } = await requireMember(request, params.id);
  const content = getContent();
  const stored = await listAnswers({ engagementId: engagement.id });
  const answers = effectiveAnswers(stored);
  const byId = new Map(stored.map((a) => [a.questionId, a]));
  const visibility = visibilityOf(content);
  const sections = sectionProgress(content, answers).map((s) => {
    const questions =
      s.id === "intake"
        ? visibleQuestions({ questions: content.intake.questions }, answers, visibility)
        : visibleQuestions(content.areas.find((a) => a.id === s.id)!, answers, visibility);
    return {
      ...s,
      questions: questions.map((q) => {
        const a = byId.get(q.id);
        return {
          id: q.id,
          prompt: q.prompt,
          answer: describeAnswer(q, a?.value),
          answered: Boolean(a),
          unsure: a?.value === "unsure",
          note: a?.note ?? "",
          naReason: a?.notApplicableReason ?? "",
          by: a ? `${a.answeredByName}, ${formatDateTime(a.answeredAt)}` : null,
        };
      }),
    };
  });
  return { sections };
}

export default function Review() {
  const { sections } = useLoaderData<typeof loader>();
  const missing = sections.reduce((n, s) => n + s.total - s.answered, 0);
  return (
    <div className="stack-lg">
      <header>
        <h2>Review your answers</h2>
        <p className="muted">
          {missing === 0
            ? "Every question is answered. You can still change any answer."
            : `${missing} ${missing === 1 ? "question is" : "questions are"} still open. Unanswered questions don't count toward your score.`}
        </p>
        <Link to="../../results" relative="path" className="button button--primary">
          See your results
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
              <div key={q.id} className="review-item">
                <dt>{q.prompt}</dt>
                <dd>
                  <span className={q.answered ? (q.unsure ? "badge badge--warn" : "") : "badge badge--muted"}>
                    {q.answer}
                  </span>
                  {q.naReason ? <span className="muted"> — {q.naReason}</span> : null}
                  {q.note ? <p className="review-item__note">Note: {q.note}</p> : null}
                  <p className="muted small review-item__meta">
                    {q.by ? `Answered by ${q.by} · ` : ""}
                    <Link to={`../${s.path}#q-${q.id}`} relative="path">
                      {q.answered ? "Change" : "Answer"}
                      <span className="visually-hidden"> “{q.prompt}”</span>
                    </Link>
                  </p>
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </div>
  );
}
