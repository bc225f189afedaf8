import { Form } from "@remix-run/react";

import { formatEstimate, formatMoney } from "~/engine/money";
import type { QuotePlacement, QuotePosition } from "~/engine/quote-check";
import type { ResultsView } from "~/routes/engagements.$id.results/results-view.server";
import { AGAINST_A_QUOTE, type TierView } from "~/utils/estimate-view";
import { formatHours, hoursRange, moneyRange, plural } from "~/utils/format";

export type QuoteQuery = { typed: string; error: string | null; placement: QuotePlacement | null };

/**
 * "Holding this against a quote?": the founder types a price they were quoted and reads where it sits
 * against the tiers, with what to ask the vendor. A GET form, so it works without JavaScript, the
 * back button returns to the previous quote, and nothing is saved.
 */
export function QuoteCheck({
  quote,
  launch,
  hardening,
  total,
  rate,
  items,
}: {
  quote: QuoteQuery | null;
  launch: TierView;
  hardening: TierView | undefined;
  total: TierView;
  rate: number;
  /** the launch minimum's largest tasks, to ask about when a quote is low */
  items: ResultsView["launchItems"];
}) {
  const { currency } = total.cost;
  const error = quote?.error ?? null;
  return (
    <section className="card stack quote-check" id="quote" aria-labelledby="quote-heading">
      <h2 id="quote-heading">Check a quote</h2>
      <p className="muted">{AGAINST_A_QUOTE}</p>
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
        <Verdict
          placement={quote.placement}
          launch={launch}
          hardening={hardening?.tasks ?? 0}
          total={total}
          rate={rate}
          items={items}
        />
      ) : null}
    </section>
  );
}

function Verdict({
  placement: { amount, position, hours },
  launch,
  hardening,
  total,
  rate,
  items,
}: {
  placement: QuotePlacement;
  launch: TierView;
  hardening: number;
  total: TierView;
  rate: number;
  items: ResultsView["launchItems"];
}) {
  const { currency } = total.cost;
  const q = formatMoney(amount, currency);
  const launchRange = moneyRange(launch.cost.likely, launch.cost.cautious, currency);
  const totalRange = moneyRange(total.cost.likely, total.cost.cautious, currency);
  const hardeningTasks = plural(hardening, "hardening task");
  const words: Record<QuotePosition, { title: string; text: string; askItems?: boolean }> = {
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
      text:
        hardening > 0
          ? `${q} sits in ${launchRange}, the work that must be done before launch. Ask whether it includes any of the ${hardeningTasks} that follow soon after launch: at this price, expect few or none.`
          : `${q} sits in ${launchRange}, the work that must be done before launch, which is what your answers call for first.`,
    },
    between: {
      title: "More than the launch minimum, less than everything",
      text: `${q} is above the launch minimum (${launchRange}) and below the likely cost of everything your answers call for (${formatEstimate(total.cost.likely, currency)}). It should cover the launch minimum and part of the rest: ask which of the ${hardeningTasks} it includes.`,
    },
    total: {
      title: "Within the range for everything your answers call for",
      text: `${q} sits in ${totalRange}, all ${plural(total.tasks, "task")} in all three tiers. Ask for its task list and hold it against this one: a quote this size should leave none of them out.`,
    },
    above: {
      title: "Above the cautious cost of everything",
      text: `${q} is more than ${formatEstimate(total.cost.cautious, currency)}, the cautious cost of all ${plural(total.tasks, "task")} your answers call for. Ask what it covers beyond them (design, new features, support after launch), and for the hours behind it.`,
    },
    "far-above": {
      title: "More than twice the cautious cost of everything",
      text: `${q} is more than twice ${formatEstimate(total.cost.cautious, currency)}, the cautious cost of all ${plural(total.tasks, "task")} your answers call for. A quote this far above usually covers more than this assessment does, or prices in a lot of risk: ask for the hours behind it, task by task.`,
    },
  };
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
      {rate > 0 ? (
        <p className="small">
          At {formatMoney(rate, currency)} an hour, the rate this estimate uses, {q} pays for about{" "}
          <span className="nowrap">{formatHours(hours)}</span>. The launch minimum takes{" "}
          <span className="nowrap">{hoursRange(launch.hours.likely, launch.hours.cautious)}</span>, everything{" "}
          <span className="nowrap">{hoursRange(total.hours.likely, total.hours.cautious)}</span>.
        </p>
      ) : null}
    </div>
  );
}
