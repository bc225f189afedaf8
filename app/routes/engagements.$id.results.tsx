import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { EvidenceSummary } from "~/components/evidence/evidence-summary";
import { EffortSummary } from "~/components/results/effort-summary";
import { AreaFindings, BlockerList } from "~/components/results/findings";
import { RadarChart } from "~/components/results/radar-chart";
import { evidenceNotes, orderedNotes } from "~/evidence/answer-evidence.server";
import { effectiveAnswers } from "~/models/answer.server";
import { getEngagementAssessment } from "~/models/assessment.server";
import { unpack } from "~/utils/packed";
import { packedResultsView } from "~/utils/results-view.server";
import { requireMember } from "~/utils/membership.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { engagement } = await requireMember({ request, context }, params.id);
  const { assessment, stored, content } = await getEngagementAssessment({ engagement });
  const notes = await evidenceNotes({
    engagementId: engagement.id,
    content,
    answers: effectiveAnswers(stored),
  });
  return {
    view: packedResultsView({ engagementId: engagement.id, assessment, stored, content }),
    evidence: orderedNotes(content, notes),
  };
}

export default function Results() {
  const { view: packed, evidence } = useLoaderData<typeof loader>();
  const view = unpack(packed);
  const { overall, completion, areas, blockers } = view;
  const assess = `/engagements/${view.engagementId}/assess`;
  if (completion.answered === 0) {
    return (
      <div className="card empty">
        <h2>No answers yet</h2>
        <p className="muted">Results appear as soon as the assessment has answers.</p>
        <Link to={assess} className="button button--primary">
          Go to the assessment
        </Link>
      </div>
    );
  }
  return (
    <div className="stack-lg">
      <p className="results-actions">
        <a
          href={`/engagements/${view.engagementId}/report.pdf`}
          className="button button--secondary"
          download
        >
          Download the assessment report (PDF)
        </a>
      </p>
      <section className="card results-hero" aria-label="Summary">
        <div className="stat">
          <span className="stat__label">Readiness</span>
          <span className={`stat__value level--${overall.levelId ?? "none"}`}>
            {overall.score === null ? "–" : `${overall.score} / 100`}
          </span>
          <span className="stat__sub">
            {overall.level ?? "Not scored yet"}
            {overall.cappedByBlockers ? " — held back by launch blockers" : ""}
          </span>
        </div>
        <div className="stat">
          <span className="stat__label">Launch blockers</span>
          <span
            className={`stat__value ${blockers.length > 0 ? "level--prototype" : "level--production-ready"}`}
          >
            {blockers.length}
          </span>
          <span className="stat__sub">
            {blockers.length > 0 ? "Fix these before real users or money" : "None found"}
          </span>
        </div>
        <div className="stat">
          <span className="stat__label">Answered</span>
          <span className="stat__value">{completion.percent}%</span>
          <span className="stat__sub">
            {completion.answered} of {completion.total} questions ·{" "}
            <Link to={`${assess}/review`}>review</Link>
          </span>
        </div>
      </section>

      {blockers.length > 0 ? (
        <section aria-labelledby="blockers-heading">
          <h2 id="blockers-heading">Launch blockers</h2>
          <BlockerList blockers={blockers} assessPath={assess} corrections={view.corrections} />
        </section>
      ) : null}

      <EvidenceSummary notes={evidence} assessPath={assess} />

      <EffortSummary
        effort={view.effort}
        drivers={view.drivers}
        narrowers={view.narrowers}
        assessPath={assess}
      />

      <section className="card" aria-labelledby="areas-heading">
        <h2 id="areas-heading">Readiness by area</h2>
        <div className="two-col">
          <RadarChart areas={areas} labelledBy="areas-heading" />
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Readiness score per area, 0 to 100</caption>
              <thead>
                <tr>
                  <th scope="col">Area</th>
                  <th scope="col" className="num">
                    Score
                  </th>
                  <th scope="col" className="num">
                    High risks
                  </th>
                  <th scope="col" className="num">
                    Answered
                  </th>
                </tr>
              </thead>
              <tbody>
                {areas.map((a) => (
                  <tr key={a.id}>
                    <th scope="row">
                      <a href={`#area-${a.id}`}>{a.title}</a>
                    </th>
                    <td className="num">{a.applicable ? (a.score ?? "–") : "n/a"}</td>
                    <td className="num">{a.applicable ? a.risks.high.length : "–"}</td>
                    <td className="num">
                      {a.applicable ? `${a.completion.answered}/${a.completion.total}` : "–"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      </section>

      <AreaFindings areas={areas} assessPath={assess} corrections={view.corrections} />

      <section className="card how-we-estimate" aria-labelledby="method-heading">
        <h2 id="method-heading">How we estimate</h2>
        <ol>
          {view.method.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ol>
      </section>
    </div>
  );
}
