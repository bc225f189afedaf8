import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Fragment } from "react";

import { validAnswers } from "~/engine/answers";
import type { ProposalSnapshot } from "~/engine/plan-types";
import { getAnswerState } from "~/models/answer-state.server";
import { getEngagementAssessment } from "~/models/assessment.server";
import { listActivity } from "~/models/engagement.server";
import { listPendingInvitations } from "~/models/invitation.server";
import { listMembers } from "~/models/membership.server";
import { getPlanItems } from "~/models/plan-state.server";
import { getProposal, listProposals, planDiffers } from "~/models/proposal.server";
import { activityFeed, type ActivityTarget } from "~/routes/engagements.$id._index/activity-text";
import {
  founderNextStep,
  partnerChecklist,
  type GuideFacts,
} from "~/routes/engagements.$id._index/engagement-guide";
import { progressAgainst } from "~/engine/tracking";
import { agreedSnapshot } from "~/plan/plan-view.server";
import { deliveryLine } from "~/plan/progress-words";
import { AGAINST_A_QUOTE, midSentence, REFERENCE_POSITION, tierViews } from "~/utils/estimate-view";
import { standingVersion } from "~/utils/quote-basis";
import { formatDateTime, hoursRange, moneyRange, plural, weeksLikelyCautiousParts } from "~/utils/format";
import { requireMember } from "~/auth/membership.server";
import { can } from "~/auth/permissions";
import { proposalStatus } from "~/utils/proposal-status";
import { quickPath, visibleSections } from "~/questionnaire/questionnaire";
import { questionHref } from "~/questionnaire/question-comments.server";
import { engagementTitle, type EngagementMatches } from "~/utils/page-title";
import { formatDay, isPast } from "~/utils/calendar-day";
import { pricingLine, rateSince, settingChanges } from "~/utils/settings-words";
import { priceOf, priceWords } from "~/utils/price-model";

import {
  acceptanceFor,
  acceptedClause,
  asAnswered,
  shapedBy,
  whoseAnswers,
  type Acceptance,
} from "./role-words";
import { couldBeBlockers } from "~/utils/assessment-view";

import { answersVsProposal } from "./answers-vs-proposal";

/** Hours and weeks of a launch tier, likely to cautious, as the summary card's stats give them. */
function launchFigures(t: {
  hours: { likely: number; cautious: number };
  weeks: { likely: number; cautious: number };
}) {
  return {
    hours: hoursRange(t.hours.likely, t.hours.cautious),
    likelyHours: t.hours.likely,
    weeks: weeksLikelyCautiousParts(t.weeks.likely, t.weeks.cautious),
  };
}

/**
 * A proposal's launch minimum (none before tiers existed): its money likely to cautious, as its page
 * states it, with hours and weeks as the summary card gives them, and the later-phase work it counts
 * because it waits for it, in the proposal page's words (decision 051).
 */
function proposalLaunch(s: ProposalSnapshot) {
  const titles = new Map(s.items.map((i) => [i.id, i.title]));
  const tier = s.totals.tiers
    ? tierViews(s.totals.tiers, { tasks: s.totals.items, ...s.totals }, "plan", (id) => titles.get(id))
        .tiers[0]
    : undefined;
  if (!tier) return null;
  return {
    tasks: tier.tasks,
    cost: moneyRange(tier.cost.likely, tier.cost.cautious, s.totals.cost.currency),
    ...launchFigures(tier),
    includes: tier.includes,
  };
}

/** The whole proposal's money, likely to cautious, and its number of items. */
function proposalWhole(s: ProposalSnapshot): string {
  return `${moneyRange(s.totals.cost.p50, s.totals.cost.p90, s.totals.cost.currency)} for ${plural(s.totals.items, "item")}`;
}

/** The proposal's headline totals in one line, the way its page states them. */
function proposalTotals(s: ProposalSnapshot, launch: { cost: string } | null): string {
  return launch
    ? `Launch minimum ${launch.cost}; whole proposal ${proposalWhole(s)}`
    : `Whole proposal ${proposalWhole(s)}`;
}

export const meta: MetaFunction<typeof loader, EngagementMatches> = (args) =>
  engagementTitle(args, "Overview");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { engagement, role, user } = await requireMember({ request, context }, params.id);
  const [{ assessment: a, content }, state, events, members, invitations, plan, versions] = await Promise.all(
    [
      getEngagementAssessment({ engagement }),
      getAnswerState({ engagement }),
      listActivity({ engagementId: engagement.id }),
      listMembers({ engagementId: engagement.id }),
      listPendingInvitations({ engagementId: engagement.id }),
      getPlanItems({ engagement }),
      listProposals({ engagementId: engagement.id }),
    ],
  );
  // The people entries are about (a removed member), named as the feed names whoever acted.
  const people = new Map<string, string>();
  for (const e of events) {
    const about = (e.detail as Record<string, unknown> | null)?.userId;
    const name = e.subjectName || e.subjectEmail;
    if (typeof about === "string" && name) people.set(about, name);
  }
  // Where entries link to: items and versions that are still there. An entry from before item ids
  // were logged finds its item by title, when exactly one item has it.
  const itemIds = new Set(plan.map((i) => i.id));
  const byTitle = new Map<string, string | null>();
  for (const i of plan) byTitle.set(i.title, byTitle.has(i.title) ? null : i.id);
  const numbers = new Set(versions.map((v) => v.number));
  const base = `/engagements/${engagement.id}`;
  const href = (target: ActivityTarget): string | undefined => {
    // A question's thread is under it, on the page where it is answered.
    if (target.type === "question") {
      const question = content.questionsById.get(target.id);
      return question ? questionHref(engagement.id, question) : undefined;
    }
    const thread = target.comments ? "#comments" : "";
    if (target.type === "proposal")
      return numbers.has(target.number) ? `${base}/proposals/${target.number}${thread}` : undefined;
    const itemId = target.id
      ? itemIds.has(target.id)
        ? target.id
        : undefined
      : target.title !== undefined
        ? (byTitle.get(target.title) ?? undefined)
        : undefined;
    return itemId ? `${base}/plan/${itemId}${thread}` : undefined;
  };
  // The questions shown for the current answers, read as the questionnaire reads them; only when the
  // feed has answers to count.
  let shown: Set<string> | undefined;
  const asked = () =>
    (shown ??= new Set(
      visibleSections(content, validAnswers(content, state.answers)).flatMap((s) =>
        s.questions.map((q) => q.id),
      ),
    ));
  const newest = versions[0];
  const latest = newest
    ? await getProposal({ engagementId: engagement.id, number: newest.number })
    : undefined;
  const quoted = latest ? proposalLaunch(latest.snapshot) : null;
  // The work is measured against the accepted version, not the live plan (decision 036).
  const agreed = await agreedSnapshot(engagement.id, versions);
  const progress = agreed ? progressAgainst(agreed, plan) : null;
  const facts: GuideFacts = {
    answered: state.sections.reduce((n, s) => n + s.answered, 0),
    total: state.sections.reduce((n, s) => n + s.total, 0),
    quick: quickPath(state.sections),
    reviewed: state.stored.filter((x) => x.review && state.visible[x.questionId] !== undefined).length,
    partnerJoined: members.some((m) => m.role === "partner"),
    invitePending: invitations.some((i) => i.role === "partner"),
    plan:
      plan.length === 0
        ? null
        : {
            items: plan.length,
            undecided: plan.filter((i) => i.scope === "proposed").length,
            included: plan.filter((i) => i.scope === "included").length,
            done: plan.filter((i) => i.scope === "included" && i.status === "done").length,
          },
    latest:
      newest && latest
        ? {
            number: newest.number,
            status: proposalStatus(newest, newest.number),
            totals: proposalTotals(latest.snapshot, quoted),
            imported: newest.imported,
            // Past its valid-until day and not accepted: no longer on offer.
            ...(!newest.acceptedAt && isPast(latest.snapshot.validUntil)
              ? { expired: formatDay(latest.snapshot.validUntil!) }
              : {}),
          }
        : null,
    planChangedSinceLatest: latest ? planDiffers(plan, engagement, latest.snapshot) : false,
    // Which: the items, or only the rate, currency or team (QA 7, finding 16). The items are compared
    // as priced with the version's own settings, so a settings change alone leaves them unchanged.
    changedSinceLatest: latest
      ? {
          items: planDiffers(plan, latest.snapshot.settings, latest.snapshot),
          settings: settingChanges(latest.snapshot.settings, engagement).map((c) => c.label),
        }
      : undefined,
    // Nothing in the answers to price: with no plan items in scope, no proposal is coming (finding 14).
    noWork: a.tasks.length === 0,
    // The settings version starts at 1 and goes up with every save, by anyone.
    settingsConfirmed: engagement.version > 1 || versions.length > 0,
    pricing: pricingLine(engagement),
    delivery: progress
      ? {
          version: progress.version,
          done: progress.done,
          items: progress.items,
          line: deliveryLine(progress),
        }
      : null,
  };
  const { hours, weeks, cost } = a.effort;
  const taskTitles = new Map(a.tasks.map((t) => [t.id, t.title]));
  const { tiers, total } = tierViews(
    a.effort.tiers,
    { tasks: a.tasks.length, hours, weeks, cost },
    "answers",
    (id) => taskTitles.get(id),
  );
  const launch = tiers[0]!;
  const launchCost = moneyRange(launch.cost.likely, launch.cost.cautious, cost.currency);
  // The version the summary card prices: the newest, unless it was withdrawn; then the agreement, when
  // an earlier version was accepted (it still stands, decision 039), else none.
  const cardVersion = standingVersion(versions);
  const card =
    cardVersion === newest
      ? latest
      : cardVersion && (await getProposal({ engagementId: engagement.id, number: cardVersion.number }));
  const cardStatus = cardVersion && newest ? proposalStatus(cardVersion, newest.number) : null;
  const cardQuoted = card ? proposalLaunch(card.snapshot) : null;
  return {
    engagement: { id: engagement.id, description: engagement.description },
    canAnswer: can(role, "answer"),
    // The founder gets one next step; everyone else sees the partner's checklist (viewers read it).
    nextStep: role === "founder" ? founderNextStep(facts) : null,
    checklist: role === "founder" ? null : partnerChecklist(facts),
    canPublish: can(role, "publishProposal"),
    // The card's sentences in the reader's role: only founders answer, and the partner shapes the plan.
    words: {
      shaped: shapedBy(role),
      answers: whoseAnswers(role),
      answersCap: capitalised(whoseAnswers(role)),
      asAnswered: asAnswered(role),
    },
    activity: activityFeed(
      events.map((e) => ({
        id: e.id,
        kind: e.kind,
        detail: (e.detail ?? {}) as Record<string, unknown>,
        createdAt: e.createdAt,
        userId: e.userId,
        who: e.name || e.email || "Someone",
      })),
      {
        question: (id) => content.questionsById.get(id)?.prompt,
        // Answers are counted as the questionnaire's progress counts them: on the questions it shows.
        asked: (id) => asked().has(id),
        person: (userId) => people.get(userId),
        href,
      },
    ).map((line) => ({ ...line, at: formatDateTime(line.at) })),
    summary:
      a.completion.answered === 0
        ? null
        : {
            score: a.overall.score,
            level: a.overall.level?.name ?? null,
            levelId: a.overall.level?.id ?? "none",
            blockers: a.blockers.length,
            possibleBlockers: a.possibleBlockers.length,
            completion: a.completion.percent,
            provisional: a.provisional.provisional,
            open: a.provisional.total - a.provisional.answered,
            launch: {
              tasks: launch.tasks,
              cost: launchCost,
              ...launchFigures(launch),
              includes: launch.includes,
            },
            total: {
              tasks: total.tasks,
              cost: moneyRange(total.cost.likely, total.cost.cautious, cost.currency),
              hours: hoursRange(total.hours.likely, total.hours.cautious),
            },
            // The latest proposal that is not superseded prices the plan, not the answers; the card
            // says so, so that the two figures on this page are not read as one changing number. A
            // withdrawn one is no figure to hold against other quotes (decision 039).
            proposal:
              card && cardStatus !== null && cardStatus !== "superseded" && cardStatus !== "withdrawn"
                ? {
                    number: card.number,
                    accepted: cardStatus === "accepted" ? acceptanceFor(card, user.id) : null,
                    totals: proposalTotals(card.snapshot, cardQuoted),
                    whole: proposalWhole(card.snapshot),
                    // A fixed price or a cap is the figure it offers, its range only the estimate
                    // behind it (decision 035); null when it is priced on the range.
                    price:
                      priceOf(card.snapshot).model === "range"
                        ? null
                        : priceWords(priceOf(card.snapshot), card.snapshot.totals.cost.currency),
                    // Its launch minimum leads the card: it is what the founder is quoted.
                    launch: cardQuoted,
                    // The same launch minimum as the answers' (nothing deferred, no estimate changed):
                    // the card then says they agree; else why they differ, from the actual figures
                    // (QA 7, finding 2). The answers are priced at today's rate and the version at its
                    // own, said when they differ, so a rate raised since does not read as the plan
                    // being cheaper (QA 3, 8).
                    difference:
                      cardQuoted && cardQuoted.cost !== launchCost
                        ? answersVsProposal({
                            snapshot: card.snapshot,
                            answers: { ...launchFigures(launch), tasks: launch.tasks, cost: launchCost },
                            proposal: cardQuoted,
                            open: a.provisional.total - a.provisional.answered,
                            whose: whoseAnswers(role),
                            rateSince: rateSince(card.snapshot.settings, engagement),
                          })
                        : null,
                  }
                : null,
            reference: a.reference && {
              // Its capitals kept inside the sentence: "built with AI tools" (QA 7, finding 15).
              title: midSentence(a.reference.title),
              none: a.reference.estimate <= 0,
              hours: `${a.reference.low}–${a.reference.high} h`,
              position: a.reference.position,
            },
          },
  };
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** ", including what the 3 open questions could still add at worst" (nothing when none is open). */
function openAtWorst(open: number): string {
  return open > 0 ? `, including what the ${plural(open, "open question")} could still add at worst` : "";
}

function ProposalName({ proposal }: { proposal: { number: number; accepted: Acceptance | null } }) {
  return (
    <strong>
      Proposal version {proposal.number}
      {proposal.accepted ? acceptedClause(proposal.accepted) : ""}:
    </strong>
  );
}

const STEP_MARK = { done: "Done", current: "Next", todo: "Later" } as const;

export default function EngagementOverview() {
  const { engagement, canAnswer, summary, activity, nextStep, checklist, canPublish, words } =
    useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const quoted = summary?.proposal?.launch ?? null;
  return (
    <div className="stack-lg">
      {params.has("saved") ? (
        <div className="alert alert--ok" role="status">
          Your answers are saved. Pick up where you left off any time from the Assessment tab.
        </div>
      ) : null}
      {engagement.description ? <p className="lead">{engagement.description}</p> : null}
      {nextStep ? (
        <section className="card next-step stack" aria-labelledby="next-step-heading">
          <p className="eyebrow">Next step</p>
          <h2 id="next-step-heading">{nextStep.title}</h2>
          <p>{nextStep.text}</p>
          <p className="form-actions">
            {nextStep.action ? (
              <Link to={nextStep.action.to} className="button button--primary">
                {nextStep.action.label}
              </Link>
            ) : null}
            {nextStep.secondary ? (
              <Link to={nextStep.secondary.to} className="button button--secondary">
                {nextStep.secondary.label}
              </Link>
            ) : null}
          </p>
        </section>
      ) : null}
      {checklist ? (
        <section className="card stack" aria-labelledby="checklist-heading">
          <h2 id="checklist-heading">{canPublish ? "Your checklist" : "Where the work stands"}</h2>
          <ol className="checklist">
            {checklist.map((step) => (
              <li key={step.id} className={`checklist__step checklist__step--${step.state}`}>
                <span className="checklist__mark" aria-hidden="true" />
                <div className="checklist__body">
                  <p className="checklist__title">
                    {step.title} <span className="visually-hidden">({STEP_MARK[step.state]})</span>
                  </p>
                  <p className="muted small">{step.detail}</p>
                </div>
                {step.action && canPublish ? (
                  <Link
                    to={step.action.to}
                    className={`button button--small ${step.state === "current" ? "button--primary" : "button--secondary"}`}
                  >
                    {step.action.label}
                  </Link>
                ) : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
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
                {/* "0" beside answers nobody knows yet read as all clear (QA pass 2). */}
                {summary.possibleBlockers > 0 ? (
                  <>
                    {" "}
                    ·{" "}
                    <Link to={`/engagements/${engagement.id}/results#possible-blockers-heading`}>
                      {couldBeBlockers(summary.possibleBlockers, "blockers")}
                    </Link>
                  </>
                ) : null}
              </span>
            </div>
            <div className="stat">
              <span className="stat__label">
                {summary.proposal && quoted
                  ? `Launch minimum, proposal ${summary.proposal.number}`
                  : `${summary.proposal ? "Launch minimum, by the answers" : "Launch minimum"}${summary.provisional ? " (provisional)" : ""}`}
              </span>
              <span className="stat__value stat__value--money">
                {quoted ? quoted.cost : summary.launch.tasks === 0 ? "None needed" : summary.launch.cost}
              </span>
              {/* Each figure stays on one line: "12 weeks / cautious" broke in the card's narrow column.
                  With no work, no "0–0 h · 0 weeks" ranges (QA 7, finding 13): said in words. */}
              {!quoted && summary.launch.tasks === 0 ? (
                <span className="stat__sub">{words.answersCap} call for no work before launch</span>
              ) : (
                <span className="stat__sub">
                  <span className="nowrap">{(quoted ?? summary.launch).hours}</span> ·{" "}
                  {(quoted ?? summary.launch).weeks.map((w, i) => (
                    <Fragment key={w}>
                      {i > 0 ? ", " : null}
                      <span className="nowrap">{w}</span>
                    </Fragment>
                  ))}
                </span>
              )}
            </div>
          </div>
          {/* The figure counts later-phase work the launch minimum waits for (decision 051): said
              as the plan page, the publish form and the proposal say it. */}
          {(quoted ?? summary.launch).includes ? (
            <p className="small">{(quoted ?? summary.launch).includes}</p>
          ) : null}
          {quoted && summary.proposal ? (
            // The card's figure is the proposal's launch minimum: say what the rest of the proposal
            // adds and how the answers compare, without stating the launch minimum again.
            <p className="small">
              <ProposalName proposal={summary.proposal} />{" "}
              {summary.proposal.price
                ? `the whole proposal is ${summary.proposal.price}, on an estimate of ${summary.proposal.whole}, likely to cautious.`
                : `the whole proposal is ${summary.proposal.whole}, likely to cautious.`}{" "}
              It prices the plan {words.shaped}: the items in scope, with their estimates.{" "}
              {summary.proposal.difference ?? "The answers alone give the same launch minimum."}
            </p>
          ) : (
            <p className="muted small">
              {/* Early on most of the figure is open questions at their worst: say so before the
                  money, so a first look at the card is not read as the price of the work. */}
              {summary.provisional && summary.open > 0
                ? `Provisional: the ${summary.open} open ${summary.open === 1 ? "question is" : "questions are"} priced as if the answer were the worst one, so this usually comes down ${words.asAnswered}. `
                : ""}
              {summary.total.tasks === 0 ? (
                `${words.answersCap} call for no engineering work at all.`
              ) : (
                <>
                  Each range runs from likely (half of the outcomes come in below it) to cautious (9 in 10
                  do). Everything the answers call for, hardening and scale-later work included:{" "}
                  {summary.total.cost} ({summary.total.hours}).
                </>
              )}
            </p>
          )}
          {summary.reference ? (
            <p className="muted small">
              Projects like this ({summary.reference.title}) need {summary.reference.hours} before launch;{" "}
              {summary.reference.none ? (
                `${words.answers} call for none.`
              ) : (
                <>
                  {quoted ? "the answers' launch minimum" : "this launch minimum"} is{" "}
                  {REFERENCE_POSITION[summary.reference.position]}
                  {summary.reference.position === "within" ? "" : " (the full results say why)"}.
                </>
              )}
            </p>
          ) : null}
          {summary.proposal && !quoted ? (
            <p className="small">
              <ProposalName proposal={summary.proposal} /> {summary.proposal.totals}. It prices the plan{" "}
              {words.shaped}: the items in scope, with their estimates. The figures above price every task{" "}
              {words.answers} call for{openAtWorst(summary.open)}.
            </p>
          ) : null}
          {/* How to hold a quote against these figures, in the words of the results page's quote
              check and the report (QA 7, finding 1); the check itself is one link away. */}
          {summary.total.tasks > 0 || summary.proposal ? (
            <p className="small">
              {AGAINST_A_QUOTE} <Link to="results#quote">Check a quote</Link>
            </p>
          ) : null}
          <p className="form-actions">
            <Link to="results" className="button button--secondary">
              See full results
            </Link>
          </p>
        </section>
      ) : !nextStep ? (
        <section className="card">
          <h2>Results</h2>
          <p className="muted">
            {canAnswer
              ? "Results appear as soon as the first answers are in."
              : "The founder is answering the assessment. Results appear as answers come in."}
          </p>
        </section>
      ) : null}
      <section className="card stack" aria-labelledby="activity-heading">
        <div className="plan-phase__head">
          <h2 id="activity-heading">Recent activity</h2>
          <a
            href={`/engagements/${engagement.id}/export.json`}
            className="button button--secondary button--small"
            download
          >
            Export project (JSON)
          </a>
        </div>
        {activity.length === 0 ? (
          <p className="muted">Nothing yet.</p>
        ) : (
          <ol className="activity-list">
            {activity.map((e) => (
              <li key={e.id}>
                <strong>{e.who}</strong> {e.href ? <Link to={e.href}>{e.text}</Link> : e.text}{" "}
                <span className="muted small nowrap">· {e.at}</span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

export { TabError as ErrorBoundary, tabHeaders as headers } from "~/components/tab-error";
