import type { EstimateQuestion } from "~/plan/estimate-check";

/**
 * The server's second look at figures that look like a typo (plan/estimate-check.ts): what looks
 * off, and a tick that saves exactly these figures. Changing them and saving asks afresh.
 */
export function EstimateQuestionBox({
  id,
  name,
  question,
  lead = "Not saved yet: check these figures.",
}: {
  id: string;
  /** the field the tick posts: confirmEstimate, or ok.<item id> in the estimates table */
  name: string;
  question: EstimateQuestion;
  /** its first words: the estimates table asks while the row is typed, before any save */
  lead?: string;
}) {
  return (
    <div className="alert alert--warn stack" role="status" id={id}>
      <p>
        <strong>{lead}</strong> {question.message}
      </p>
      <label className="choice">
        <input type="checkbox" name={name} value={question.confirm} aria-describedby={id} />
        Yes, save {question.figures} as entered
      </label>
    </div>
  );
}
