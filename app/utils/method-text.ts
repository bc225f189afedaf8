import { formatMoney } from "~/engine/money";

import { formatWeeks } from "./format";

// "How we estimate", in plain words. The results page, the report and every proposal (and so its
// PDF) use this same text, filled in with the numbers of that estimate. A proposal differs in two
// places: it is priced from the plan, which leaves out what only unanswered questions could call for,
// and it shows no comparison with published prices.
export function methodExplanation({
  tasks,
  teamSize,
  weeklyCapacity,
  focusFactor,
  hourlyRate,
  currency,
  shared = 0,
  reference = null,
  proposal = null,
}: {
  tasks: number;
  teamSize: number;
  weeklyCapacity: number;
  focusFactor: number;
  hourlyRate: number;
  currency: string;
  /** work packages counted once */
  shared?: number;
  /** the reference class compared with, if any */
  reference?: string | null;
  /** for a proposal: the questions still open when it was published, and the tasks they could add */
  proposal?: { open: { questions: number; tasks: number } } | null;
}): string[] {
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  return [
    proposal
      ? proposalScope(tasks, proposal.open)
      : `Each answer that shows a gap adds one or more tasks from our question bank; here that is ${tasks} tasks. "I'm not sure", and any question not answered yet, is priced as if the answer were the worst one until someone checks; "I'm not sure" also adds a short task to find out.`,
    "Task hours are written for an app of about ten screens, six kinds of stored data, users plus admins and two outside services, and grow or shrink with yours: each task says which share of its work is per screen, per kind of data, per kind of user or per service.",
    shared > 0
      ? `Work that several tasks share, such as setting up payment testing or the monitoring accounts, is counted once, not in every task (${shared} such ${shared === 1 ? "package" : "packages"} here).`
      : "Work that several tasks share, such as setting up payment testing or the monitoring accounts, is counted once, not in every task.",
    "The work is split in three tiers: the launch minimum (what must be fixed before real users or real money), hardening (soon after launch) and scale later. Each tier has its own range, and they are done in that order.",
    "Every task has three estimates in hours: optimistic, likely and pessimistic. Its expected effort is (optimistic + 4 × likely + pessimistic) / 6.",
    'People\'s "best and worst case" guesses are too narrow, so they are not treated as hard limits: in the simulation the range from optimistic to pessimistic holds the middle 8 in 10 outcomes of a task, so about 1 time in 5 a task lands outside it (more often a little under the optimistic figure than over the pessimistic one, because the expected effort stays the one above). The whole plan is simulated 10,000 times.',
    'Projects also run over together, not task by task (unclear requirements, surprises in the code). Every simulated run shares one project-wide factor, and how far it can swing grows with the number of "not sure" and unanswered questions and with how early the product is. Published studies find most software projects overrun, by 30–40% on average, with a long tail; the ranges here include that.',
    `Calendar time assumes ${teamSize} ${teamSize === 1 ? "engineer" : "engineers"} at ${weeklyCapacity} hours a week, of which ${pct(focusFactor)} turns into task work (the rest is reviews, meetings and context switches), and never less than the longest chain of tasks that must happen one after another.`,
    `Cost is hours × the hourly rate (${formatMoney(hourlyRate, currency)} an hour). "Likely" means half of the simulated outcomes were lower; "cautious" means 9 in 10 were (engineers call these P50 and P90).`,
    ...(proposal ? [] : [referenceParagraph(reference)]),
  ];
}

function referenceParagraph(reference: string | null): string {
  return reference
    ? `Beside this bottom-up estimate we show what comparable projects cost ("${reference}"), from published prices for taking AI-built apps to production. We turn those prices into hours at about USD 100 an hour (most are in US dollars; a price in euros counts as the same number of dollars, close enough for ranges this wide; a source priced in another currency is listed for what its work covers, not for its price) and compare hours: the comparison does not depend on your own rate. When the two disagree by more than about twice, we say so and why.`
    : "Beside this bottom-up estimate we show what comparable projects cost, from published prices for taking AI-built apps to production, once the intake says what kind of app this is.";
}

function proposalScope(items: number, open: { questions: number; tasks: number }): string {
  const scope = `Each answer that shows a gap adds one or more tasks from the Finishline question bank, and the engineering partner may add, remove or re-estimate items; this proposal has ${items === 1 ? "one item" : `${items} items`}. "I'm not sure" is priced as if the answer were the worst one until someone checks, and adds a short task to find out.`;
  const left = leftOpen(open);
  return left ? `${scope} ${left}` : scope;
}

/** The pace calendar time is worked out at, as a proposal's summary states it. */
export function calendarPace({
  teamSize,
  weeklyCapacity,
  focusFactor,
}: {
  teamSize: number;
  weeklyCapacity: number;
  /** absent in proposals published before it was stated */
  focusFactor?: number;
}): string {
  const team = teamSize === 1 ? "one engineer" : `${teamSize} engineers`;
  const focus = focusFactor === undefined ? "" : `, ${Math.round(focusFactor * 100)}% of it on task work`;
  return `Calendar time is for ${team} at ${weeklyCapacity} hours a week${focus}.`;
}

/**
 * What a proposal leaves out because questions were still open when it was published, or null. The
 * results page prices those tasks at their worst, so without this line its total and the proposal's
 * look inconsistent.
 */
export function leftOpen(open: { questions: number; tasks: number } | undefined): string | null {
  if (!open || open.questions === 0 || open.tasks === 0) return null;
  const tasks = open.tasks === 1 ? "the task" : `the ${open.tasks} tasks`;
  const questions = open.questions === 1 ? "the one question" : `the ${open.questions} questions`;
  return `Not in this proposal: ${tasks} that ${questions} still unanswered could call for; they join the plan once answered.`;
}

/**
 * Said under a timeline whose schedule ends after the estimate's likely weeks, or "": only when the
 * two figures read differently, not when rounding makes them equal.
 */
export function pastLikely(end: number, likelyWeeks: number): string {
  return end > likelyWeeks && formatWeeks(end) !== formatWeeks(likelyWeeks)
    ? " It runs past the likely figure because an item that waits for another can leave an engineer idle for a while, which the cautious figure allows for."
    : "";
}
