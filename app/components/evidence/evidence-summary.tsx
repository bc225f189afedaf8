import type { EvidenceNote } from "~/engine/evidence/types";
import { useNavigateOnClick } from "~/utils/navigate-on-click";

/** Results: the answers that rest on accepted evidence from the code, with where it is. */
export function EvidenceSummary({ notes, assessPath }: { notes: EvidenceNote[]; assessPath: string }) {
  const onNavigate = useNavigateOnClick();
  if (notes.length === 0) return null;
  return (
    <section className="card stack" aria-labelledby="evidence-heading">
      <h2 id="evidence-heading">Answers backed by your code ({notes.length})</h2>
      <p className="muted small">
        These answers were accepted from a scan of the app's code, so they rest on what the code shows rather
        than on memory. <a href={`${assessPath}/code`}>See the evidence</a>
      </p>
      <ul className="finding-list">
        {notes.map((n) => (
          <li key={n.questionId} className="finding">
            <p>
              <span className="evidence-mark">Backed by code evidence</span> {n.answer}
            </p>
            <p className="finding__question">
              <a href={`${assessPath}/code#suggestions`} onClick={onNavigate}>
                {n.prompt}
              </a>
            </p>
            <p className="muted small">
              {n.title}
              {n.place ? ` (${n.place})` : ""}
              {n.count > 1 ? ` and ${n.count - 1} more` : ""}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
