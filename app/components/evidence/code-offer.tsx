import { Link } from "@remix-run/react";

/**
 * The code step offered where the founder is (review, results): the "Evidence from code" link sits
 * last in the sidebar, after Review, and a founder on the main path sent a report the code
 * contradicted. Shown until a scan exists, to the members who may upload.
 */
export function CodeEvidenceOffer({ assessPath }: { assessPath: string }) {
  return (
    <section className="card code-offer" aria-labelledby="code-offer-heading">
      <div>
        <h2 id="code-offer-heading" className="code-offer__title">
          Have the app&apos;s code?
        </h2>
        <p className="muted">
          Upload it and we check these answers against it, with the file and line for each suggestion.
        </p>
      </div>
      <Link to={`${assessPath}/code`} className="button button--secondary">
        Upload the code
      </Link>
    </section>
  );
}
