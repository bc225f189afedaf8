import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { TableWrap } from "~/components/table-wrap";
import { formatBilled, formatMoney } from "~/engine/money";
import { formatRate } from "~/utils/format";
import { requireMember } from "~/auth/membership.server";
import { loadTimeRows } from "~/plan/time-rows.server";
import {
  correctedText,
  costsOf,
  hoursText,
  monthLabel,
  monthParam,
  timeByMonth,
  type Costs,
} from "~/plan/time-report";
import { formatDay } from "~/utils/calendar-day";
import { engagementTitle, type EngagementMatches } from "~/utils/page-title";

// The time logged on the engagement, by month and entry by entry (decision 042): what the partner
// invoices by period and the founder checks the invoice against. Read-only for every member; the
// partner logs and removes entries on each item's page.

export const meta: MetaFunction<typeof loader, EngagementMatches> = (args) =>
  engagementTitle(args, "Time logged", "Plan");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { engagement } = await requireMember({ request, context }, params.id);
  const { rows, tracking, agreed } = await loadTimeRows(engagement);
  const month = monthParam(new URL(request.url));
  const shown = month ? rows.filter((r) => r.day.startsWith(month)) : rows;
  const money = (costs: Costs) =>
    Object.entries(costs)
      .map(([currency, amount]) => formatBilled(amount, currency))
      .join(" + ") || formatBilled(0, agreed?.currency ?? "EUR");
  // Time is billed at each entry's rate, unless the agreement is a fixed price: then it is only
  // tracked, and a figure in money would read as a bill.
  const billed = agreed?.price.model !== "fixed";
  const rates = [...new Set(shown.filter((r) => r.billable).map((r) => formatRate(r.rate, r.currency)))];
  const totals = costsOf(shown);
  return {
    tracking,
    month,
    monthLabel: month ? monthLabel(month) : null,
    billed,
    basis: !agreed
      ? null
      : agreed.price.model === "fixed"
        ? `Version ${agreed.number} is at a fixed price of ${formatMoney(agreed.price.amount, agreed.currency)}: the time is tracked here, not billed.`
        : agreed.price.model === "capped"
          ? `Version ${agreed.number} is billed on time up to ${formatMoney(agreed.price.amount, agreed.currency)}; ${formatBilled(
              Math.max(0, agreed.price.amount - (costsOf(rows)[agreed.currency] ?? 0)),
              agreed.currency,
            )} of it is left.`
          : null,
    rate:
      rates.length === 1
        ? `${rates[0]} an hour, as agreed when it was logged`
        : "the rate agreed when each entry was logged",
    unpricedAny: shown.some((r) => !r.billable),
    total: {
      hours: hoursText(shown.reduce((n, r) => n + r.hours, 0)),
      cost: money(totals),
      entries: shown.length,
    },
    months: timeByMonth(rows).map((m) => ({
      month: m.month,
      label: m.label,
      hours: hoursText(m.hours),
      cost: money(m.costs),
    })),
    entries: shown.map((r, n) => ({
      key: n,
      day: formatDay(r.day),
      itemId: r.itemId,
      item: r.item,
      hours: hoursText(r.hours),
      note: r.note,
      by: r.by,
      corrected: correctedText(r.corrected),
      billable: r.billable,
    })),
  };
}

export default function TimePage() {
  const data = useLoaderData<typeof loader>();
  const csv = `time.csv${data.month ? `?month=${data.month}` : ""}`;
  return (
    <div className="stack-lg">
      <p className="breadcrumb">
        <Link to=".." relative="path">
          Plan
        </Link>
      </p>
      <section className="card stack" aria-labelledby="time-page-heading">
        <h2 id="time-page-heading">Time logged{data.monthLabel ? `: ${data.monthLabel}` : ""}</h2>
        {!data.tracking && data.entries.length === 0 ? (
          <p>Time is logged on each item once the founder accepts a proposal.</p>
        ) : (
          <>
            <p>
              <strong>{data.total.hours}</strong> in {data.total.entries}{" "}
              {data.total.entries === 1 ? "entry" : "entries"}
              {data.billed ? (
                <>
                  {" "}
                  · <strong>{data.total.cost}</strong> at {data.rate}.
                </>
              ) : (
                "."
              )}
              {data.billed && data.unpricedAny ? (
                <span className="muted"> Time on the founder&apos;s team&apos;s items is not priced.</span>
              ) : null}
            </p>
            {data.basis ? <p className="muted">{data.basis}</p> : null}
            {data.months.length > 0 ? (
              <TableWrap label="Time by month">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Month</th>
                      <th scope="col" className="num">
                        Hours
                      </th>
                      {data.billed ? (
                        <th scope="col" className="num">
                          Cost
                        </th>
                      ) : null}
                    </tr>
                  </thead>
                  <tbody>
                    {data.months.map((m) => (
                      <tr key={m.month} aria-current={m.month === data.month ? "true" : undefined}>
                        <th scope="row">
                          <Link to={`?month=${m.month}`}>{m.label}</Link>
                        </th>
                        <td className="num nowrap">{m.hours}</td>
                        {data.billed ? <td className="num nowrap">{m.cost}</td> : null}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
            ) : null}
            <p>
              {data.month ? (
                <>
                  <Link to=".">Show every month</Link>
                  {" · "}
                </>
              ) : null}
              <a href={csv} download>
                Download {data.monthLabel ?? "all the time"} as CSV
              </a>
            </p>
          </>
        )}
      </section>
      {data.entries.length > 0 ? (
        <TableWrap className="card" labelledBy="time-entries-heading">
          <h3 id="time-entries-heading">Entries{data.monthLabel ? ` in ${data.monthLabel}` : ""}</h3>
          <table className="cards-on-phone">
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Item</th>
                <th scope="col" className="num">
                  Hours
                </th>
                <th scope="col">Note</th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {data.entries.map((e) => (
                <tr key={e.key}>
                  <td data-label="Day" className="nowrap">
                    {e.day}
                  </td>
                  <td data-label="Item">
                    <Link to={`../${e.itemId}#time-heading`} relative="path">
                      {e.item}
                    </Link>
                    {e.billable || !data.billed ? null : (
                      <span className="cell-note">Founder&apos;s team: not priced</span>
                    )}
                  </td>
                  <td data-label="Hours" className="num nowrap">
                    {e.hours}
                  </td>
                  <td data-label="Note">{e.note || <span className="muted">—</span>}</td>
                  <td data-label="By">
                    {e.by}
                    {e.corrected ? <span className="cell-note">{e.corrected}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </div>
  );
}

export { TabError as ErrorBoundary, tabHeaders as headers } from "~/components/tab-error";
