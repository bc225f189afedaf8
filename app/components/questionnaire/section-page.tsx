import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Fragment, useEffect, useMemo, useState } from "react";

import { CommentFormOutside, CommentThread } from "~/components/comment-thread";
import { CodeNotePanel, EvidenceBacked, SuggestionPanel } from "~/components/evidence/suggestion-panel";
import type { Answers, AnswerValue } from "~/engine/content/types";
import { INTAKE_AREA } from "~/engine/intake-ids";
import { sectionPath, visibleInSection } from "~/questionnaire/questionnaire";
import { whoseCode } from "~/utils/code-words";
import type { AskWho, loadSection } from "~/questionnaire/questionnaire.server";

import { QuestionField, type SaveResponse } from "./question-field";

/** The link that starts a question's thread, and the form it opens, by whom the question is for. */
const ASK: Record<AskWho, { link: string; heading: string; label: string }> = {
  partner: {
    link: "Ask your partner about this",
    heading: "Ask your partner about this question",
    label: "Your question",
  },
  founder: {
    link: "Ask the founder about this",
    heading: "Ask the founder about this question",
    label: "Your question",
  },
  note: { link: "Leave a note", heading: "Leave a note on this question", label: "Your note" },
};

export function SectionPage() {
  // The intake's and every area's loader return loadSection's data.
  const data = useLoaderData<typeof loadSection>();
  const { questions, answers } = data;
  const actionData = useActionData() as SaveResponse | undefined;
  const busy = useNavigation().state === "submitting";
  // Questions a save without JavaScript revealed here (?added=n, from the action), not yet seen.
  const added = Number(useSearchParams()[0].get("added"));
  // Answers as the founder changes them, so conditional questions appear and disappear at once;
  // the server applies the same rule on every save and render.
  const [live, setLive] = useState<Record<string, AnswerValue | undefined>>({});
  // The server's rule (the engine's), over this section's answers as they stand on the page: as the
  // founder changes them, else as the server reads them (a partner's correction applied, which
  // `values` carries for the answers conditions read), else the founder's own.
  const visible = useMemo(() => {
    const current: Answers = {};
    for (const q of questions) {
      const value =
        q.id in live
          ? live[q.id]
          : Object.hasOwn(data.values, q.id)
            ? data.values[q.id]
            : answers[q.id]?.value;
      if (value !== undefined) current[q.id] = value as AnswerValue;
    }
    return visibleInSection({ id: data.section.id, questions }, data.values, current);
  }, [data.section.id, data.values, questions, answers, live]);
  const onValueChange = (id: string, value: AnswerValue | undefined) =>
    setLive((prev) => {
      return { ...prev, [id]: value };
    });

  // On the essentials page, an area's heading shows while any of its questions does.
  const visibleArea = (area: string) => questions.some((q) => q.area === area && visible.has(q.id));

  const errorCount =
    Object.keys(actionData?.fieldErrors ?? {}).length + Object.keys(actionData?.conflicts ?? {}).length;
  const base = `/engagements/${data.engagementId}/assess`;
  // Only founders answer: to anyone else the code is the app's, not theirs.
  const code = whoseCode(data.canAnswer);
  const shown = new Set(questions.map((q) => q.id));
  const strayErrors = Object.entries(actionData?.fieldErrors ?? {}).filter(([id]) => !shown.has(id));
  // A comment the server refused (its question's thread shows why, with the text kept).
  const refused = (
    actionData as { comment?: { questionId: string; error: string; typed: string } } | undefined
  )?.comment;
  // The question whose thread is being started: the one asked for (?ask=), or the one whose first
  // comment was just refused (with JavaScript the action's address no longer carries ?ask).
  const asking = data.asking;
  const starting = (id: string) =>
    asking !== null && !data.threads[id] && (asking.open === id || refused?.questionId === id);
  // The shown questions with a thread, or one being started: each under its question, its form
  // outside the answers' form.
  const threaded = questions.filter((q) => visible.has(q.id) && (data.threads[q.id] || starting(q.id)));
  const here = data.section.id === INTAKE_AREA ? base : `${base}/${sectionPath(data.section.id)}`;
  // With JavaScript the link is a Remix navigation: the box it opens takes the focus.
  const opened = asking?.open ?? null;
  useEffect(() => {
    if (opened) document.getElementById(`thread-${opened}-body`)?.focus();
  }, [opened]);

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
      {Number.isInteger(added) && added > 0 && added <= questions.length && data.canAnswer ? (
        <div className="alert alert--info" role="status">
          {added === 1
            ? "Your answers added 1 question here."
            : `Your answers added ${added} questions here.`}
        </div>
      ) : null}
      {data.intakeOpen > 0 && data.canAnswer ? (
        // After "Save and continue" on the intake with questions open: moving on is fine, but the
        // estimate prices each open one at its worst (a candle shop got a multi-tenant task).
        <div className="alert alert--info" role="status">
          {data.intakeOpen === 1
            ? "1 question about your product is still open. It sizes your estimate; until it is answered, it is priced at its worst case."
            : `${data.intakeOpen} questions about your product are still open. They size your estimate; until answered, each is priced at its worst case.`}{" "}
          <Link to={base}>Answer {data.intakeOpen === 1 ? "it" : "them"} now</Link>
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
        {questions.map((q, i) => (
          <Fragment key={q.id}>
            {data.areaTitles && q.area !== questions[i - 1]?.area && visibleArea(q.area) ? (
              <h3 className="assess-form__area">{data.areaTitles[q.area]}</h3>
            ) : null}
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
                  returnTo={`${base}/${sectionPath(data.section.id)}`}
                  code={code}
                />
              ))
            ) : data.evidence.backed[q.id] ? (
              <EvidenceBacked suggestion={data.evidence.backed[q.id]} code={code} />
            ) : null}
            {visible.has(q.id) && data.evidence.notes[q.id] ? (
              <CodeNotePanel note={data.evidence.notes[q.id]} code={code} />
            ) : null}
            {visible.has(q.id) && data.threads[q.id] ? (
              <CommentThread
                id={`thread-${q.id}`}
                className="card stack question-thread"
                heading="Comments on this question"
                label="Reply"
                comments={data.threads[q.id]!}
                fields={data.canComment ? { intent: "comment", questionId: q.id } : undefined}
                formId={`comment-${q.id}`}
                {...(refused?.questionId === q.id ? { error: refused.error, typed: refused.typed } : {})}
              />
            ) : !visible.has(q.id) || asking === null ? null : starting(q.id) ? (
              <CommentThread
                id={`thread-${q.id}`}
                className="card stack question-thread"
                heading={ASK[asking.who].heading}
                label={ASK[asking.who].label}
                empty={null}
                comments={[]}
                fields={{ intent: "comment", questionId: q.id }}
                formId={`comment-${q.id}`}
                cancel={`${here}#q-${q.id}`}
                {...(refused?.questionId === q.id ? { error: refused.error, typed: refused.typed } : {})}
              />
            ) : (
              // A link, not a form per question: the page renders this question's form when asked.
              <p className="question-ask small">
                <Link to={`${here}?ask=${encodeURIComponent(q.id)}#q-${q.id}`} preventScrollReset>
                  {ASK[asking.who].link}
                </Link>
              </p>
            )}
          </Fragment>
        ))}
        {data.canAnswer ? (
          // Two groups, one bar: at desktop widths every button sits in the sticky bar (the groups
          // are display: contents); on a phone only the first group (the primary action) sticks, and
          // the others follow the last question in normal flow (app.css, "save bar on a phone").
          <div className="assess-actions assess-actions--split">
            <div className="assess-actions__bar">
              <button
                type="submit"
                name="intent"
                value="continue"
                className="button button--primary"
                disabled={busy}
              >
                {data.next !== null
                  ? "Save and continue"
                  : data.finish === "results"
                    ? "Save and see the results"
                    : "Save and review"}
              </button>
            </div>
            <div className="assess-actions__more">
              {data.section.id === INTAKE_AREA ? (
                <button
                  type="submit"
                  name="intent"
                  value="essentials"
                  className="button button--secondary"
                  disabled={busy}
                >
                  Save and answer the essentials first
                </button>
              ) : null}
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
      {data.canComment
        ? threaded.map((q) => (
            <CommentFormOutside key={q.id} id={`comment-${q.id}`} anchor={`thread-${q.id}`} />
          ))
        : null}
    </div>
  );
}
