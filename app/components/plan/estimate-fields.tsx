import type { Estimate } from "~/engine/content/types";
import { fieldHours } from "~/utils/format";

/**
 * Three-point estimate inputs, named estimate.optimistic / .likely / .pessimistic for the zod schema.
 * `typed` is what a refused form posted, shown in place of `value` so nothing typed is lost.
 */
export function EstimateFields({
  prefix,
  value,
  typed,
  errors,
}: {
  prefix: string;
  value?: Estimate;
  typed?: Record<string, string>;
  errors?: Record<string, string[] | undefined>;
}) {
  const fields = [
    { key: "optimistic", label: "Optimistic (h)" },
    { key: "likely", label: "Likely (h)" },
    { key: "pessimistic", label: "Pessimistic (h)" },
  ] as const;
  return (
    <div className="estimate-fields">
      {fields.map((f) => {
        const error = errors?.[`estimate.${f.key}`]?.[0];
        return (
          <div key={f.key} className="field">
            <label htmlFor={`${prefix}-${f.key}`}>{f.label}</label>
            <input
              id={`${prefix}-${f.key}`}
              name={`estimate.${f.key}`}
              type="number"
              inputMode="decimal"
              min={0}
              step="any"
              defaultValue={typed?.[`estimate.${f.key}`] ?? (value ? fieldHours(value[f.key]) : undefined)}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${prefix}-${f.key}-error` : undefined}
            />
            {error ? (
              <p id={`${prefix}-${f.key}-error`} className="field__error" role="alert">
                {error}
              </p>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}
