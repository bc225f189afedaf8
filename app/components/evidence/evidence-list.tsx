import type { EvidenceItemView } from "~/evidence/evidence-view.server";

/** Where each piece of evidence is (file and line), the redacted excerpt, and what it means. */
export function EvidenceList({ items, total }: { items: EvidenceItemView[]; total: number }) {
  return (
    <>
      <ul className="evidence-list">
        {items.map((e, i) => (
          <li key={`${e.file ?? ""}:${e.line ?? ""}:${i}`}>
            {e.isNew ? (
              <>
                <span className="badge badge--warn">New</span>{" "}
              </>
            ) : null}
            <strong>{e.title}</strong>
            {e.file ? (
              <>
                {" — "}
                <span className="evidence-list__place">
                  {e.file}
                  {e.line ? `:${e.line}` : ""}
                </span>
              </>
            ) : null}
            {e.excerpt ? <code className="evidence-excerpt">{e.excerpt}</code> : null}
            <p className="muted small">{e.explanation}</p>
          </li>
        ))}
      </ul>
      {total > items.length ? <p className="muted small">… and {total - items.length} more places.</p> : null}
    </>
  );
}
