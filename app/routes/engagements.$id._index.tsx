import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";

import { formatMoney } from "~/engine/money";
import { getEngagementAssessment } from "~/models/assessment.server";
import { listActivity } from "~/models/engagement.server";
import { describeActivity } from "~/utils/activity-text";
import { formatDateTime, formatWeeks } from "~/utils/format";
import { requireMember } from "~/utils/membership.server";
import { can } from "~/utils/permissions";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { engagement, role } = await requireMember({ request, context }, params.id);
  const [{ assessment: a }, events] = await Promise.all([
    getEngagementAssessment({ engagement }),
    listActivity({ engagementId: engagement.id }),
  ]);
  const { hours, weeks, cost } = a.effort;
  return {
    engagement: { id: engagement.id, description: engagement.description },
    canAnswer: can(role, "answer"),
    activity: events.map((e) => ({
      id: e.id,
      who: e.name || e.email || "Someone",
      text: describeActivity(e.kind, e.detail),
      at: formatDateTime(e.createdAt),
    })),
    summary:
      a.completion.answered === 0
        ? null
        : {
            score: a.overall.score,
            level: a.overall.level?.name ?? null,
            levelId: a.overall.level?.id ?? "none",
            blockers: a.blockers.length,
            completion: a.completion.percent,
            hours: `${Math.round(hours.p50)}–${Math.round(hours.p90)} h`,
            weeks: `${formatWeeks(weeks.p50)} (85% within ${formatWeeks(weeks.p85)})`,
            cost: `${formatMoney(cost.p50, cost.currency)}–${formatMoney(cost.p90, cost.currency)}`,
          },
  };
}

export default function EngagementOverview() {
  const { engagement, canAnswer, summary, activity } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <div className="stack-lg">
      {params.has("saved") ? (
        <div className="alert alert--ok" role="status">
          Your answers are saved. Pick up where you left off any time from the Assessment tab.
        </div>
      ) : null}
      {engagement.description ? <p className="lead">{engagement.description}</p> : null}
      {summary ? (
        <section className="card stack" aria-labelledby="summary-heading">
          <h2 id="summary-heading">Where you stand</h2>
          <div className="summary-grid">
            <div className="stat">
              <span className="stat__label">Readiness</span>
              <span className={`stat__value level--${summary.levelId}`}>{summary.score ?? "–"}</span>
              <span className="stat__sub">{summary.level ?? "Not scored yet"}</span>
            </div>
            <div className="stat">
              <span className="stat__label">Launch blockers</span>
              <span className="stat__value">{summary.blockers}</span>
            </div>
            <div className="stat">
              <span className="stat__label">Effort</span>
              <span className="stat__sub">{summary.hours}</span>
              <span className="stat__sub">{summary.weeks}</span>
              <span className="stat__sub">{summary.cost}</span>
            </div>
          </div>
          <p className="form-actions">
            <Link to="results" className="button button--primary">
              See full results
            </Link>
            {summary.completion < 100 && canAnswer ? (
              <Link to="assess" className="button button--secondary">
                Continue the assessment ({summary.completion}% answered)
              </Link>
            ) : null}
          </p>
        </section>
      ) : (
        <section className="card">
          <h2>Next step</h2>
          {canAnswer ? (
            <>
              <p className="muted">
                Answer the assessment: plain questions on the six production-readiness areas. Your answers
                save as you go, and "I'm not sure" is a fine answer.
              </p>
              <Link to="assess" className="button button--primary">
                Start the assessment
              </Link>
            </>
          ) : (
            <p className="muted">
              The founder is answering the assessment. Results appear as answers come in.
            </p>
          )}
        </section>
      )}
      <section className="card stack" aria-labelledby="activity-heading">
        <div className="plan-phase__head">
          <h2 id="activity-heading">Recent activity</h2>
          <a
            href={`/engagements/${engagement.id}/export.json`}
            className="button button--ghost button--small"
            download
          >
            Export JSON
          </a>
        </div>
        {activity.length === 0 ? (
          <p className="muted">Nothing yet.</p>
        ) : (
          <ol className="activity-list">
            {activity.map((e) => (
              <li key={e.id}>
                <strong>{e.who}</strong> {e.text} <span className="muted small">· {e.at}</span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
