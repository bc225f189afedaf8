import type { EvidenceNote } from "~/engine/evidence/types";
import { evidenceWhere } from "~/utils/format";

/** "Backed by code evidence" next to an answer, with where the evidence is. */
export function EvidenceMark({ note }: { note: Pick<EvidenceNote, "title" | "place" | "count"> }) {
  return (
    <p className="small">
      <span className="evidence-mark">Backed by code evidence</span>{" "}
      <span className="muted">{evidenceWhere(note)}</span>
    </p>
  );
}
