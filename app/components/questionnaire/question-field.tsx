import { useFetcher, useLocation } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState, type ChangeEvent } from "react";

import { describeAnswer } from "~/engine/answer-words";
import type { AnswerValue, Question } from "~/engine/content/types";
import { formatDateTime, reviewerOn } from "~/utils/format";
import { useHydrated } from "~/utils/use-hydrated";

import { collectQuestion, readAnswer } from "./answer-value";

/** What the form needs of a question (the server keeps scoring details to itself). */
type FormQuestion = Pick<
  Question,
  "id" | "prompt" | "help" | "impact" | "kind" | "notApplicable" | "min" | "max" | "unit"
> & {
  options: Array<{ id: string; label: string; exclusive: boolean }>;
};

export type QuestionAnswer = {
  value: string | string[] | number;
  note: string;
  notApplicableReason: string | null;
  answeredByName: string;
  answeredAt: number;
  version: number;
  /** when the partner last reviewed it, if the review stands */
  reviewedAt?: number | null;
  /** what the page shows, sent back with a whole page (answerToken in answer.server.ts) */
  shown?: string;
  /** the partner's review, when there is one (the founder's own answer stays as given) */
  review?:
    | (({ kind: "verified" } | { kind: "corrected"; answer: string; note: string }) & {
        /** who reviewed it (null: an account since deleted) */
        by?: string | null;
      })
    | null;
};

export type SaveResponse = {
  ok: boolean;
  offline?: boolean;
  /** the session had ended: the save went nowhere (client-save.ts) */
  signedOut?: boolean;
  saved?: Array<{ questionId: string; version: number }>;
  fieldErrors?: Record<string, string>;
  conflicts?: Record<string, QuestionAnswer | null>;
  drafts?: Record<string, { values: string[]; note: string; naReason: string }>;
};

const TYPING_DELAY_MS = 700;

export function QuestionField({
  question: q,
  answer,
  draft,
  serverError,
  conflict,
  visible,
  canAnswer,
  onValueChange,
}: {
  question: FormQuestion;
  answer: QuestionAnswer | undefined;
  /** what the founder typed, echoed back after a failed no-JS submit */
  draft?: { values: string[]; note: string; naReason: string };
  serverError?: string;
  conflict?: QuestionAnswer | null;
  visible: boolean;
  canAnswer: boolean;
  onValueChange: (questionId: string, value: AnswerValue | undefined) => void;
}) {
  const fetcher = useFetcher<SaveResponse>({ key: `answer:${q.id}` });
  const fieldsetRef = useRef<HTMLFieldSetElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const [version, setVersion] = useState(answer?.version ?? 0);
  // The version the next save is based on, for submit. State alone is not enough: a save that
  // reloads nothing comes back and goes idle in one render, and the change waiting for it is sent in
  // that render's effects, before a new version set there could reach submit. Sent with the version
  // before, it was refused as a conflict with our own save.
  const versionRef = useRef(version);
  const [pending, setPending] = useState(false);
  const [touched, setTouched] = useState(false);

  // The newest version wins, whether it came from a reload or from our own save.
  const adoptVersion = useCallback((next: number) => {
    versionRef.current = next;
    setVersion(next);
  }, []);
  useEffect(() => adoptVersion(answer?.version ?? 0), [answer?.version, adoptVersion]);
  const result = fetcher.data;
  useEffect(() => {
    const saved = result?.saved?.find((s) => s.questionId === q.id);
    if (saved) adoptVersion(saved.version);
  }, [result, q.id, adoptVersion]);

  // One save in flight per question: a second would carry a stale version and conflict with our own.
  // Tracked in refs, not read from fetcher.state in a callback: Remix moves a fetcher on inside a
  // transition, so a callback from an earlier render (a change on a slow device, a second run of the
  // effect below) still saw "idle" and sent a second save. That aborted the first in the browser
  // only; the server saved both, and the second, with the same version, came back as a conflict.
  // (A save can outlive the page that sent it, fetchers persisting: back on it, it is still ours.)
  const inFlight = useRef(fetcher.state !== "idle");
  const waiting = useRef(false);
  const submit = useCallback(() => {
    const fieldset = fieldsetRef.current;
    if (!fieldset) return;
    if (inFlight.current) {
      waiting.current = true;
      setPending(true);
      return;
    }
    // flushSync renders "submitting" (after any effects still due) before this returns, so from
    // here on the effect below sees "idle" only once this save is done.
    fetcher.submit(collectQuestion(fieldset, q.id, versionRef.current), { method: "post", flushSync: true });
    inFlight.current = true;
  }, [fetcher, q.id]);

  useEffect(() => {
    if (fetcher.state !== "idle" || !inFlight.current) return;
    inFlight.current = false;
    if (!waiting.current) return;
    waiting.current = false;
    setPending(false);
    // From a microtask: inside an effect React cannot flush, and "submitting" would lag again.
    queueMicrotask(submit);
  }, [fetcher.state, submit]);
  useEffect(() => () => clearTimeout(timer.current), []);

  // Signed out while this answer was being saved: once its author is back on this tab (after
  // logging in again in another), it is sent again; still signed out, it says so again.
  const signedOut = Boolean(fetcher.data?.signedOut);
  useEffect(() => {
    if (!signedOut) return;
    window.addEventListener("focus", submit);
    return () => window.removeEventListener("focus", submit);
  }, [signedOut, submit]);
  const { pathname, search } = useLocation();

  function handleChange(event: ChangeEvent<HTMLFieldSetElement>) {
    const fieldset = fieldsetRef.current;
    // Every control in a question's fieldset is an input or a textarea.
    const target = event.target;
    if (!fieldset || !(target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement)) return;
    if (!target.name) return;
    if (
      target instanceof HTMLInputElement &&
      target.type === "checkbox" &&
      target.checked &&
      target.name === `a:${q.id}`
    ) {
      keepExclusive(fieldset, target, q);
    }
    if (typed && target.name === `a:${q.id}`) keepTypedApart(fieldset, target);
    setTouched(true);
    onValueChange(q.id, readAnswer(fieldset, q.id, q.kind));
    clearTimeout(timer.current);
    const typing =
      target instanceof HTMLTextAreaElement || target.type === "text" || target.type === "number";
    if (typing) timer.current = setTimeout(submit, TYPING_DELAY_MS);
    else submit();
  }

  const current = answer?.value;
  const selected = new Set<string>(
    draft ? draft.values : Array.isArray(current) ? current : current !== undefined ? [String(current)] : [],
  );
  const noteValue = draft?.note ?? answer?.note ?? "";
  const naReason = draft?.naReason ?? answer?.notApplicableReason ?? "";
  const error = result?.fieldErrors?.[q.id] ?? (touched ? undefined : serverError);
  const conflictShown = result?.conflicts && q.id in result.conflicts ? result.conflicts[q.id] : conflict;
  // A conflict the founder has settled (kept theirs or took the other answer) is no longer shown.
  const [settled, setSettled] = useState<QuestionAnswer | null | undefined>(undefined);
  const conflicted = conflictShown === settled ? undefined : conflictShown;
  const hasConflict = conflicted !== undefined;
  // The latest change to the answer was the partner's review, not a new answer.
  const reviewedSince = Boolean(conflicted?.reviewedAt && conflicted.reviewedAt >= conflicted.answeredAt);
  const errorId = `q-${q.id}-error`;
  const inputType = q.kind === "multi" ? "checkbox" : "radio";
  // A number or a text has no option to pick instead of "I'm not sure", so its alternatives are
  // checkboxes: a radio on its own, once ticked, could never be unticked.
  const typed = q.kind === "number" || q.kind === "text";
  const alternativeType = typed || q.kind === "multi" ? "checkbox" : "radio";
  const name = `a:${q.id}`;
  const hydrated = useHydrated();

  // After a refused save (QA 6, finding 3), the question used to refuse every further change until a
  // reload, which also threw away the note being typed: the page kept the version it had. Now the
  // founder settles it in place. Keeping theirs saves what is in the fields over the other answer,
  // on purpose, against its version; taking the other answer puts it in the fields.
  function keepMine() {
    if (conflicted === undefined) return;
    adoptVersion(conflicted?.version ?? 0);
    setSettled(conflictShown);
    submit();
  }
  function takeTheirs() {
    const fieldset = fieldsetRef.current;
    if (!fieldset || conflicted === undefined) return;
    fillAnswer(fieldset, q.id, conflicted);
    adoptVersion(conflicted?.version ?? 0);
    setSettled(conflictShown);
    onValueChange(q.id, readAnswer(fieldset, q.id, q.kind));
  }

  let status: { text: string; tone: "muted" | "ok" | "error" } | null = null;
  if (fetcher.state !== "idle" || pending) status = { text: "Saving…", tone: "muted" };
  else if (result?.offline) status = { text: "Not saved — check your connection", tone: "error" };
  else if (result?.signedOut) status = { text: "Not saved — you were signed out", tone: "error" };
  else if (error || hasConflict) status = { text: "Not saved", tone: "error" };
  else if (result?.ok) status = { text: "Saved", tone: "ok" };

  return (
    <fieldset
      ref={fieldsetRef}
      id={`q-${q.id}`}
      className="question card"
      hidden={!visible}
      disabled={!visible || !canAnswer}
      onChange={handleChange}
      aria-describedby={error ? errorId : undefined}
      aria-invalid={error ? true : undefined}
    >
      <legend className="question__prompt">{q.prompt}</legend>
      <input type="hidden" name="q" value={q.id} />
      <input type="hidden" name={`v:${q.id}`} value={version} />
      <input type="hidden" name={`s:${q.id}`} value={answer?.shown ?? ""} />
      {q.help || q.impact ? (
        <details className="question__help">
          <summary>Why this matters</summary>
          <p>{q.help}</p>
          {q.impact ? (
            <p>
              <strong>If not handled:</strong> {q.impact}
            </p>
          ) : null}
        </details>
      ) : null}

      {q.kind === "number" ? (
        <div className="number-answer">
          <label htmlFor={`in-${q.id}`} className="visually-hidden">
            {q.prompt}
          </label>
          <input
            id={`in-${q.id}`}
            // Text with a numeric keypad, not type="number": that one accepts "1e3" and "2.5" and
            // silently empties what it can't parse, so the server could not say what was wrong.
            type="text"
            inputMode="numeric"
            autoComplete="off"
            size={8}
            name={name}
            defaultValue={
              draft
                ? (draft.values.find((v) => v !== "unsure" && v !== "not-applicable") ?? "")
                : typeof current === "number"
                  ? current
                  : ""
            }
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
          />
          {q.unit ? <span className="muted number-answer__unit">{q.unit}</span> : null}
        </div>
      ) : q.kind === "text" ? (
        <div className="field">
          <label htmlFor={`in-${q.id}`} className="visually-hidden">
            {q.prompt}
          </label>
          <textarea
            id={`in-${q.id}`}
            name={name}
            rows={3}
            maxLength={4000}
            defaultValue={draft ? (draft.values[0] ?? "") : typeof current === "string" ? current : ""}
          />
        </div>
      ) : (
        <div className="choice-list">
          {q.options.map((o) => (
            <label key={o.id} className="choice">
              <input type={inputType} name={name} value={o.id} defaultChecked={selected.has(o.id)} />
              <span>{o.label}</span>
            </label>
          ))}
        </div>
      )}

      <div className="question__alternatives">
        <label className="choice choice--quiet">
          <input type={alternativeType} name={name} value="unsure" defaultChecked={selected.has("unsure")} />
          <span>
            I'm not sure <span className="muted small">— we'll plan time to find out</span>
          </span>
        </label>
        {q.notApplicable ? (
          <label className="choice choice--quiet">
            <input
              type={alternativeType}
              name={name}
              value="not-applicable"
              defaultChecked={selected.has("not-applicable")}
            />
            <span>Doesn't apply to my product</span>
          </label>
        ) : null}
      </div>
      {q.notApplicable ? (
        <div className="field question__na">
          <label htmlFor={`na-${q.id}`}>If it doesn't apply, why? (optional)</label>
          <input id={`na-${q.id}`} type="text" name={`na:${q.id}`} maxLength={500} defaultValue={naReason} />
        </div>
      ) : null}

      {answer?.review?.kind === "corrected" ? (
        <div className="question__correction">
          {/* Said to whoever reads it: only the founder answers (canAnswer), and "your answer" or
              "your engineering partner" would be wrong to the partner or a viewer. */}
          <p>
            <strong>Corrected by {reviewerOn(answer.review.by ?? null, answer.reviewedAt ?? null)}</strong>
            {canAnswer
              ? ` to “${answer.review.answer}”. Results and the plan use the correction; your answer above stays as you gave it, and changing it asks your engineering partner to review it again.`
              : ` to “${answer.review.answer}”. Results and the plan use the correction; the founder's answer above stays as they gave it, and a new answer from them asks for a review again.`}
          </p>
          {answer.review.note ? <p className="question__correction-note">{answer.review.note}</p> : null}
        </div>
      ) : null}

      <details className="question__note" open={noteValue !== "" || undefined}>
        <summary>{noteValue ? "Your note" : "Add a note"}</summary>
        <label htmlFor={`note-${q.id}`} className="visually-hidden">
          Note on this question
        </label>
        <textarea
          id={`note-${q.id}`}
          name={`note:${q.id}`}
          rows={2}
          maxLength={2000}
          defaultValue={noteValue}
        />
      </details>

      {error ? (
        <p id={errorId} className="field__error" role="alert">
          {error}
        </p>
      ) : null}
      {hasConflict ? (
        <div className="alert alert--error question__conflict" role="alert">
          <p>
            {reviewedSince && conflicted?.reviewedAt
              ? `Your engineering partner reviewed this answer (${formatDateTime(conflicted.reviewedAt)}) after you opened the page, so your change was not saved.`
              : `Someone else changed this answer${
                  conflicted
                    ? ` to “${describeAnswer(q, conflicted.value)}” (${conflicted.answeredByName}, ${formatDateTime(conflicted.answeredAt)})`
                    : " (it was cleared)"
                } after you opened the page, so yours was not saved.`}{" "}
            {hydrated
              ? reviewedSince
                ? "Save yours anyway (a new answer replaces their review), or keep what is there now."
                : "Save yours over it, or take theirs."
              : reviewedSince
                ? "Yours is still below: save again to replace their review with it."
                : "Yours is still below: save again to put it in place of theirs, or change it first."}
          </p>
          {hydrated ? (
            <div className="button-group">
              <button type="button" className="button button--primary button--small" onClick={keepMine}>
                Save mine
              </button>
              <button type="button" className="button button--secondary button--small" onClick={takeTheirs}>
                {reviewedSince ? "Keep what is there" : "Take theirs"}
              </button>
            </div>
          ) : null}
        </div>
      ) : null}
      <p className="question__meta" aria-live="polite">
        {status ? <span className={`save-status save-status--${status.tone}`}>{status.text}</span> : null}
        {status?.tone === "error" && !hasConflict && !error ? (
          <button type="button" className="link-button" onClick={submit}>
            Retry
          </button>
        ) : null}
        {status && result?.signedOut ? (
          <span className="small">
            {/* A new tab: this one keeps what was typed here, and saves it on coming back. */}
            <a
              href={`/login?${new URLSearchParams({ redirectTo: `${pathname}${search}` })}`}
              target="_blank"
              rel="noopener noreferrer"
            >
              Log in again
            </a>{" "}
            in a new tab, then come back here: this answer saves when you do.
          </span>
        ) : null}
        {answer && !status ? (
          <span className="muted small">
            {`Answered by ${answer.answeredByName}, `}
            <span className="nowrap">{formatDateTime(answer.answeredAt)}</span>
            {answer.review?.kind === "verified"
              ? ` · verified by ${reviewerOn(answer.review.by ?? null, answer.reviewedAt ?? null)}`
              : ""}
          </span>
        ) : null}
      </p>
    </fieldset>
  );
}

/**
 * A typed answer and "I'm not sure" / "not applicable" exclude each other, as the server requires:
 * typing a value unticks them, ticking one empties the value.
 */
function keepTypedApart(fieldset: HTMLFieldSetElement, target: HTMLInputElement | HTMLTextAreaElement) {
  const isAlternative = target instanceof HTMLInputElement && target.type === "checkbox";
  if (isAlternative ? !target.checked : target.value.trim() === "") return;
  for (const el of Array.from(fieldset.elements)) {
    if (el === target || !(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)) continue;
    if (el.name !== target.name) continue;
    if (el instanceof HTMLInputElement && el.type === "checkbox") {
      if (!isAlternative) el.checked = false;
    } else if (isAlternative) el.value = "";
  }
}

/** "I'm not sure", "not applicable" and exclusive options ("None of these") stand alone. */
function keepExclusive(fieldset: HTMLFieldSetElement, target: HTMLInputElement, q: FormQuestion) {
  const exclusive = new Set([
    "unsure",
    "not-applicable",
    ...q.options.filter((o) => o.exclusive).map((o) => o.id),
  ]);
  for (const el of Array.from(fieldset.querySelectorAll<HTMLInputElement>(`input[type="checkbox"]`))) {
    if (el === target || el.name !== target.name) continue;
    if (exclusive.has(target.value) || exclusive.has(el.value)) el.checked = false;
  }
}

/**
 * Puts an answer into the question's fields, as the page would show it (the other person's, when
 * the founder takes theirs after a conflict). No answer empties them.
 */
function fillAnswer(fieldset: HTMLFieldSetElement, id: string, answer: QuestionAnswer | null) {
  const value = answer?.value;
  const values = Array.isArray(value) ? value : value === undefined ? [] : [String(value)];
  for (const el of Array.from(fieldset.elements)) {
    if (el instanceof HTMLInputElement && el.name === `a:${id}`) {
      if (el.type === "checkbox" || el.type === "radio") el.checked = values.includes(el.value);
      else el.value = values.find((v) => v !== "unsure" && v !== "not-applicable") ?? "";
    } else if (el instanceof HTMLTextAreaElement && el.name === `a:${id}`) {
      el.value = typeof value === "string" && value !== "unsure" && value !== "not-applicable" ? value : "";
    } else if (el instanceof HTMLTextAreaElement && el.name === `note:${id}`) {
      el.value = answer?.note ?? "";
    } else if (el instanceof HTMLInputElement && el.name === `na:${id}`) {
      el.value = answer?.notApplicableReason ?? "";
    }
  }
}
