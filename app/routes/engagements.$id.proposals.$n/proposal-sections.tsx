import { TierTable } from "~/components/results/estimate-summary";
import { ItemDetailsFold } from "~/components/proposal-item-details";
import { TableWrap } from "~/components/table-wrap";
import { couldBeBlockers } from "~/utils/assessment-view";
import { freeTextBlocks } from "~/utils/free-text";
import type { ProposalView } from "./proposal-view.server";

// The proposal page's sections, from the page's view of the snapshot (proposal-view.server.ts).

/**
 * The price the version offers, first (decision 035): one headline number for a fixed or capped
 * price, with the estimate kept beneath it; the tax note from the partner's profile under either.
 */
function PriceHeadline({ v }: { v: ProposalView }) {
  if (!v.price.headline) return null;
  return (
    <section className="card stack price-headline" aria-labelledby="price-heading">
      <h2 id="price-heading" className="stat__label">
        Price
      </h2>
      <p className="price-headline__value">{v.price.headline}</p>
      <p>{v.price.estimate}</p>
      {v.price.taxNote ? <p className="small muted">{v.price.taxNote}</p> : null}
    </section>
  );
}

export function ProposalSummary({ v }: { v: ProposalView }) {
  return (
    <div className="stack">
      <PriceHeadline v={v} />
      <section className="card results-hero" aria-label="Summary">
        <div className="stat">
          <span className="stat__label">Readiness today</span>
          <span className="stat__value">{v.readiness.score ?? "–"} / 100</span>
          <span className="stat__sub">
            {v.readiness.level} · {v.readiness.blockers} launch{" "}
            {v.readiness.blockers === 1 ? "blocker" : "blockers"}
            {v.readiness.possible > 0 ? ` · ${couldBeBlockers(v.readiness.possible, "blockers")}` : null}
          </span>
        </div>
        {v.launch ? (
          <div className="stat">
            <span className="stat__label">Launch minimum</span>
            <span className="stat__value stat__value--money">{v.launch.cost}</span>
            <span className="stat__sub">{v.launch.sub}</span>
          </div>
        ) : null}
        <div className="stat">
          <span className="stat__label">{v.whole.label}</span>
          <span className="stat__value stat__value--money">{v.whole.value}</span>
          <span className="stat__sub">{v.whole.sub}</span>
        </div>
      </section>
      {v.tiers ? (
        <section className="card stack" aria-labelledby="proposal-tiers-heading">
          <h2 id="proposal-tiers-heading">Estimate, tier by tier</h2>
          <TierTable tiers={v.tiers.tiers} total={v.tiers.total} percentiles={false} />
          <p className="small muted">
            Likely: half of the simulated outcomes come in below it; cautious: 9 in 10 do. At {v.rate} an
            hour. {v.pace}
          </p>
          {v.unpriced ? <p className="small muted">{v.unpriced}</p> : null}
          {/* Under the headline price when there is one; here for the estimate range. */}
          {v.price.taxNote && !v.price.headline ? <p className="small muted">{v.price.taxNote}</p> : null}
          {v.open ? <p className="small muted">{v.open}</p> : null}
        </section>
      ) : null}
    </div>
  );
}

/**
 * The payment schedule (decision 040), inside the Terms: a sentence for monthly billing, or a table of
 * milestones with each one's share of a fixed or capped price; then when each invoice is due, if stated.
 */
export function PaymentSchedule({ v }: { v: ProposalView }) {
  const p = v.payment;
  if (!p) return null;
  if (p.plan === "monthly")
    return (
      <>
        <p>
          <strong>Payment:</strong> {p.text}
        </p>
        {p.due ? <p>{p.due}</p> : null}
      </>
    );
  const amounts = p.rows.some((r) => r.amount !== null);
  return (
    // Three short columns fit a phone's width: no scrolling region needed.
    <div className="stack">
      <h3 id="payment-heading">Payment schedule</h3>
      <table aria-labelledby="payment-heading">
        <thead>
          <tr>
            <th scope="col">Milestone</th>
            <th scope="col" className="num">
              Percent
            </th>
            {amounts ? (
              <th scope="col" className="num">
                Amount
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {p.rows.map((r, i) => (
            <tr key={i}>
              <td>{r.label}</td>
              <td className="num">{r.percent}</td>
              {amounts ? <td className="num">{r.amount}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="small muted">{p.note}</p>
      {p.due ? <p>{p.due}</p> : null}
    </div>
  );
}

export function ScopeTables({ v }: { v: ProposalView }) {
  return (
    <section className="stack" aria-labelledby="scope-heading">
      <h2 id="scope-heading">Scope</h2>
      {v.sameOwner ? (
        <p className="muted">{`Every item is done by the ${v.sameOwner.toLowerCase()}.`}</p>
      ) : null}
      {v.scope.map((p) => (
        <TableWrap key={p.phase} className="card" labelledBy={`scope-${p.phase}`}>
          <h3 id={`scope-${p.phase}`}>
            {p.label} <span className="muted small">{`· ${p.hours}`}</span>
          </h3>
          <table className="cards-on-phone">
            <thead>
              <tr>
                <th scope="col">Item</th>
                <th scope="col">Area</th>
                {v.sameOwner ? null : <th scope="col">Owner</th>}
                <th scope="col" className="num">
                  Estimate
                </th>
                <th scope="col">After</th>
              </tr>
            </thead>
            <tbody>
              {p.items.map((i) => (
                <tr key={i.id} id={`item-${i.id}`}>
                  <td>
                    {i.title}
                    {i.custom ? <span className="cell-note">Added by the partner</span> : null}
                    {i.estimateReason ? (
                      <span className="cell-note">{`Estimate: ${i.estimateReason}`}</span>
                    ) : null}
                    {i.details ? <ItemDetailsFold href={`items/${i.id}`} title={i.title} /> : null}
                    {i.shared ? (
                      <span className="cell-note">{`Shared setup, counted once for: ${i.shared}`}</span>
                    ) : null}
                  </td>
                  <td data-label="Area">{i.area}</td>
                  {v.sameOwner ? null : <td data-label="Owner">{i.owner}</td>}
                  <td data-label="Estimate" className="num">
                    {i.estimate}
                  </td>
                  {/* No dependency: a dash in the table, no line at all on a phone's card. */}
                  <td data-label="After" className={i.after === "—" ? "small cell--none" : "small"}>
                    {i.after}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ))}
    </section>
  );
}

/**
 * What this version leaves out ("Out of scope") or leaves for later ("Later"), each with its reason.
 * Hours are there for scale and say so: none of them are in the totals above. Versions published
 * before these lists existed show nothing here.
 */
export function OutOfScope({ v }: { v: ProposalView }) {
  return (
    <>
      {v.outOfScope.map((g) => (
        <TableWrap key={g.scope} className="card" labelledBy={`out-${g.scope}`}>
          <h2 id={`out-${g.scope}`}>{g.heading}</h2>
          <p className="muted small">
            {`${g.items.length} ${g.items.length === 1 ? "item" : "items"}, about ${g.hours} expected: shown for scale, not counted in the totals.`}
          </p>
          <table className="cards-on-phone">
            <thead>
              <tr>
                <th scope="col">Item</th>
                <th scope="col">Area</th>
                <th scope="col">Phase</th>
                <th scope="col">Why</th>
                <th scope="col" className="num">
                  Expected
                </th>
              </tr>
            </thead>
            <tbody>
              {g.items.map((i) => (
                <tr key={i.id} id={`item-${i.id}`}>
                  <td>{i.title}</td>
                  <td data-label="Area">{i.area}</td>
                  <td data-label="Phase">{i.phase}</td>
                  <td data-label="Why">{i.reason}</td>
                  <td data-label="Expected" className="num">
                    {i.expected}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ))}
    </>
  );
}

export function Timeline({ v }: { v: ProposalView }) {
  const t = v.timeline;
  return (
    <section className="card stack" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Timeline</h2>
      <p className="muted small">
        {`Week by week on each item's expected hours, in dependency order, with ${t.engineers}: ${t.about} end to end. The estimate above gives ${t.range}, likely to cautious; this is one way the work can run, not a promise of dates.${t.pastLikely}`}
      </p>
      <div className="timeline">
        <WeekAxis ticks={t.ticks} />
        {t.rows.map((r) => (
          <div key={r.id} className="timeline__row">
            <span>{r.title}</span>
            {/* The track is the svg's own background (CSS); one rect is the bar. */}
            <svg
              className="timeline__bar"
              viewBox="0 0 100 10"
              preserveAspectRatio="none"
              role="img"
              aria-label={r.weeks}
            >
              <rect x={r.x} width={r.width} height="10" rx="2" />
            </svg>
          </div>
        ))}
        <WeekAxis ticks={t.ticks} />
      </div>
    </section>
  );
}

/**
 * Week numbers along the bars, above and below them. An svg without a viewBox: its x per cent is of
 * the real width and the text is not stretched, and no style attribute is needed (the CSP has none).
 */
function WeekAxis({ ticks }: { ticks: ProposalView["timeline"]["ticks"] }) {
  const last = ticks.length - 1;
  return (
    <div className="timeline__row timeline__axis" aria-hidden="true">
      <span>Weeks from the start</span>
      <svg className="timeline__ticks" height="16">
        {ticks.map((tick, i) => (
          <text
            key={tick.week}
            x={`${tick.x}%`}
            y="12"
            textAnchor={i === 0 ? "start" : i === last && tick.x > 95 ? "end" : "middle"}
          >
            {tick.week}
          </text>
        ))}
      </svg>
    </div>
  );
}

/** What the partner typed, as lists and paragraphs: the PDF reads it the same way. */
export function FreeText({ text }: { text: string }) {
  const blocks = freeTextBlocks(text);
  if (blocks.length === 0) return <p className="muted">None stated.</p>;
  return blocks.map((b, i) =>
    b.kind === "list" ? (
      <ul key={i} className="terms-list">
        {b.items.map((item, j) => (
          <li key={j}>{item}</li>
        ))}
      </ul>
    ) : (
      <p key={i}>{b.text}</p>
    ),
  );
}

// One above the other: side by side, the long method left a tall empty block beside the assumptions.
export function TermsAndMethod({ v }: { v: ProposalView }) {
  return (
    <div className="stack-lg terms-and-method">
      <section className="card stack" aria-labelledby="assumptions-heading">
        <h2 id="assumptions-heading">Assumptions</h2>
        <FreeText text={v.assumptions} />
        <h2>Not included</h2>
        <FreeText text={v.exclusions} />
      </section>
      <section className="card how-we-estimate" aria-labelledby="proposal-method-heading">
        <h2 id="proposal-method-heading">How the estimate was made</h2>
        <ol>
          {v.method.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ol>
      </section>
    </div>
  );
}
