// "How we estimate", in plain words. The results page and every proposal (and so its PDF) use
// this same text, filled in with the numbers of that estimate.
export function methodExplanation({
  tasks,
  sigma,
  teamSize,
  weeklyCapacity,
  focusFactor,
  hourlyRate,
  currency,
}: {
  tasks: number;
  sigma: number;
  teamSize: number;
  weeklyCapacity: number;
  focusFactor: number;
  hourlyRate: number;
  currency: string;
}): string[] {
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  return [
    `Each answer that shows a gap adds one or more tasks from our question bank; here that is ${tasks} tasks. "I'm not sure" adds a short task to find out, and is priced as if the answer were the worst one until someone checks.`,
    "Every task has three estimates in hours: optimistic, likely and pessimistic. Its expected effort is (optimistic + 4 × likely + pessimistic) / 6.",
    'People\'s "best and worst case" ranges are too narrow, so we treat them as the 10th and 90th percentile rather than hard limits, and simulate the whole plan 10,000 times.',
    `Projects also run over together, not task by task (unclear requirements, surprises in the code). Every simulated run shares one project-wide factor; its spread (σ = ${sigma.toFixed(2)}) grows with the number of "not sure" and unanswered questions and with how early the product is. Published studies find most software projects overrun, by 30–40% on average, with a long tail; our ranges include that.`,
    `Calendar time assumes ${teamSize} ${teamSize === 1 ? "engineer" : "engineers"} at ${weeklyCapacity} hours a week, of which ${pct(focusFactor)} turns into task work (the rest is reviews, meetings and context switches), and never less than the longest chain of tasks that must happen one after another.`,
    `Cost is hours × the hourly rate (${hourlyRate} ${currency}). P50 means half of the simulated outcomes were lower; P90 means 9 in 10 were.`,
  ];
}
