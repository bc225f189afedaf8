import type { VersionDiffView } from "~/utils/version-diff";

/** "What changed since version N": the words come from utils/version-diff.ts, this only lays them out. */
export function VersionDiff({ diff }: { diff: VersionDiffView }) {
  const items = diff.added.length + diff.removed.length + diff.changed.length;
  return (
    <section className="card stack" aria-labelledby="diff-heading">
      <h2 id="diff-heading">What changed since version {diff.previous}</h2>
      {diff.values.length + diff.texts.length > 0 ? (
        <ul className="diff-settings">
          {diff.values.map((c) => (
            <li key={c.key}>
              {c.subject} changed from {c.from} to <strong>{c.to}</strong>
            </li>
          ))}
          {diff.texts.map((t) => (
            <li key={t.key}>
              {t.reordered ? (
                `${t.subject}: the same points, in another order.`
              ) : (
                <>
                  {t.subject} changed:
                  <ul>
                    {t.added.map((p, i) => (
                      <li key={`a${i}`} className="diff-added">
                        Added: “{p}”
                      </li>
                    ))}
                    {t.removed.map((p, i) => (
                      <li key={`r${i}`} className="diff-removed">
                        Removed: “{p}”
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      <p>
        Totals: <span className="muted">{diff.before}</span> → <strong>{diff.after}</strong>
      </p>
      {items === 0 ? <p className="muted">No items changed.</p> : null}
      <ul>
        {diff.added.map((a) => (
          <li key={`a-${a.title}`} className={a.was ? undefined : "diff-added"}>
            {a.line}
          </li>
        ))}
        {diff.removed.map((r) => (
          <li key={`r-${r.title}`} className={r.to ? undefined : "diff-removed"}>
            {r.line}
          </li>
        ))}
        {diff.changed.map((c) => (
          <li key={`c-${c.title}`}>
            Changed: {c.title} <span className="muted small">({c.fields.join(", ")})</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
