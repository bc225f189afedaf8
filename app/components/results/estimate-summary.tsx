// The estimate as a founder decides on it: the launch minimum first (likely and cautious hours,
// weeks and money), the tiers after it, and what comparable projects cost beside it.
import { TableWrap } from "~/components/table-wrap";
import { formatEstimate, formatMoney } from "~/engine/money";
import { CAUTIOUS, LIKELY, REFERENCE_POSITION, type TierView } from "~/utils/estimate-view";
import {
  aboutHours,
  formatHours,
  hoursRange,
  moneyRange,
  weeksLikelyCautious,
  weeksRange,
} from "~/utils/format";
import type { AssessmentView } from "~/utils/assessment-view";
import type { ResultsView } from "~/routes/engagements.$id.results/results-view.server";

/** Column headings: plain words for founders, the percentiles too for partners. */
function Label({ which, percentiles }: { which: typeof LIKELY; percentiles: boolean }) {
  return (
    <>
      {which.word}
      {percentiles ? <span className="muted"> ({which.percentile})</span> : null}
    </>
  );
}

export function LaunchMinimum({
  launch,
  items,
  provisional,
  percentiles,
  pace,
  rate,
}: {
  launch: TierView;
  /** "Calendar time is for 2 engineers at 30 hours a week, 70% of it on task work." */
  pace: string;
  rate: number;
  /** the largest tasks in it */
  items: ResultsView["launchItems"];
  provisional: boolean;
  percentiles: boolean;
}) {
  const { currency } = launch.cost;
  return (
    <section className="card launch-card" aria-labelledby="launch-heading">
      <p className="eyebrow">{provisional ? "Provisional estimate" : "Estimate"}</p>
      <h2 id="launch-heading">Launch minimum</h2>
      <p className="muted">{launch.meaning}</p>
      {launch.tasks === 0 ? (
        <p className="launch-card__figure">No work needed before launch</p>
      ) : (
        <>
          {/* Each end named, as the overview names the weeks: "€12,300–€22,200" alone did not say
              which figure is the likely one and which the cautious one. */}
          <p className="launch-card__figure">
            <span className="nowrap">
              {formatEstimate(launch.cost.likely, currency)} <span className="launch-card__end">likely,</span>
            </span>{" "}
            <span className="nowrap">
              {formatEstimate(launch.cost.cautious, currency)}{" "}
              <span className="launch-card__end">cautious</span>
            </span>
          </p>
          <p className="launch-card__detail">
            <span className="nowrap">{hoursRange(launch.hours.likely, launch.hours.cautious)}</span> ·{" "}
            {weeksLikelyCautious(launch.weeks.likely, launch.weeks.cautious)} · {launch.tasks}{" "}
            {launch.tasks === 1 ? "task" : "tasks"}
          </p>
          <p className="small muted">
            <Label which={LIKELY} percentiles={percentiles} />: {LIKELY.meaning}.{" "}
            <Label which={CAUTIOUS} percentiles={percentiles} />: {CAUTIOUS.meaning}. {pace} The cost is
            engineering time at {formatMoney(rate, currency)} an hour; services, tools and tax come on top.
          </p>
          {items.length > 0 ? (
            <>
              <h3 className="launch-card__subhead">The largest items</h3>
              <ul className="launch-card__items">
                {items.map((i) => (
                  <li key={i.id}>
                    {i.title}
                    <span className="muted">
                      {" "}
                      — <span className="nowrap">{aboutHours(i.hours)}</span>
                      {i.contingent ? ", if an answer not known yet turns out badly" : ""}
                    </span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      )}
    </section>
  );
}

export function TierTable({
  tiers,
  total,
  percentiles,
}: {
  tiers: TierView[];
  total: TierView;
  percentiles: boolean;
}) {
  // The column headings as text, for each figure's label when the rows read as cards on a phone.
  const label = (what: string, which: typeof LIKELY) =>
    `${what}, ${which.word.toLowerCase()}${percentiles ? ` (${which.percentile})` : ""}`;
  const row = (t: TierView, isTotal = false) => {
    // A tier with nothing in it (all deferred or excluded, or nothing triggered): a dash, not a row
    // of zero hours, zero weeks and no money that reads like a fault.
    const empty = !isTotal && t.tasks === 0;
    const figure = (text: string) => (empty ? "—" : text);
    return (
      <tr key={t.id} className={isTotal ? "tier-table__total" : empty ? "tier-table__empty" : undefined}>
        <th scope="row">
          {t.title}
          <span className="tier-table__meaning">{t.meaning}</span>
        </th>
        <td className="num" data-label="Tasks">
          {empty ? "None" : t.tasks}
        </td>
        <td className="num" data-label={label("Hours", LIKELY)}>
          {figure(formatHours(t.hours.likely))}
        </td>
        <td className="num" data-label={label("Hours", CAUTIOUS)}>
          {figure(formatHours(t.hours.cautious))}
        </td>
        <td className="num" data-label="Weeks">
          {figure(weeksRange(t.weeks.likely, t.weeks.cautious))}
        </td>
        <td className="num" data-label={label("Cost", LIKELY)}>
          {figure(formatEstimate(t.cost.likely, t.cost.currency))}
        </td>
        <td className="num" data-label={label("Cost", CAUTIOUS)}>
          {figure(formatEstimate(t.cost.cautious, t.cost.currency))}
        </td>
      </tr>
    );
  };
  // Later-phase work a tier waits for is in its figures (decision 051): said under the table, in the
  // tier's own words, since a cell in a row that reads as a card on a phone has no room for it.
  const includes = tiers.flatMap((t) => (t.includes ? [t.includes] : []));
  return (
    <>
      <TableWrap label="Estimate per tier">
        <table className="tier-table cards-on-phone">
          <caption className="visually-hidden">
            Effort per tier: tasks, hours, calendar weeks and cost
          </caption>
          <thead>
            <tr>
              <th scope="col">Tier</th>
              <th scope="col" className="num">
                Tasks
              </th>
              <th scope="col" className="num">
                Hours, <Label which={LIKELY} percentiles={percentiles} />
              </th>
              <th scope="col" className="num">
                Hours, <Label which={CAUTIOUS} percentiles={percentiles} />
              </th>
              <th scope="col" className="num">
                Weeks
              </th>
              <th scope="col" className="num">
                Cost, <Label which={LIKELY} percentiles={percentiles} />
              </th>
              <th scope="col" className="num">
                Cost, <Label which={CAUTIOUS} percentiles={percentiles} />
              </th>
            </tr>
          </thead>
          <tbody>
            {tiers.map((t) => row(t))}
            {row(total, true)}
          </tbody>
        </table>
      </TableWrap>
      {includes.map((line) => (
        <p key={line} className="small">
          {line}
        </p>
      ))}
    </>
  );
}

export function ProjectsLikeThis({
  reference,
  rate,
  currency,
}: {
  reference: NonNullable<AssessmentView["reference"]>;
  rate: number;
  currency: string;
}) {
  // Outside the range is what a founder holding a quote notices first: the reasons go with the
  // sentence, in the same box, not in small print under it.
  // With no launch work there is nothing to compare: "0 h likely is less than half the bottom of
  // that range" read like a finding (QA 7, finding 13).
  const none = reference.estimate <= 0;
  const outside = reference.position !== "within" && !none;
  return (
    <section className="card reference-card" aria-labelledby="reference-heading">
      <p className="eyebrow">Projects like this</p>
      <h2 id="reference-heading">{reference.title}</h2>
      <p className="reference-card__figure">
        {reference.low}–{formatHours(reference.high)}{" "}
        <span className="reference-card__median muted small">
          before launch, typically {reference.median} h
        </span>
      </p>
      <p className="small muted">
        About {moneyRange(reference.cost.low, reference.cost.high, currency)} at your rate of{" "}
        {formatMoney(rate, currency)} an hour
        {reference.weeks ? `, over ${reference.weeks.low}–${reference.weeks.high} weeks` : ""}.
      </p>
      <div className={outside ? "alert alert--info stack" : undefined}>
        {none ? (
          <p>The answers call for no work before launch, so there is nothing to set against this range.</p>
        ) : (
          <p>
            Your launch minimum, {formatHours(reference.estimate)} likely, is{" "}
            {REFERENCE_POSITION[reference.position]}
            {reference.reasons.length > 0 ? ". Why:" : "."}
          </p>
        )}
        {reference.reasons.length > 0 && !none ? (
          <ul>
            {reference.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        ) : null}
      </div>
      <details className="reference-card__sources">
        <summary>Where these numbers come from ({reference.sources.length} sources)</summary>
        <p className="small">{reference.basis}</p>
        <ul className="small">
          {reference.sources.map((s) => (
            <li key={s.id}>
              <a href={s.url} rel="noreferrer noopener" target="_blank">
                {s.publisher}: {s.title}
              </a>
              {s.date !== "unknown" ? ` (${s.date})` : ""}
              {s.figure ? ` — ${s.figure}` : ""}. <span className="muted">{s.covered}</span>
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}

export function SharedWork({ shared }: { shared: AssessmentView["effort"]["shared"] }) {
  if (shared.length === 0) return null;
  const saved = shared.reduce((s, p) => s + p.saved, 0);
  return (
    <section className="card stack" aria-labelledby="shared-heading">
      <h2 id="shared-heading">Shared work, counted once</h2>
      <p className="muted">
        Some tasks build on the same setup. It is counted once, not in every task
        {saved >= 1 ? `: about ${formatHours(saved)} less than adding the tasks up one by one` : ""}.
      </p>
      <ul className="shared-list">
        {shared.map((p) => (
          <li key={p.id}>
            <strong>{p.title}</strong>{" "}
            <span className="muted small">
              — <span className="nowrap">{aboutHours(p.hours)}</span>, for{" "}
            </span>
            <span className="small">{p.members.map((m) => m.title).join("; ")}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
