import { Link } from "@remix-run/react";

import type { EvidenceNote } from "~/engine/evidence/types";
import { evidenceWhere } from "~/utils/format";

/** Results: the answers that rest on accepted evidence from the code, with where it is. */
export function EvidenceSummary({
  notes,
  assessPath,
  code,
}: {
  notes: EvidenceNote[];
  assessPath: string;
  /** whose code, as the reader hears it (whoseCode): "your code" to a founder */
  code: string;
}) {
  if (notes.length === 0) return null;
  return (
    <section className="card stack" aria-labelledby="evidence-heading">
      <h2 id="evidence-heading">
        Answers backed by {code} ({notes.length})
      </h2>
      <p className="muted small">
        These answers were accepted from a scan of the app's code, so they rest on what the code shows rather
        than on memory. <Link to={`${assessPath}/code`}>See the evidence</Link>
      </p>
      <ul className="finding-list">
        {notes.map((n) => (
          <li key={n.questionId} className="finding">
            <p>
              <span className="evidence-mark">Backed by code evidence</span> {n.answer}
            </p>
            <p className="finding__question">
              <Link to={`${assessPath}/code#suggestions`}>{n.prompt}</Link>
            </p>
            <p className="muted small">{evidenceWhere(n)}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
