import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Fragment, useMemo, useState } from "react";

import { EvidenceBacked, SuggestionPanel } from "~/components/evidence/suggestion-panel";
import { evaluateCondition } from "~/engine/conditions";
import type { Answers, AnswerValue } from "~/engine/content/types";
import type { loadSection } from "~/utils/questionnaire.server";

import { QuestionField, type SaveResponse } from "./question-field";

export function SectionPage() {
  // The intake's and every area's loader return loadSection's data.
  const data = useLoaderData<typeof loadSection>();
  const { questions, answers } = data;
  const actionData = useActionData() as SaveResponse | undefined;
  const busy = useNavigation().state === "submitting";
  // Answers as the founder changes them, so conditional questions appear and disappear at once;
  // the server applies the same rule on every save and render.
  const [live, setLive] = useState<Record<string, AnswerValue | undefined>>({});
  // Same rule as the server: in questionnaire order, a question is shown when its condition holds over
  // the answers of questions shown so far; a hidden question's answer does not count.
  const visible = useMemo(() => {
    const values: Answers = { ...data.values };
    for (const q of questions) delete values[q.id]; // this section's answers are re-added below if shown
    const shown = new Set<string>();
    for (const q of questions) {
      if (!q.showIf || evaluateCondition(q.showIf, values)) {
        shown.add(q.id);
        const value = q.id in live ? live[q.id] : answers[q.id]?.value;
        if (value !== undefined) values[q.id] = value as AnswerValue;
      }
    }
    return shown;
  }, [data.values, questions, answers, live]);
  const onValueChange = (id: string, value: AnswerValue | undefined) =>
    setLive((prev) => {
      return { ...prev, [id]: value };
    });

  const errorCount =
    Object.keys(actionData?.fieldErrors ?? {}).length + Object.keys(actionData?.conflicts ?? {}).length;
  const base = `/engagements/${data.engagementId}/assess`;
  const shown = new Set(questions.map((q) => q.id));
  const strayErrors = Object.entries(actionData?.fieldErrors ?? {}).filter(([id]) => !shown.has(id));

  return (
    <div className="assess-section">
      <header className="assess-section__head">
        <h2>{data.section.title}</h2>
        <p className="muted">{data.section.summary}</p>
      </header>
      {!data.canAnswer ? (
        <div className="alert alert--info">
          You're viewing the founder's answers. Only the founder can change them; partners verify answers on
          the <Link to={`${base}/review`}>review page</Link>.
        </div>
      ) : null}
      {errorCount > 0 ? (
        <div className="alert alert--error" role="alert">
          <p>
            {errorCount === 1
              ? "One answer needs your attention below. Everything else is saved."
              : `${errorCount} answers need your attention below. Everything else is saved.`}
          </p>
          {/* Errors on questions this page doesn't show (a changed question bank) have no field to sit on. */}
          {strayErrors.length > 0 ? (
            <ul>
              {strayErrors.map(([id, message]) => (
                <li key={id}>{message}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <Form method="post" noValidate className="assess-form">
        {questions.map((q) => (
          <Fragment key={q.id}>
            <QuestionField
              // Accepting code evidence changes the answer under the field: start it afresh.
              key={`${q.id}:${data.evidence.backed[q.id]?.id ?? ""}`}
              question={q}
              answer={answers[q.id]}
              draft={actionData?.drafts?.[q.id]}
              serverError={actionData?.fieldErrors?.[q.id]}
              conflict={actionData?.conflicts?.[q.id]}
              visible={visible.has(q.id)}
              canAnswer={data.canAnswer}
              onValueChange={onValueChange}
            />
            {!visible.has(q.id) ? null : data.evidence.pending[q.id] ? (
              data.evidence.pending[q.id]!.map((s) => (
                <SuggestionPanel
                  key={s.id}
                  suggestion={s}
                  engagementId={data.engagementId}
                  canDecide={data.canUseEvidence}
                  returnTo={`${base}/${data.section.id === "intake" ? "" : data.section.id}`}
                />
              ))
            ) : data.evidence.backed[q.id] ? (
              <EvidenceBacked suggestion={data.evidence.backed[q.id]} />
            ) : null}
          </Fragment>
        ))}
        {data.canAnswer ? (
          <div className="assess-actions">
            <button
              type="submit"
              name="intent"
              value="continue"
              className="button button--primary"
              disabled={busy}
            >
              {data.next !== null ? "Save and continue" : "Save and review"}
            </button>
            <button
              type="submit"
              name="intent"
              value="later"
              className="button button--secondary"
              disabled={busy}
            >
              Save and finish later
            </button>
            {data.previous !== null ? (
              <Link to={data.previous ? `${base}/${data.previous}` : base} className="button button--ghost">
                Back
              </Link>
            ) : null}
          </div>
        ) : (
          <div className="assess-actions">
            {data.next !== null ? (
              <Link to={`${base}/${data.next}`} className="button button--secondary">
                Next section
              </Link>
            ) : (
              <Link to={`${base}/review`} className="button button--secondary">
                Review all answers
              </Link>
            )}
          </div>
        )}
      </Form>
    </div>
  );
}
