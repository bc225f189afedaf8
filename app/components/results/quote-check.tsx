import { Form } from "@remix-run/react";

import { formatEstimate, formatMoney } from "~/engine/money";
import type { QuotePlacement, QuotePosition } from "~/engine/quote-check";
import { AGAINST_A_QUOTE } from "~/utils/estimate-view";
import { formatHours, hoursRange, moneyRange, plural } from "~/utils/format";
import type { QuoteBasis } from "~/utils/quote-basis";

export type QuoteQuery = {
  typed: string;
  error: string | null;
  placement: QuotePlacement | null;
  /**
   * Where the same amount sat against the answers alone, when a proposal is the basis and the two
   * readings differ (and share a currency): what this check said before the proposal. Null otherwise.
   */
  byAnswers: { position: QuotePosition; launch: string; total: string } | null;
};

/**
 * "Holding this against a quote?": the founder types a price they were quoted and reads where it sits
 * against the launch minimum and the whole, with what to ask the vendor. Against the answers' estimate,
 * or, once a proposal stands, against that version's frozen figures (QuoteBasis). A GET form, so it
 * works without JavaScript, the back button returns to the previous quote, and nothing is saved.
 */
export function QuoteCheck({ quote, basis }: { quote: QuoteQuery | null; basis: QuoteBasis }) {
  const { currency } = basis.total.cost;
  const error = quote?.error ?? null;
  const { proposal, launch, total } = basis;
  return (
    <section className="card stack quote-check" id="quote" aria-labelledby="quote-heading">
      <h2 id="quote-heading">Check a quote</h2>
      <p className="muted">{AGAINST_A_QUOTE}</p>
      {proposal ? (
        <p>
          <strong>Against proposal version {proposal.number}:</strong> its launch minimum{" "}
          {launch.tasks === 0 ? (
            "is empty"
          ) : (
            <span className="nowrap">{moneyRange(launch.cost.likely, launch.cost.cautious, currency)}</span>
          )}{" "}
          and the whole proposal{" "}
          <span className="nowrap">{moneyRange(total.cost.likely, total.cost.cautious, currency)}</span>,
          likely to cautious, as it was published (at {formatMoney(basis.rate, currency)} an hour)
          {proposal.price ? `; it offers ${proposal.price}` : ""}.
        </p>
      ) : null}
      <Form method="get" action="#quote" preventScrollReset>
        <div className="field">
          <label htmlFor="quote-amount">A price you were quoted, in {currency}</label>
          <p id="quote-amount-hint" className="field__hint">
            A whole amount, like 12000. It is not saved.
          </p>
          <div className="inline-controls quote-check__controls">
            <input
              id="quote-amount"
              name="quote"
              inputMode="numeric"
              autoComplete="off"
              maxLength={40}
              defaultValue={quote?.typed ?? ""}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? "quote-amount-hint quote-amount-error" : "quote-amount-hint"}
            />
            <button type="submit" className="button button--secondary">
              Compare
            </button>
          </div>
          {error ? (
            <p id="quote-amount-error" className="field__error" role="alert">
              {error}
            </p>
          ) : null}
        </div>
      </Form>
      {quote?.placement ? (
        <Verdict placement={quote.placement} basis={basis} byAnswers={quote.byAnswers} />
      ) : null}
    </section>
  );
}

function Verdict({
  placement: { amount, position, hours },
  basis,
  byAnswers,
}: {
  placement: QuotePlacement;
  basis: QuoteBasis;
  byAnswers: QuoteQuery["byAnswers"];
}) {
  const { launch, total, rate, items, proposal } = basis;
  const { currency } = total.cost;
  const q = formatMoney(amount, currency);
  const launchRange = moneyRange(launch.cost.likely, launch.cost.cautious, currency);
  const totalRange = moneyRange(total.cost.likely, total.cost.cautious, currency);
  // The answers count tasks; a proposal lists items.
  const unit = proposal ? "item" : "task";
  const hardeningTasks = plural(basis.hardening, `hardening ${unit}`);
  const everything = proposal
    ? `everything in proposal version ${proposal.number}`
    : "everything your answers call for";
  const all = proposal
    ? `all ${plural(total.tasks, "item")} in proposal version ${proposal.number}`
    : `all ${plural(total.tasks, "task")} your answers call for`;
  const words = verdictWords({
    q,
    currency,
    launch,
    total,
    launchRange,
    totalRange,
    hardeningTasks,
    everything,
    all,
    allTiers: proposal
      ? `all ${plural(total.tasks, "item")} in it`
      : `all ${plural(total.tasks, "task")} in all three tiers`,
  });
  const w = words[position];
  return (
    <div className="alert alert--info stack" role="status">
      <p>
        <strong>{w.title}.</strong> {w.text}
      </p>
      {w.askItems && items.length > 0 ? (
        <ul>
          {items.map((i) => (
            <li key={i.id}>{i.title}</li>
          ))}
        </ul>
      ) : null}
      {byAnswers ? (
        <p className="small">
          Against the answers alone (launch minimum <span className="nowrap">{byAnswers.launch}</span>,
          everything <span className="nowrap">{byAnswers.total}</span>), which this check used before the
          proposal, it would read: {BY_ANSWERS[byAnswers.position]}.
        </p>
      ) : null}
      {rate > 0 ? (
        <p className="small">
          At {formatMoney(rate, currency)} an hour,{" "}
          {proposal
            ? `the rate proposal version ${proposal.number} is priced at`
            : "the rate this estimate uses"}
          , {q} pays for about <span className="nowrap">{formatHours(hours)}</span>. The launch minimum takes{" "}
          <span className="nowrap">{hoursRange(launch.hours.likely, launch.hours.cautious)}</span>, everything{" "}
          <span className="nowrap">{hoursRange(total.hours.likely, total.hours.cautious)}</span>.
        </p>
      ) : null}
    </div>
  );
}

/** A verdict's title against the answers, inside a sentence. */
const BY_ANSWERS: Record<QuotePosition, string> = {
  "far-below": "less than half of what the launch minimum likely costs",
  "below-launch": "below the launch minimum's likely cost",
  launch: "within the launch minimum's range",
  between: "more than the launch minimum, less than everything",
  total: "within the range for everything your answers call for",
  above: "above the cautious cost of everything",
  "far-above": "more than twice the cautious cost of everything",
};

type WordsFor = {
  q: string;
  currency: string;
  launch: QuoteBasis["launch"];
  launchRange: string;
  totalRange: string;
  hardeningTasks: string;
  /** "everything your answers call for" / "everything in proposal version 2" */
  everything: string;
  /** "all 69 tasks your answers call for" / "all 69 items in proposal version 2" */
  all: string;
  /** "all 69 tasks in all three tiers" / "all 69 items in it" */
  allTiers: string;
};

function verdictWords({
  q,
  currency,
  launch,
  launchRange,
  totalRange,
  hardeningTasks,
  everything,
  all,
  allTiers,
  total,
}: WordsFor & { total: QuoteBasis["total"] }): Record<
  QuotePosition,
  { title: string; text: string; askItems?: boolean }
> {
  return {
    "far-below": {
      title: "Less than half of what the launch minimum likely costs",
      text: `${q} is under half of ${formatEstimate(launch.cost.likely, currency)}, the likely cost of the work that must be done before launch. A quote this low usually leaves out some launch blockers, or prices far fewer hours than the work takes. Ask which of these it covers:`,
      askItems: true,
    },
    "below-launch": {
      title: "Below the launch minimum's likely cost",
      text: `${q} is under the launch minimum's range of ${launchRange}. A team that has built this exact setup many times can come in under it; ask which launch blockers it covers, and who pays if the work runs over. The largest of them:`,
      askItems: true,
    },
    launch: {
      title: "Within the launch minimum's range",
      text: hardeningTasks.startsWith("0 ")
        ? `${q} sits in ${launchRange}, the work that must be done before launch, which is what comes first.`
        : `${q} sits in ${launchRange}, the work that must be done before launch. Ask whether it includes any of the ${hardeningTasks} that follow soon after launch: at this price, expect few or none.`,
    },
    // With nothing in the launch minimum (all of it hardening or later), a quote is only under the whole.
    between:
      launch.tasks === 0
        ? {
            title: `Below the likely cost of ${everything}`,
            text: `${q} is below ${formatEstimate(total.cost.likely, currency)}, the likely cost of ${everything}; none of it must be done before launch. Ask which of the ${hardeningTasks} it includes.`,
          }
        : {
            title: "More than the launch minimum, less than everything",
            text: `${q} is above the launch minimum (${launchRange}) and below the likely cost of ${everything} (${formatEstimate(total.cost.likely, currency)}). It should cover the launch minimum and part of the rest: ask which of the ${hardeningTasks} it includes.`,
          },
    total: {
      title: `Within the range for ${everything}`,
      text: `${q} sits in ${totalRange}, ${allTiers}. Ask for its task list and hold it against this one: a quote this size should leave none of them out.`,
    },
    above: {
      title: "Above the cautious cost of everything",
      text: `${q} is more than ${formatEstimate(total.cost.cautious, currency)}, the cautious cost of ${all}. Ask what it covers beyond them (design, new features, support after launch), and for the hours behind it.`,
    },
    "far-above": {
      title: "More than twice the cautious cost of everything",
      text: `${q} is more than twice ${formatEstimate(total.cost.cautious, currency)}, the cautious cost of ${all}. A quote this far above usually covers more than this assessment does, or prices in a lot of risk: ask for the hours behind it, task by task.`,
    },
  };
}
