import type { EffortRangeView, RangeView } from "~/evidence/evidence-view.server";
import { CAUTIOUS, LIKELY } from "~/utils/estimate-view";
import { hoursRange, plural } from "~/utils/format";

/** Likely to cautious, in the words and form the results page uses. */
const likelyToCautious = (r: { p50: number; p90: number }) => hoursRange(r.p50, r.p90);

/** The evidence page's effort card: the range now, and what accepting every suggestion would give. */
export function EffortRange({ range }: { range: EffortRangeView }) {
  const { now, ifAccepted } = range;
  // The what-if only earns its own figure when it differs from now as shown (whole hours).
  const unchanged = ifAccepted !== null && likelyToCautious(ifAccepted) === likelyToCautious(now);
  return (
    <section className="card stack" aria-label="Effort range">
      <div className="evidence-range">
        <div className="stat">
          <span className="stat__label">Effort now, likely to cautious</span>
          <span className="stat__value">{likelyToCautious(now)}</span>
          <span className="stat__sub">
            {plural(now.unsure, "“not sure” answer")} and {plural(now.missing, "unanswered question")} widen
            it
          </span>
        </div>
        {ifAccepted && !unchanged ? (
          <div className="stat">
            <span className="stat__label">If you accept every suggestion</span>
            <span className="stat__value">{likelyToCautious(ifAccepted)}</span>
            <span className="stat__sub">
              {plural(ifAccepted.unsure, "“not sure” answer")} and{" "}
              {plural(ifAccepted.missing, "unanswered question")} left
            </span>
          </div>
        ) : null}
      </div>
      {ifAccepted ? <AcceptEffect now={now} ifAccepted={ifAccepted} unchanged={unchanged} /> : null}
      {ifAccepted && fewerHoursOnBadNews(range, ifAccepted) ? (
        <p className="muted">
          “I&apos;m not sure” was already priced as the worst case, plus the time to find out. Confirming the
          answer from the code removes that check, so the hours can {unchanged ? "stay the same" : "fall"}{" "}
          even when the news is bad.
        </p>
      ) : null}
      <p className="muted small">
        {LIKELY.word}: {LIKELY.meaning}. {CAUTIOUS.word}: {CAUTIOUS.meaning}.
      </p>
    </section>
  );
}

type RangeFigures = Pick<RangeView, "blockers" | "readiness">;

/**
 * What accepting every suggestion does besides the hours: from the same what-if run as the figure
 * above. A suggestion can add a launch blocker while the hours stay put (its task was already
 * priced, an open question at its worst); "would not change the estimate" alone read as "these
 * suggestions don't matter".
 */
function acceptEffect(now: RangeFigures, after: RangeFigures): string | null {
  const parts: string[] = [];
  const added = after.blockers - now.blockers;
  if (added > 0) parts.push(`add ${plural(added, "launch blocker")}`);
  if (added < 0) parts.push(`clear ${plural(-added, "launch blocker")}`);
  if (now.readiness !== null && after.readiness !== null && now.readiness !== after.readiness)
    parts.push(
      `${after.readiness < now.readiness ? "lower" : "raise"} readiness from ${now.readiness} to ${after.readiness} out of 100`,
    );
  return parts.length > 0 ? parts.join(" and ") : null;
}

/**
 * Worse answers, yet no more hours (QA pass 2, 10): a founder who learns the database is open does
 * not expect the price to fall. It does when the suggestions settle "I'm not sure" answers, which
 * were priced at their worst plus the time to find out; said only then, as the reason.
 */
function fewerHoursOnBadNews(range: EffortRangeView, after: RangeView): boolean {
  const { now } = range;
  const worse =
    after.blockers > now.blockers ||
    (now.readiness !== null && after.readiness !== null && after.readiness < now.readiness);
  // As shown: whole hours, likely and cautious both.
  const noMoreHours =
    Math.round(after.p50) <= Math.round(now.p50) && Math.round(after.p90) <= Math.round(now.p90);
  return range.unsureSettled > 0 && worse && noMoreHours;
}

function AcceptEffect({
  now,
  ifAccepted,
  unchanged,
}: {
  now: RangeFigures;
  ifAccepted: RangeFigures;
  unchanged: boolean;
}) {
  const effect = acceptEffect(now, ifAccepted);
  if (unchanged)
    return (
      <p>
        {effect
          ? `Accepting the suggestions to review would not change the estimate, but would ${effect}.`
          : "Accepting the suggestions to review would not change the estimate."}
      </p>
    );
  return effect ? <p>Accepting every suggestion would also {effect}.</p> : null;
}
