import { Form } from "@remix-run/react";

import { Field } from "~/components/field";
import { PHASE_LABELS } from "~/engine/plan-types";

import { EstimateFields } from "./estimate-fields";

export function CustomItemForm({
  areas,
  errors,
}: {
  areas: Array<{ id: string; title: string }>;
  errors?: Record<string, string[] | undefined>;
}) {
  return (
    <details
      className="card custom-item"
      open={
        errors && Object.keys(errors).some((k) => k === "title" || k.startsWith("estimate"))
          ? true
          : undefined
      }
    >
      <summary>
        <strong>Add a custom item</strong>{" "}
        <span className="muted">— work the question bank doesn't cover</span>
      </summary>
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value="custom" />
        <Field label="Title" name="title" maxLength={300} errors={errors?.title} />
        <div className="field">
          <label htmlFor="custom-description">Description (optional)</label>
          <textarea id="custom-description" name="description" rows={2} maxLength={4000} />
        </div>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="custom-area">Area</label>
            <select id="custom-area" name="area" defaultValue="custom">
              {areas.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.title}
                </option>
              ))}
              <option value="custom">Other</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="custom-phase">Phase</label>
            <select id="custom-phase" name="phase" defaultValue="hardening">
              {Object.entries(PHASE_LABELS).map(([id, label]) => (
                <option key={id} value={id}>
                  {label}
                </option>
              ))}
            </select>
          </div>
        </div>
        <EstimateFields prefix="custom" errors={errors} />
        <div className="form-actions">
          <button type="submit" className="button button--primary">
            Add item
          </button>
        </div>
      </Form>
    </details>
  );
}
