import type { Phase } from "~/engine/content/types";
import { PHASES } from "~/engine/content/types";
import { formatMoney } from "~/engine/money";
import { OWNER_LABELS, PHASE_LABELS, type ProposalSnapshot } from "~/engine/plan-types";
import { TierTable } from "~/components/results/estimate-summary";
import { TableWrap } from "~/components/table-wrap";
import { tierViews } from "~/utils/estimate-view";
import { formatHours, formatWeeks, oneDecimal } from "~/utils/format";

function range(e: { optimistic: number; likely: number; pessimistic: number }) {
  return `${oneDecimal(e.optimistic)}–${oneDecimal(e.pessimistic)} h (likely ${oneDecimal(e.likely)})`;
}

export function ProposalSummary({ s }: { s: ProposalSnapshot }) {
  const money = (x: number) => formatMoney(x, s.totals.cost.currency);
  // Proposals published before tiers existed keep their single range (snapshots are immutable).
  const tiers = s.totals.tiers
    ? tierViews(s.totals.tiers, {
        tasks: s.totals.items,
        hours: s.totals.hours,
        weeks: s.totals.weeks,
        cost: s.totals.cost,
      })
    : null;
  const launch = tiers?.tiers[0];
  return (
    <div className="stack">
      <section className="card results-hero" aria-label="Summary">
        <div className="stat">
          <span className="stat__label">Readiness today</span>
          <span className="stat__value">{s.readiness.overall.score ?? "–"} / 100</span>
          <span className="stat__sub">
            {s.readiness.overall.level ?? "Not scored"} · {s.readiness.blockers.length} launch{" "}
            {s.readiness.blockers.length === 1 ? "blocker" : "blockers"}
          </span>
        </div>
        {launch ? (
          <div className="stat">
            <span className="stat__label">Launch minimum</span>
            <span className="stat__value stat__value--money">
              {money(launch.cost.likely)}–{money(launch.cost.cautious)}
            </span>
            <span className="stat__sub">
              {Math.round(launch.hours.likely)}–{formatHours(launch.hours.cautious)} · {launch.tasks}{" "}
              {launch.tasks === 1 ? "item" : "items"} · likely to cautious
            </span>
          </div>
        ) : null}
        <div className="stat">
          <span className="stat__label">{launch ? "Whole proposal" : "Effort"}</span>
          <span className="stat__value stat__value--money">
            {launch
              ? `${money(s.totals.cost.p50)}–${money(s.totals.cost.p90)}`
              : `${Math.round(s.totals.hours.p50)}–${Math.round(s.totals.hours.p90)} h`}
          </span>
          <span className="stat__sub">
            {launch
              ? `${Math.round(s.totals.hours.p50)}–${formatHours(s.totals.hours.p90)} · ${s.totals.items} items`
              : `${s.totals.items} items · ${formatWeeks(s.totals.weeks.p50)} (90% within ${formatWeeks(s.totals.weeks.p90)}) · ${money(s.totals.cost.p50)}–${money(s.totals.cost.p90)}`}
          </span>
        </div>
      </section>
      {tiers ? (
        <section className="card stack" aria-labelledby="proposal-tiers-heading">
          <h2 id="proposal-tiers-heading">Estimate, tier by tier</h2>
          <TierTable tiers={tiers.tiers} total={tiers.total} percentiles={false} />
          <p className="small muted">
            Likely: half of the simulated outcomes come in below it; cautious: 9 in 10 do. At{" "}
            {s.settings.hourlyRate} {s.settings.currency} an hour.
          </p>
        </section>
      ) : null}
    </div>
  );
}

export function ScopeTables({ s }: { s: ProposalSnapshot }) {
  const titles = new Map(s.items.map((i) => [i.id, i.title]));
  return (
    <section className="stack" aria-labelledby="scope-heading">
      <h2 id="scope-heading">Scope</h2>
      {PHASES.map((phase: Phase) => {
        const items = s.items.filter((i) => i.phase === phase);
        if (items.length === 0) return null;
        return (
          <TableWrap key={phase} className="card" labelledBy={`scope-${phase}`}>
            <h3 id={`scope-${phase}`}>
              {PHASE_LABELS[phase]}{" "}
              <span className="muted small">· {Math.round(s.totals.byPhase[phase].hours)} h expected</span>
            </h3>
            <table>
              <thead>
                <tr>
                  <th scope="col">Item</th>
                  <th scope="col">Area</th>
                  <th scope="col">Owner</th>
                  <th scope="col" className="num">
                    Estimate
                  </th>
                  <th scope="col">After</th>
                </tr>
              </thead>
              <tbody>
                {items.map((i) => (
                  <tr key={i.id}>
                    <td>
                      {i.title}
                      {i.sharedBy && i.sharedBy.length > 0 ? (
                        <span className="cell-note">
                          Shared setup, counted once for: {i.sharedBy.join("; ")}
                        </span>
                      ) : null}
                    </td>
                    <td>{i.areaTitle}</td>
                    <td>{OWNER_LABELS[i.owner]}</td>
                    <td className="num">{range(i.estimate)}</td>
                    <td className="small">
                      {i.dependsOn
                        .map((d) => titles.get(d))
                        .filter(Boolean)
                        .join("; ") || "—"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        );
      })}
    </section>
  );
}

export function Timeline({ s }: { s: ProposalSnapshot }) {
  const end = Math.max(1, ...s.schedule.map((x) => x.endWeek));
  const titles = new Map(s.items.map((i) => [i.id, i.title]));
  const rows = [...s.schedule].sort((a, b) => a.startWeek - b.startWeek);
  return (
    <section className="card stack" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Timeline</h2>
      <p className="muted small">
        Week by week on expected durations, in dependency order; about {Math.ceil(end)} weeks end to end with{" "}
        {s.settings.teamSize} {s.settings.teamSize === 1 ? "engineer" : "engineers"}.
      </p>
      <div className="timeline">
        {rows.map((r) => (
          <div key={r.itemId} className="timeline__row">
            <span>{titles.get(r.itemId)}</span>
            <svg
              className="timeline__bar"
              viewBox="0 0 100 10"
              preserveAspectRatio="none"
              role="img"
              aria-label={`Weeks ${Math.floor(r.startWeek) + 1} to ${Math.ceil(r.endWeek)}`}
            >
              <rect x="0" y="0" width="100" height="10" className="timeline__track" />
              <rect
                x={(r.startWeek / end) * 100}
                y="0"
                width={Math.max(0.8, ((r.endWeek - r.startWeek) / end) * 100)}
                height="10"
                rx="2"
                className="timeline__fill"
              />
            </svg>
          </div>
        ))}
      </div>
    </section>
  );
}

export function TermsAndMethod({ s }: { s: ProposalSnapshot }) {
  return (
    <div className="two-col">
      <section className="card stack" aria-labelledby="assumptions-heading">
        <h2 id="assumptions-heading">Assumptions</h2>
        <p className="pre-line">{s.assumptions || "None stated."}</p>
        <h2>Not included</h2>
        <p className="pre-line">{s.exclusions || "None stated."}</p>
      </section>
      <section className="card how-we-estimate" aria-labelledby="proposal-method-heading">
        <h2 id="proposal-method-heading">How the estimate was made</h2>
        <ol>
          {s.method.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ol>
      </section>
    </div>
  );
}
