import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";

import { CodeEvidenceOffer } from "~/components/evidence/code-offer";
import { contradictions } from "~/components/questionnaire/answer-conflicts";
import { EvidenceSummary } from "~/components/evidence/evidence-summary";
import { whoseCode } from "~/utils/code-words";
import { EffortSummary } from "~/components/results/effort-summary";
import {
  LaunchMinimum,
  ProjectsLikeThis,
  SharedWork,
  TierTable,
} from "~/components/results/estimate-summary";
import { AreaFindings, BlockerList, PossibleBlockers } from "~/components/results/findings";
import { RadarChart } from "~/components/results/radar-chart";
import { PdfDownloadLink } from "~/components/pdf-download-link";
import { QuoteCheck, type QuoteQuery } from "~/components/results/quote-check";
import { TableWrap } from "~/components/table-wrap";
import { evidenceNotes, orderedNotes } from "~/evidence/answer-evidence.server";
import { effectiveAnswers } from "~/models/answer.server";
import { getEngagementAssessment } from "~/models/assessment.server";
import { hasScan } from "~/models/evidence.server";
import { requireMember } from "~/auth/membership.server";
import { minutesToAnswer } from "~/questionnaire/time-to-answer";
import { can } from "~/auth/permissions";
import { placeQuote } from "~/engine/quote-check";
import { resultsView, type ResultsView } from "~/routes/engagements.$id.results/results-view.server";
import { getProposal, listProposals } from "~/models/proposal.server";
import { readAmount } from "~/utils/price-model";
import { proposalQuoteBasis, standingVersion, tierTasks, type QuoteBasis } from "~/utils/quote-basis";
import { couldBeBlockers } from "~/utils/assessment-view";
import { formatWeeks, moneyRange } from "~/utils/format";
import { engagementTitle, type EngagementMatches } from "~/utils/page-title";

export const meta: MetaFunction<typeof loader, EngagementMatches> = (args) =>
  engagementTitle(args, "Results");

// `?quote=12000`: a price the reader was quoted, checked against the estimate (QuoteCheck): the
// standing proposal's frozen figures when there is one, the answers' otherwise (QA 7, finding 1).
// Anything longer than an amount can be is refused before it is read; a repeated parameter counts once.
const QuoteParam = z.string().trim().max(40, "Enter the amount as a number, like 12000.");

function quoteQuery(url: URL, basis: QuoteBasis, answers: QuoteBasis | null): QuoteQuery | null {
  const raw = url.searchParams.get("quote");
  if (raw === null) return null;
  const refused = (typed: string, error: string) => ({ typed, error, placement: null, byAnswers: null });
  const parsed = QuoteParam.safeParse(raw);
  if (!parsed.success) return refused(raw.slice(0, 40), parsed.error.issues[0]!.message);
  if (parsed.data === "") return refused("", "Enter the price you were quoted.");
  const amount = readAmount(parsed.data);
  if (typeof amount === "string") return refused(parsed.data, amount);
  const place = (b: QuoteBasis) =>
    placeQuote({ amount, launch: b.launch.cost, total: b.total.cost, rate: b.rate });
  const placement = place(basis);
  // What the check said before the proposal, when it reads differently now and is in the same money.
  const before = answers && answers !== basis ? { basis: answers, placement: place(answers) } : null;
  const range = (c: { likely: number; cautious: number; currency: string }) =>
    moneyRange(c.likely, c.cautious, c.currency);
  return {
    typed: parsed.data,
    error: null,
    placement,
    byAnswers:
      before && before.placement.position !== placement.position
        ? {
            position: before.placement.position,
            launch: range(before.basis.launch.cost),
            total: range(before.basis.total.cost),
          }
        : null,
  };
}

/** The figures a quote is held against: the standing proposal's, else the answers'. */
async function quoteBasis(engagementId: string, view: ResultsView) {
  const { tiers, total, cost, tasks } = view.estimate;
  const answers: QuoteBasis | null =
    tasks > 0
      ? {
          proposal: null,
          launch: tiers[0]!,
          hardening: tierTasks(tiers, "hardening"),
          total,
          rate: cost.rate,
          items: view.launchItems,
        }
      : null;
  const standing = standingVersion(await listProposals({ engagementId }));
  const record = standing && (await getProposal({ engagementId, number: standing.number }));
  const proposal = record ? proposalQuoteBasis(record.snapshot) : null;
  return {
    basis: proposal ?? answers,
    // Only comparable in the same currency: a version frozen in euros says nothing about a yen quote.
    answers: answers && (!proposal || proposal.total.cost.currency === cost.currency) ? answers : null,
  };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { engagement, role } = await requireMember({ request, context }, params.id);
  const { assessment, stored, content } = await getEngagementAssessment({ engagement });
  const view = resultsView({
    engagementId: engagement.id,
    assessment,
    stored,
    content,
    percentiles: role === "partner",
    founder: role === "founder",
  });
  const { basis, answers } = await quoteBasis(engagement.id, view);
  return {
    view,
    quoteBasis: basis,
    quote: basis ? quoteQuery(new URL(request.url), basis, answers) : null,
    canAnswer: can(role, "answer"),
    // How many answers contradict another (content/conflicts.yaml); the review page lists them.
    conflicting: assessment.conflicts.length,
    // The code step, offered until code has been scanned, to those who may upload it.
    offerCode: can(role, "useCodeEvidence") && !(await hasScan({ engagementId: engagement.id })),
    canInvite: can(role, "manageMembers"),
    // Answers resting on accepted evidence from the code (docs/decisions/012-evidence-from-code.md).
    evidence: orderedNotes(
      content,
      await evidenceNotes({ engagementId: engagement.id, content, answers: effectiveAnswers(stored) }),
    ),
  };
}

export default function Results() {
  const { view, canAnswer, canInvite, evidence, offerCode, conflicting, quote, quoteBasis } =
    useLoaderData<typeof loader>();
  const { overall, completion, areas, blockers, possibleBlockers, estimate, provisional } = view;
  const base = `/engagements/${view.engagementId}`;
  const assess = `${base}/assess`;
  const open = provisional.total - provisional.answered;
  const launch = estimate.tiers[0]!;
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
      {/* The page's own heading, for navigation by headings: the figures at its top had none, and
          the first heading a screen reader reached was the code upload's (QA pass 4, finding 7). The
          project's name is the h1, the tab's name is said by the tab bar. */}
      <h2 className="visually-hidden" id="results-heading">
        Results: where the app stands
      </h2>
      <div className="results-actions">
        <PdfDownloadLink href={`${base}/report.pdf`} className="button button--secondary" download>
          Download the report (PDF)
        </PdfDownloadLink>
      </div>

      {conflicting > 0 ? (
        <p className="alert alert--warn" role="status">
          <strong>{contradictions(conflicting)}.</strong> In each, one answer was probably picked by mistake;
          the estimate counts them as given.{" "}
          <Link to={`${assess}/review#conflicts`}>See which on the review page</Link>
        </p>
      ) : null}

      {provisional.provisional ? (
        <div className="alert alert--info" role="status">
          <p>
            <strong>
              Provisional: {provisional.answered} of {provisional.total} questions answered.
            </strong>{" "}
            Until a question is answered we price it as if the answer were the worst one, so this estimate
            usually comes down {canAnswer ? "as you answer" : "as the founder answers"}.
          </p>
          {canAnswer ? (
            <p>
              <Link to={assess}>Go deeper, area by area</Link>{" "}
              {`(${open} ${open === 1 ? "question" : "questions"} left, about ${minutesToAnswer(open)} minutes)`}
            </p>
          ) : null}
        </div>
      ) : null}

      {/* Readiness and the blocker count lead, as the home page promises ("launch blockers
          first"); the money follows. The blocker list itself stays after the estimate. */}
      <section className="card results-hero" aria-labelledby="results-heading">
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
            className={`stat__value ${blockers.length > 0 ? "level--prototype" : provisional.provisional || possibleBlockers.length > 0 ? "" : "level--production-ready"}`}
          >
            {blockers.length}
          </span>
          <span className="stat__sub">
            {blockers.length > 0 ? (
              <>
                Answers that stop a launch until fixed ·{" "}
                <a href="#blockers-heading" className="nowrap">
                  see them
                </a>
              </>
            ) : provisional.provisional ? (
              `None in ${canAnswer ? "your" : "the"} answers so far; ${open} ${open === 1 ? "question is" : "questions are"} still open`
            ) : (
              "None found"
            )}
            {possibleBlockers.length > 0 ? (
              <>
                {" "}
                ·{" "}
                <a href="#possible-blockers-heading">
                  {couldBeBlockers(possibleBlockers.length, "blockers")}
                </a>
              </>
            ) : null}
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

      {offerCode ? <CodeEvidenceOffer assessPath={assess} /> : null}

      <div className="results-top">
        <LaunchMinimum
          launch={launch}
          items={view.launchItems}
          provisional={provisional.provisional}
          percentiles={view.percentiles}
          pace={estimate.pace}
          rate={estimate.cost.rate}
        />
        {view.reference ? (
          <ProjectsLikeThis
            reference={view.reference}
            rate={estimate.cost.rate}
            currency={estimate.cost.currency}
          />
        ) : (
          <section className="card reference-card">
            <p className="eyebrow">Projects like this</p>
            <p className="muted">
              Say what kind of app this is in the first part of the assessment, and we show what comparable
              projects cost beside this estimate.
            </p>
          </section>
        )}
      </div>

      <section className="card stack" aria-labelledby="tiers-heading">
        <h2 id="tiers-heading">The whole estimate, tier by tier</h2>
        <p className="muted">
          Decide on the launch minimum first; hardening follows soon after launch, and scale-later work when
          growth calls for it. Tiers run one after another, so the total&apos;s weeks run through all three.
        </p>
        <TierTable tiers={estimate.tiers} total={estimate.total} percentiles={view.percentiles} />
      </section>

      {/* Shown whenever there is something to hold a quote against: work in the answers, or a
          proposal (one with custom items stands even when the answers call for none). */}
      {quoteBasis ? <QuoteCheck quote={quote} basis={quoteBasis} /> : null}

      {blockers.length > 0 || possibleBlockers.length > 0 ? (
        <section aria-labelledby="blockers-heading" className="stack">
          <h2 id="blockers-heading">Launch blockers</h2>
          {blockers.length > 0 ? (
            <>
              <p className="muted">
                Answers that must be fixed before real users or real money; the launch minimum covers them.
              </p>
              <BlockerList
                blockers={blockers}
                assessPath={assess}
                corrections={view.corrections}
                founder={canAnswer}
              />
            </>
          ) : (
            <p className="muted">None in the answers given so far.</p>
          )}
          <PossibleBlockers questions={possibleBlockers} assessPath={assess} founder={canAnswer} />
        </section>
      ) : null}

      {canInvite && !provisional.provisional ? (
        <section className="card next-step" aria-labelledby="next-heading">
          <h2 id="next-heading">Next step: bring in your engineer</h2>
          <p className="muted">
            Invite your engineering partner to check these answers, shape the plan and send you a proposal to
            sign off.
          </p>
          <Link to={`${base}/members#invite`} className="button button--primary">
            Invite your engineer
          </Link>
        </section>
      ) : null}

      <EvidenceSummary notes={evidence} assessPath={assess} code={whoseCode(canAnswer)} />

      <SharedWork shared={estimate.shared} />

      {/* With no work there is no range: a chart of one bar at 0 h and "0% of outcomes need more"
          would only say the same thing as the tier table's "None", less clearly. */}
      {estimate.tasks === 0 ? null : (
        <EffortSummary
          histogram={estimate.histogram}
          likely={estimate.total.hours.likely}
          cautious={estimate.total.hours.cautious}
          likelySum={estimate.likelySum}
          shareAboveLikely={estimate.shareAboveLikely}
          drivers={view.drivers}
          narrowers={view.narrowers}
          provisional={provisional.provisional}
          assessPath={assess}
          percentiles={view.percentiles}
        />
      )}

      <section className="card" aria-labelledby="areas-heading">
        <h2 id="areas-heading">Readiness by area</h2>
        <div className="two-col">
          <RadarChart areas={areas} labelledBy="areas-heading" />
          <TableWrap label="Table of readiness scores by area">
            <table className="area-scores">
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
          </TableWrap>
          {/* Blockers are high risks too; the findings below label them apart. */}
          {blockers.length > 0 ? (
            <p className="muted small">
              High risks include the{" "}
              {blockers.length === 1 ? "launch blocker" : `${blockers.length} launch blockers`}.
            </p>
          ) : null}
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
        {view.percentiles ? (
          <p className="small muted">
            Project factor σ = {estimate.sigma.toFixed(2)}; {formatWeeks(estimate.weeks.p85)} at P85.
          </p>
        ) : null}
      </section>
    </div>
  );
}

export { TabError as ErrorBoundary, tabHeaders as headers } from "~/components/tab-error";
