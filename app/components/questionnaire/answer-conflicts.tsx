import { Link } from "@remix-run/react";

import type { ConflictView } from "~/questionnaire/answer-conflicts";
import { aboutHours, plural } from "~/utils/format";

/**
 * "2 contradictions in the answers": the heading of the review page's notice and the results page's
 * line. Conflicts are counted, not the answers in them: two pairs read as "4 answers disagree".
 */
export function contradictions(conflicts: number): string {
  return `${plural(conflicts, "contradiction")} in the answers`;
}

/**
 * Answers that cannot both be true, at the top of the review page: each conflict's message, and
 * for each answer it names, the question, the answer and a link to where it is given (the row's own
 * link: "Change" for founders, "See in the questionnaire" for the others), plus, for a partner, the
 * row's review form. Plain links, so it works without JavaScript.
 */
export function AnswerConflicts({
  conflicts,
  assessPath,
  canAnswer,
  canReview,
}: {
  conflicts: ConflictView[];
  assessPath: string;
  canAnswer: boolean;
  canReview: boolean;
}) {
  return (
    <section id="conflicts" className="alert alert--warn conflicts" aria-labelledby="conflicts-heading">
      <h3 id="conflicts-heading" className="conflicts__title">
        {contradictions(conflicts.length)}
      </h3>
      <p>
        Each set of answers below can&apos;t all be true of the same app, so one was probably picked by
        mistake, and it changes the plan.{" "}
        {canAnswer
          ? "Change the one that's wrong; the estimate follows."
          : canReview
            ? "Ask the founder which one is right, or correct it in its review."
            : "The founder can change the one that's wrong."}
      </p>
      <ul className="conflicts__list">
        {conflicts.map((c) => (
          <li key={c.id} className="conflicts__item">
            <p>{c.message}</p>
            <ul className="conflicts__answers">
              {c.answers.map((a) => {
                const labelId = `conflict-${c.id}-${a.questionId}`;
                return (
                  <li key={a.questionId}>
                    <span id={labelId} className="conflicts__prompt">
                      {a.prompt}
                    </span>{" "}
                    <span className="conflicts__answer">“{a.answer}”</span>
                    <span className="small conflicts__meta">
                      {a.work ? (
                        <>
                          Puts “{a.work.title}” ({aboutHours(a.work.hours)})
                          {a.work.others > 0 ? ` and ${plural(a.work.others, "other task")}` : ""} in the plan
                          ·{" "}
                        </>
                      ) : null}
                      <Link
                        to={`${assessPath}/${a.path}#q-${a.questionId}`}
                        discover="none"
                        aria-describedby={labelId}
                      >
                        {canAnswer ? "Change" : "See in the questionnaire"}
                      </Link>
                      {canReview ? (
                        <>
                          {" · "}
                          <Link
                            to={`${assessPath}/review?review=${encodeURIComponent(a.questionId)}#q-${a.questionId}`}
                            aria-describedby={labelId}
                            preventScrollReset
                          >
                            Verify or correct
                          </Link>
                        </>
                      ) : null}
                    </span>
                  </li>
                );
              })}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}
