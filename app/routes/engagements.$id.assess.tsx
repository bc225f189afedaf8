import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";

import { getAnswerState } from "~/models/answer-state.server";
import { requireMember } from "~/utils/membership.server";
import { revalidateUnlessQuietAutosave } from "~/utils/quiet-autosave";

// A quiet autosave (one answer replaced by another) changes nothing this route's loader returns.
export const shouldRevalidate = revalidateUnlessQuietAutosave;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { engagement } = await requireMember({ request, context }, params.id);
  const { sections } = await getAnswerState({ engagement });
  const answered = sections.reduce((n, s) => n + s.answered, 0);
  const total = sections.reduce((n, s) => n + s.total, 0);
  return { sections, answered, total };
}

export default function AssessLayout() {
  const { sections, answered, total } = useLoaderData<typeof loader>();
  const percent = total === 0 ? 0 : Math.round((answered / total) * 100);
  return (
    <div className="assess-layout">
      <aside className="assess-progress" aria-label="Assessment progress">
        <p className="assess-progress__summary">
          <strong>{percent}% answered</strong>
          <span className="muted small">
            {answered} of {total} questions
          </span>
        </p>
        <ProgressBar value={answered} max={total} label="Overall progress" />
        <ol className="assess-progress__list">
          {sections.map((s) => (
            <li key={s.id}>
              <NavLink to={s.path} end className="assess-progress__link">
                <span>{s.title}</span>
                <span className="assess-progress__count" aria-label={`${s.answered} of ${s.total} answered`}>
                  {s.answered === s.total && s.total > 0 ? "✓" : `${s.answered}/${s.total}`}
                </span>
              </NavLink>
            </li>
          ))}
          <li>
            <NavLink to="review" className="assess-progress__link">
              <span>Review answers</span>
            </NavLink>
          </li>
          <li>
            <NavLink to="code" className="assess-progress__link">
              <span>Evidence from code</span>
            </NavLink>
          </li>
        </ol>
      </aside>
      <div className="assess-main">
        <Outlet />
      </div>
    </div>
  );
}

/** An SVG bar (no inline styles: the CSP forbids them) with the numbers for assistive tech. */
export function ProgressBar({ value, max, label }: { value: number; max: number; label: string }) {
  const width = max === 0 ? 0 : Math.min(100, (value / max) * 100);
  return (
    <svg
      className="progress-bar"
      viewBox="0 0 100 6"
      preserveAspectRatio="none"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={value}
    >
      <rect x="0" y="0" width="100" height="6" rx="3" className="progress-bar__track" />
      <rect x="0" y="0" width={width} height="6" rx="3" className="progress-bar__fill" />
    </svg>
  );
}
