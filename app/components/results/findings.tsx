import { Link } from "@remix-run/react";

import type { Finding } from "~/engine/assessment-types";
import { sectionPath } from "~/questionnaire/questionnaire";
import { couldBeBlockers } from "~/utils/assessment-view";

type Corrections = Record<string, { by: string; original: string; note: string | null }>;

/** "Corrected by Jonas Brandt on 3 Dec 2026 (you answered “No”): RLS is off on 3 tables" */
function Correction({ c }: { c?: Corrections[string] }) {
  if (!c) return null;
  return (
    <p className="finding__question">
      {`Corrected by ${c.by} (${c.original})${c.note ? `: ${c.note}` : "."}`}
    </p>
  );
}

function questionLink(assessPath: string, f: Pick<Finding, "area" | "questionId">) {
  return `${assessPath}/${sectionPath(f.area)}#q-${f.questionId}`;
}

export function BlockerList({
  blockers,
  assessPath,
  corrections,
  founder,
}: {
  blockers: Finding[];
  assessPath: string;
  corrections: Corrections;
  /** the reader gave the answers: "You answered", else "The founder answered" */
  founder: boolean;
}) {
  return (
    <ul className="finding-list">
      {blockers.map((b) => (
        <li key={b.questionId} className="finding finding--blocker">
          <p>
            <strong>{b.impact}</strong>
          </p>
          <p className="finding__question">
            {/* What the founder said, not an instruction ("Answer X to: …" read as one). */}
            <Link to={questionLink(assessPath, b)}>{b.prompt}</Link> {founder ? "You" : "The founder"}{" "}
            answered “{b.answer}”.
          </p>
          <Correction c={corrections[b.questionId]} />
        </li>
      ))}
    </ul>
  );
}

/**
 * "I'm not sure" answers that could be launch blockers: not counted as blockers (nobody knows yet),
 * but priced as if they were, so the reader learns why the launch minimum holds work the blocker
 * count does not explain, and what to check first.
 */
export function PossibleBlockers({
  questions,
  assessPath,
  founder,
}: {
  questions: Array<Pick<Finding, "questionId" | "area" | "prompt">>;
  assessPath: string;
  founder: boolean;
}) {
  if (questions.length === 0) return null;
  return (
    <section className="card stack" aria-labelledby="possible-blockers-heading">
      <h3 id="possible-blockers-heading">{couldBeBlockers(questions.length, "launch blockers")}</h3>
      <p className="muted">
        {founder ? "You" : "The founder"} answered “I&apos;m not sure” where one of the answers stops a
        launch. They are not counted as blockers, but the launch minimum prices each one as if it were, until
        someone checks. Check these first: each answer can only bring the estimate down.
      </p>
      <ul>
        {questions.map((q) => (
          <li key={q.questionId}>
            <Link to={questionLink(assessPath, q)}>{q.prompt}</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

type AreaView = {
  id: string;
  title: string;
  applicable: boolean;
  score: number | null;
  level: string | null;
  risks: { high: Finding[]; medium: Finding[] };
  unsure: Array<{ questionId: string; area: string; prompt: string }>;
};

export function AreaFindings({
  areas,
  assessPath,
  corrections,
}: {
  areas: AreaView[];
  assessPath: string;
  corrections: Corrections;
}) {
  return (
    <section aria-labelledby="findings-heading" className="stack">
      <h2 id="findings-heading">Findings by area</h2>
      {areas.map((area) => (
        <section
          key={area.id}
          id={`area-${area.id}`}
          className="card stack"
          aria-labelledby={`findings-${area.id}`}
        >
          <div className="review-section__head">
            <h3 id={`findings-${area.id}`}>{area.title}</h3>
            <span className="muted">
              {!area.applicable
                ? "Doesn't apply to this product"
                : area.score === null
                  ? "Not answered yet"
                  : `${area.score} / 100 · ${area.level}`}
            </span>
          </div>
          {area.applicable ? (
            area.risks.high.length + area.risks.medium.length + area.unsure.length === 0 ? (
              <p className="muted">No risks found in the answers so far.</p>
            ) : (
              <ul className="finding-list">
                {[...area.risks.high, ...area.risks.medium].map((f) => (
                  <li key={f.questionId} className={`finding finding--${f.blocker ? "blocker" : f.risk}`}>
                    <p>
                      <span className={`badge ${f.risk === "high" ? "badge--danger" : "badge--warn"}`}>
                        {f.blocker ? "Launch blocker" : f.risk === "high" ? "High risk" : "Medium risk"}
                      </span>{" "}
                      {f.impact}
                    </p>
                    <p className="finding__question">
                      <Link to={questionLink(assessPath, f)}>{f.prompt}</Link>
                    </p>
                    <Correction c={corrections[f.questionId]} />
                  </li>
                ))}
                {area.unsure.map((u) => (
                  <li key={u.questionId} className="finding finding--medium">
                    <p>
                      <span className="badge badge--muted">Not sure</span> Scored as a gap until someone
                      checks.
                    </p>
                    <p className="finding__question">
                      <Link to={questionLink(assessPath, u)}>{u.prompt}</Link>
                    </p>
                  </li>
                ))}
              </ul>
            )
          ) : null}
        </section>
      ))}
    </section>
  );
}
