import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";

import { formatMoney } from "~/engine/money";
import { tierViews } from "~/utils/estimate-view";
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
  const { tiers, total } = tierViews(a.effort.tiers, { tasks: a.tasks.length, hours, weeks, cost });
  const launch = tiers[0]!;
  const money = (low: number, high: number) =>
    `${formatMoney(low, cost.currency)}–${formatMoney(high, cost.currency)}`;
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
            provisional: a.provisional.provisional,
            open: a.provisional.total - a.provisional.answered,
            launch: {
              tasks: launch.tasks,
              cost: money(launch.cost.likely, launch.cost.cautious),
              hours: `${Math.round(launch.hours.likely)}–${Math.round(launch.hours.cautious)} h`,
              weeks: `${formatWeeks(launch.weeks.likely)} likely, ${formatWeeks(launch.weeks.cautious)} cautious`,
            },
            total: {
              cost: money(total.cost.likely, total.cost.cautious),
              hours: `${Math.round(total.hours.likely)}–${Math.round(total.hours.cautious)} h`,
            },
            reference: a.reference && {
              title: a.reference.title,
              hours: `${a.reference.low}–${a.reference.high} h`,
              position: a.reference.position,
            },
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
              <span className="stat__sub">
                {summary.blockers === 0 && summary.provisional
                  ? `None so far; ${summary.open} questions open`
                  : "Answers that stop a launch"}
              </span>
            </div>
            <div className="stat">
              <span className="stat__label">
                {summary.provisional ? "Launch minimum (provisional)" : "Launch minimum"}
              </span>
              <span className="stat__value stat__value--money">
                {summary.launch.tasks === 0 ? "None needed" : summary.launch.cost}
              </span>
              <span className="stat__sub">
                {summary.launch.hours} · {summary.launch.weeks}
              </span>
            </div>
          </div>
          <p className="muted small">
            Likely to cautious. Everything the answers call for, hardening and scale-later work included:{" "}
            {summary.total.cost} ({summary.total.hours}).
            {summary.reference
              ? ` Projects like this (${summary.reference.title.toLowerCase()}) need ${summary.reference.hours} before launch.`
              : ""}
          </p>
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
