import type { NoteView, SuggestionView } from "~/evidence/evidence-view.server";
import { formatDateTime } from "~/utils/format";

import { AskedAgain, NotFoundByLatest } from "./asked-again";
import { EvidenceList } from "./evidence-list";

/**
 * "Suggested from your code" under a question. The buttons post to the evidence page's action
 * with formAction, so they work inside the questionnaire's own form, with or without JavaScript.
 */
export function SuggestionPanel({
  suggestion: s,
  engagementId,
  canDecide,
  returnTo,
  code,
}: {
  suggestion: SuggestionView;
  engagementId: string;
  canDecide: boolean;
  returnTo: string;
  /** whose code, as the reader hears it (whoseCode): "your code" to a founder */
  code: string;
}) {
  const action = `/engagements/${engagementId}/assess/code`;
  return (
    <aside
      className="evidence-suggestion"
      // Named after its question: several panels on a page must not share one landmark name.
      aria-label={`Suggested from ${code} for “${s.prompt}”`}
      id={`suggestion-${s.questionId}-${s.option}`}
    >
      <p className="evidence-suggestion__head">
        <strong>Suggested from {code}:</strong> {s.optionLabel}{" "}
        <span className="badge badge--muted">{s.confidenceLabel}</span>
      </p>
      {s.previous ? <AskedAgain previous={s.previous} /> : null}
      {s.matchesCurrent ? (
        <p className="muted small">The answer already says this; accepting records the evidence.</p>
      ) : s.multi ? (
        <p className="muted small">Accepting adds it to the answer.</p>
      ) : null}
      {/* Open when it reopens a decision: what is new in the code is the point of asking again. */}
      <details open={s.previous ? true : undefined}>
        <summary>Evidence ({s.evidenceCount})</summary>
        <EvidenceList items={s.evidence} total={s.evidenceCount} />
      </details>
      {canDecide ? (
        <div className="evidence-suggestion__actions">
          <input type="hidden" name="returnTo" value={returnTo} />
          <button
            type="submit"
            name="decide"
            value={`accept:${s.id}`}
            formAction={action}
            formMethod="post"
            formEncType="application/x-www-form-urlencoded"
            formNoValidate
            className="button button--primary button--small"
          >
            Accept suggestion
          </button>
          <button
            type="submit"
            name="decide"
            value={`reject:${s.id}`}
            formAction={action}
            formMethod="post"
            formEncType="application/x-www-form-urlencoded"
            formNoValidate
            className="button button--secondary button--small"
          >
            Reject
          </button>
        </div>
      ) : (
        <p className="muted small">The founder or the engineering partner can accept or reject it.</p>
      )}
    </aside>
  );
}

/** An answer that rests on accepted evidence from the code. */
export function EvidenceBacked({ suggestion: s, code }: { suggestion: SuggestionView; code: string }) {
  return (
    <aside className="evidence-suggestion evidence-suggestion--backed" aria-label={`Evidence from ${code}`}>
      <p className="evidence-suggestion__head">
        <span className="evidence-mark">Backed by code evidence</span>{" "}
        <span className="muted small">
          accepted{s.decidedByName ? ` by ${s.decidedByName}` : ""}
          {s.decidedAt ? `, ${formatDateTime(s.decidedAt)}` : ""} · from {s.scanLabel}
        </span>
      </p>
      {s.notFoundBy ? <NotFoundByLatest scanLabel={s.notFoundBy} /> : null}
      <details>
        <summary>Evidence ({s.evidenceCount})</summary>
        <EvidenceList items={s.evidence} total={s.evidenceCount} />
      </details>
    </aside>
  );
}

/**
 * What the code shows about a question without deciding its answer ("No CI workflow in the code"):
 * evidence to read while answering, with nothing to accept.
 */
export function CodeNotePanel({ note: n, code }: { note: NoteView; code: string }) {
  return (
    <aside className="evidence-suggestion" aria-label={`Found in ${code} for “${n.prompt}”`}>
      <p className="evidence-suggestion__head">
        <strong>Found in {code}</strong>{" "}
        <span className="muted small">
          no answer suggested: the code does not show which option fits · from {n.scanLabel}
        </span>
      </p>
      <details>
        <summary>Evidence ({n.evidenceCount})</summary>
        <EvidenceList items={n.evidence} total={n.evidenceCount} />
      </details>
    </aside>
  );
}
