import { TableWrap } from "~/components/table-wrap";
import { outOfScopeGroups } from "~/engine/out-of-scope";
import { PHASE_LABELS, type ProposalSnapshot } from "~/engine/plan-types";
import { formatHours } from "~/utils/format";

/**
 * What this version leaves out ("Out of scope") or leaves for later ("Later"), each with its reason.
 * Hours are there for scale and say so: none of them are in the totals above. Versions published
 * before these lists existed show nothing here.
 */
export function OutOfScope({ s }: { s: Pick<ProposalSnapshot, "outOfScope"> }) {
  const groups = outOfScopeGroups(s.outOfScope);
  if (groups.length === 0) return null;
  return (
    <>
      {groups.map((g) => (
        <TableWrap key={g.scope} className="card" labelledBy={`out-${g.scope}`}>
          <h2 id={`out-${g.scope}`}>{g.heading}</h2>
          <p className="muted small">
            {g.items.length} {g.items.length === 1 ? "item" : "items"}, about {formatHours(g.hours)} expected:
            shown for scale, not counted in the totals.
          </p>
          <table>
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
                <tr key={i.id}>
                  <td>{i.title}</td>
                  <td>{i.areaTitle}</td>
                  <td>{PHASE_LABELS[i.phase]}</td>
                  <td>{i.reason}</td>
                  <td className="num">{formatHours(i.mean)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ))}
    </>
  );
}
