import { Link } from "@remix-run/react";

import { plural } from "~/utils/format";

/**
 * Suggestions from the code still to decide, said where answers are read as settled (the review
 * page): a newer scan can reopen an accepted answer, and nothing else there would show it.
 */
export function SuggestionsWaiting({
  count,
  assessPath,
  code,
}: {
  count: number;
  assessPath: string;
  /** whose code, as the reader hears it (whoseCode): "your code" to a founder */
  code: string;
}) {
  return (
    <p className="alert alert--info">
      {plural(count, "suggestion")} from {code} {count === 1 ? "is" : "are"} waiting for a decision.{" "}
      <Link to={`${assessPath}/code#suggestions`}>Review {count === 1 ? "it" : "them"}</Link>
    </p>
  );
}
