import type { EvidenceNote } from "~/engine/evidence/types";

/** "Backed by code evidence" next to an answer, with where the evidence is. */
export function EvidenceMark({ note }: { note: Pick<EvidenceNote, "title" | "place" | "count"> }) {
  return (
    <p className="small">
      <span className="evidence-mark">Backed by code evidence</span>{" "}
      <span className="muted">
        {note.title}
        {note.place ? ` (${note.place})` : ""}
        {note.count > 1 ? ` and ${note.count - 1} more` : ""}
      </span>
    </p>
  );
}
