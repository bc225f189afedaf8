import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { Fragment } from "react";

import { getAnswerState } from "~/models/answer-state.server";
import { requireMember } from "~/auth/membership.server";
import { essentialsProgress } from "~/questionnaire/questionnaire";
import { revalidateUnlessQuietAutosave } from "~/utils/quiet-autosave";
import { minutesToAnswer } from "~/questionnaire/time-to-answer";
import { engagementTitle, type EngagementMatches } from "~/utils/page-title";

// A quiet autosave (one answer replaced by another) changes nothing this route's loader returns.
export const shouldRevalidate = revalidateUnlessQuietAutosave;

export const meta: MetaFunction<typeof loader, EngagementMatches> = (args) =>
  engagementTitle(args, "Assessment");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { engagement } = await requireMember({ request, context }, params.id);
  const { sections } = await getAnswerState({ engagement });
  const answered = sections.reduce((n, s) => n + s.answered, 0);
  const total = sections.reduce((n, s) => n + s.total, 0);
  return { sections, answered, total, essentials: essentialsProgress(sections) };
}

export default function AssessLayout() {
  const { sections, answered, total, essentials } = useLoaderData<typeof loader>();
  // Rounded down, as the results page does (the engine's ratio): 100% only once all are answered.
  const percent = total === 0 ? 0 : Math.floor((answered / total) * 100);
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
        {answered < total ? (
          <p className="muted small">About {minutesToAnswer(total - answered)} minutes to go.</p>
        ) : null}
        <ol className="assess-progress__list">
          {sections.map((s, i) => (
            <Fragment key={s.id}>
              <li>
                <NavLink to={s.path} end className="assess-progress__link">
                  <span className="assess-progress__title">
                    {s.title}
                    <SectionTime left={s.total - s.answered} />
                  </span>
                  <span
                    className="assess-progress__count"
                    aria-label={`${s.answered} of ${s.total} answered`}
                  >
                    {s.answered === s.total && s.total > 0 ? "✓" : `${s.answered}/${s.total}`}
                  </span>
                </NavLink>
              </li>
              {/* The quick path sits right after the intake, where it starts. */}
              {i === 0 && essentials.total > 0 ? (
                <li className="assess-progress__quick">
                  <NavLink to="essentials" end className="assess-progress__link">
                    <span className="assess-progress__title">
                      Quick path: the essentials
                      <SectionTime left={essentials.total - essentials.answered} />
                    </span>
                    <span
                      className="assess-progress__count"
                      aria-label={`${essentials.answered} of ${essentials.total} answered`}
                    >
                      {essentials.answered === essentials.total
                        ? "✓"
                        : `${essentials.answered}/${essentials.total}`}
                    </span>
                  </NavLink>
                </li>
              ) : null}
            </Fragment>
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

/** Time left on a section, or nothing when it is done. */
function SectionTime({ left }: { left: number }) {
  return left > 0 ? (
    <span className="assess-progress__time">{`about ${minutesToAnswer(left)} min`}</span>
  ) : null;
}

/** An SVG bar (no inline styles: the CSP forbids them) with the numbers for assistive tech. */
function ProgressBar({ value, max, label }: { value: number; max: number; label: string }) {
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

export { TabError as ErrorBoundary, tabHeaders as headers } from "~/components/tab-error";
