import { useFetcher } from "@remix-run/react";
import { useEffect, useRef } from "react";

import { Field, FieldError } from "~/components/field";
import { PHASE_LABELS } from "~/engine/plan-types";
import { CONFIRM_ESTIMATE, type EstimateQuestion } from "~/plan/estimate-check";
import type { PlanActionResult } from "~/plan/plan-actions.server";

import { EstimateFields } from "./estimate-fields";
import { EstimateQuestionBox } from "./estimate-question";

/**
 * A custom item (work the question bank doesn't cover), on the plan's "new item" page, posting to it:
 * with JavaScript through a fetcher, so errors show beside their fields without a reload and the
 * form empties once the item is added (no double adding) as the plan opens at it; without it, as an
 * ordinary form whose errors, and what was typed (`values`), come back on the page.
 */
export function CustomItemForm({
  areas,
  errors: pageErrors,
  values,
  question: pageQuestion,
}: {
  areas: Array<{ id: string; title: string }>;
  errors?: Record<string, string[] | undefined>;
  values?: Record<string, string>;
  /** figures the server held for a second look (plan/estimate-check.ts) */
  question?: EstimateQuestion;
}) {
  const fetcher = useFetcher<PlanActionResult>();
  const form = useRef<HTMLFormElement>(null);
  const errors = fetcher.data?.fieldErrors ?? pageErrors;
  const question = fetcher.data ? fetcher.data.secondLook : pageQuestion;
  const submitting = fetcher.state !== "idle";
  const was = useRef(fetcher.state);
  useEffect(() => {
    // Finished without a refusal (the action redirected to the list): start the next item afresh.
    if (was.current !== "idle" && fetcher.state === "idle" && fetcher.data?.ok !== false)
      form.current?.reset();
    // Held for a second look: its tick is what is left to do.
    if (was.current !== "idle" && fetcher.state === "idle" && fetcher.data?.secondLook)
      form.current?.querySelector<HTMLElement>(`[name="${CONFIRM_ESTIMATE}"]`)?.focus();
    was.current = fetcher.state;
  }, [fetcher.state, fetcher.data]);
  const formError = errors?.form?.[0];
  return (
    <div className="card custom-item">
      <fetcher.Form ref={form} method="post" action="." className="stack" noValidate>
        <input type="hidden" name="intent" value="custom" />
        {formError ? (
          <p className="field__error" role="alert">
            {formError}
          </p>
        ) : null}
        <Field
          label="Title"
          name="title"
          maxLength={300}
          required
          defaultValue={values?.title}
          errors={errors?.title}
        />
        <div className="field">
          <label htmlFor="custom-description">Description (optional)</label>
          <textarea
            id="custom-description"
            name="description"
            rows={2}
            maxLength={4000}
            defaultValue={values?.description}
            aria-invalid={errors?.description ? true : undefined}
            aria-describedby={errors?.description ? "custom-description-error" : undefined}
          />
          <FieldError id="custom-description-error" error={errors?.description?.[0]} />
        </div>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="custom-area">Area</label>
            <select
              id="custom-area"
              name="area"
              defaultValue={values?.area ?? "custom"}
              aria-invalid={errors?.area ? true : undefined}
              aria-describedby={errors?.area ? "custom-area-error" : undefined}
            >
              {areas.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.title}
                </option>
              ))}
              <option value="custom">Other</option>
            </select>
            <FieldError id="custom-area-error" error={errors?.area?.[0]} />
          </div>
          <div className="field">
            <label htmlFor="custom-phase">Phase</label>
            {/* No phase is chosen for the partner. "Launch minimum" would raise the price of launch
                without anyone deciding it, and "Hardening" (the old default) quietly files an item
                that blocks launch as work for after it; what a partner adds by hand is as often the
                one or the other. So the form asks: a blank first choice, and the server's message
                beside this field when it is sent blank (with or without JavaScript). */}
            <select
              id="custom-phase"
              name="phase"
              required
              defaultValue={values?.phase ?? ""}
              aria-invalid={errors?.phase ? true : undefined}
              aria-describedby={errors?.phase ? "custom-phase-error" : undefined}
            >
              <option value="">Choose a phase…</option>
              {Object.entries(PHASE_LABELS).map(([id, label]) => (
                <option key={id} value={id}>
                  {label}
                </option>
              ))}
            </select>
            <FieldError id="custom-phase-error" error={errors?.phase?.[0]} />
          </div>
        </div>
        <EstimateFields prefix="custom" typed={values} errors={errors} />
        {question ? (
          <EstimateQuestionBox
            key={question.confirm}
            id="custom-estimate-question"
            name={CONFIRM_ESTIMATE}
            question={question}
          />
        ) : null}
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={submitting}>
            {submitting ? "Adding…" : "Add item"}
          </button>
        </div>
      </fetcher.Form>
    </div>
  );
}
