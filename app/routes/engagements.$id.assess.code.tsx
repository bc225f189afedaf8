import { Fragment } from "react";

import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";

import { AskedAgain } from "~/components/evidence/asked-again";
import { EffortRange } from "~/components/evidence/effort-range";
import { EvidenceList } from "~/components/evidence/evidence-list";
import { UploadForms } from "~/components/evidence/upload-forms";
import { evidenceAction, type EvidenceActionData } from "~/evidence/actions.server";
import { evidencePage, type NoteView, type SuggestionView } from "~/evidence/evidence-view.server";
import { prewarmScanner } from "~/evidence/scanner.server";
import { getAnswerState } from "~/models/answer-state.server";
import { formatDateTime, plural } from "~/utils/format";
import { passErrorHeaders } from "~/utils/headers";
import { requireMember } from "~/auth/membership.server";
import { can } from "~/auth/permissions";
import { engagementTitle, type EngagementMatches } from "~/utils/page-title";
import { whoseCode } from "~/utils/code-words";

export const meta: MetaFunction<typeof loader, EngagementMatches> = (args) =>
  engagementTitle(args, `Evidence from ${args.data?.code ?? whoseCode(true)}`, "Assessment");

// "Evidence from code": upload the app's code (or import a scan file), see what it suggests for
// the questionnaire, and accept or reject each suggestion. Suggestions never change an answer by
// themselves.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { engagement, role } = await requireMember({ request, context }, params.id);
  const canDecide = can(role, "useCodeEvidence");
  // Someone who may upload is on the upload page: have a scan worker loaded before they do.
  if (canDecide) prewarmScanner();
  const state = await getAnswerState({ engagement });
  // After a decision on this page: which suggestion, for the status line (an id, nothing else).
  const decided = new URL(request.url).searchParams.get("decided");
  const decidedId = decided && /^[A-Za-z0-9_-]{1,40}$/.test(decided) ? decided : null;
  return {
    engagementId: engagement.id,
    canDecide,
    // "your code" to a founder, "the app's code" to the partner or a viewer.
    code: whoseCode(role === "founder"),
    ...(await evidencePage(state, engagement, role, decidedId)),
  };
}

export async function action(args: ActionFunctionArgs) {
  return evidenceAction(args);
}

export default function CodeEvidence() {
  const data = useLoaderData<typeof loader>();
  const error = useActionData<EvidenceActionData>();
  const [params] = useSearchParams();
  const done = params.get("done");
  const latest = data.scans[0];
  const decision = data.decision;
  const base = `/engagements/${data.engagementId}/assess`;
  return (
    <div className="stack-lg">
      <header className="assess-section__head">
        <h2>Evidence from {data.code}</h2>
        <p className="muted">
          Finishline can read {data.code === "your code" ? "your app's code" : "the app's code"} and suggest
          answers, each with the file and line it is based on. A suggestion never changes an answer by itself:
          you accept or reject each one.
        </p>
      </header>
      {error ? (
        <div className="alert alert--error" role="alert">
          {error.error}
        </div>
      ) : null}
      {done && latest ? (
        <div className="alert alert--ok" role="status">
          Scanned {latest.label}: {latest.findings} finding{latest.findings === 1 ? "" : "s"},{" "}
          {data.pending.length} suggestion{data.pending.length === 1 ? "" : "s"} to review
          {alreadyDecided(latest.stats)}
          {data.notFound.length > 0
            ? `; ${plural(data.notFound.length, "accepted answer")} no longer found (listed below)`
            : ""}
          . The code itself was not kept.
        </div>
      ) : null}

      {data.canDecide ? <UploadForms error={error} code={data.code} /> : null}

      <details className="card">
        <summary>What is read, what is kept, and what is never done with {data.code}</summary>
        <ul>
          <li>
            Read: the text of the app's own files (up to 1 MB each), looking for known patterns. Dependencies
            and build output (node_modules, dist, .git…) are skipped.
          </li>
          <li>
            Kept: only the findings — file, line, a short excerpt with every secret masked — and the
            suggestions. The archive and the code are discarded as soon as the scan ends and are never written
            to disk.
          </li>
          <li>
            Never: nothing from the upload is run, installed or imported. Archives with links, paths outside
            the archive, passwords, or more than 50 MB (250 MB unpacked) are refused.
          </li>
        </ul>
      </details>

      <EffortRange range={data.range} />

      <section aria-labelledby="suggestions" className="stack">
        <h2 id="suggestions">Suggestions to review ({data.pending.length})</h2>
        {decision && decision.before === null ? <DecisionNote text={decision.text} /> : null}
        {data.pending.length === 0 ? (
          <p className="muted">
            {latest
              ? "Nothing left to review from the latest scan."
              : `No scan yet. Upload ${data.code} to get suggestions.`}
          </p>
        ) : (
          data.pending.map((s) => (
            <Fragment key={s.id}>
              {decision?.before === s.id ? <DecisionNote text={decision.text} /> : null}
              <SuggestionCard s={s} base={base} />
            </Fragment>
          ))
        )}
      </section>

      {data.notFound.length > 0 && latest ? (
        <section aria-labelledby="not-found" className="stack">
          <h2 id="not-found">
            No longer found in {data.code} ({data.notFound.length})
          </h2>
          <p className="muted">
            These answers rest on evidence accepted from an earlier scan, and the latest scan ({latest.label})
            finds nothing for them. If the problem has been fixed, change the answer; if that scan left this
            code out, the answer stands.
          </p>
          <ul className="review-list">
            {data.notFound.map((s) => (
              <li key={s.id} className="review-item">
                <span className="badge badge--warn">Not in the latest scan</span>{" "}
                <Link to={`${base}/${s.sectionPath}#q-${s.questionId}`}>{s.prompt}</Link>
                <p className="muted small">
                  {s.currentAnswer} · accepted from {s.scanLabel}
                  {s.decidedByName ? ` by ${s.decidedByName}` : ""}
                  {s.decidedAt ? `, ${formatDateTime(s.decidedAt)}` : ""}
                </p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {data.notes.length > 0 ? (
        <section aria-labelledby="notes" className="stack">
          <h2 id="notes">
            Also found in {data.code} ({data.notes.length})
          </h2>
          <p className="muted">
            What the latest scan shows about these questions does not decide their answers (no CI workflow in
            the code does not say how a change goes live), so nothing is suggested. Read it when you answer.
          </p>
          {data.notes.map((n) => (
            <NoteCard key={n.questionId} n={n} base={base} />
          ))}
        </section>
      ) : null}

      {data.decided.length > 0 ? (
        <section aria-labelledby="decided" className="stack">
          <h2 id="decided">Decided</h2>
          <ul className="review-list">
            {data.decided.map((s) => (
              <li key={s.id} className="review-item">
                <span className={`badge ${s.status === "accepted" ? "badge--ok" : "badge--muted"}`}>
                  {s.status === "accepted" ? "Accepted" : "Rejected"}
                </span>{" "}
                <Link to={`${base}/${s.sectionPath}#q-${s.questionId}`}>{s.prompt}</Link>
                <p className="muted small">
                  {s.optionLabel} · {s.decidedByName}
                  {s.decidedAt ? `, ${formatDateTime(s.decidedAt)}` : ""}
                </p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {data.scans.length > 0 ? (
        <section aria-labelledby="scans">
          <h2 id="scans">Scans</h2>
          <ul className="version-list">
            {data.scans.map((scan) => (
              <li key={scan.id}>
                {scan.label} · {scan.source === "upload" ? "uploaded" : "imported"} by {scan.createdByName},{" "}
                {formatDateTime(scan.createdAt)} · {count(scan.stats.files, "file")},{" "}
                {count(scan.findings, "finding")}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

/**
 * What was just decided on this page. The redirect after a decision lands on it (#decision), so it
 * sits right above the next suggestion to decide: the answer to one is in view with the next one.
 */
function DecisionNote({ text }: { text: string }) {
  return (
    <div id="decision" className="alert alert--ok" role="status">
      {text}
    </div>
  );
}

function SuggestionCard({ s, base }: { s: SuggestionView; base: string }) {
  const data = useLoaderData<typeof loader>();
  const action = `${base}/code`;
  return (
    <article className="card stack" aria-labelledby={`s-${s.id}`}>
      <p className="eyebrow">{s.section}</p>
      <h3 id={`s-${s.id}`}>{s.prompt}</h3>
      <p>
        <strong>Suggested from {data.code}:</strong> {s.optionLabel}{" "}
        <span className="badge badge--muted">{s.confidenceLabel}</span>
      </p>
      {s.previous ? <AskedAgain previous={s.previous} /> : null}
      <p className="muted small">
        Current answer: {s.currentAnswer}
        {s.matchesCurrent ? " (the same: accepting records the evidence)" : ""}
        {s.visible ? "" : " · this question is hidden by an earlier answer, so accepting will not show it"}
      </p>
      <EvidenceList items={s.evidence} total={s.evidenceCount} />
      {data.canDecide ? (
        <Form method="post" action={action} className="evidence-suggestion__actions">
          <input type="hidden" name="returnTo" value={`${base}/code`} />
          <button
            type="submit"
            name="decide"
            value={`accept:${s.id}`}
            className="button button--primary button--small"
          >
            Accept suggestion
          </button>
          <button
            type="submit"
            name="decide"
            value={`reject:${s.id}`}
            className="button button--secondary button--small"
          >
            Reject
          </button>
          <Link
            to={`${base}/${s.sectionPath}#q-${s.questionId}`}
            className="button button--ghost button--small"
          >
            See the question
          </Link>
        </Form>
      ) : null}
    </article>
  );
}

function NoteCard({ n, base }: { n: NoteView; base: string }) {
  return (
    <article className="card stack" aria-labelledby={`n-${n.questionId}`}>
      <p className="eyebrow">{n.section}</p>
      <h3 id={`n-${n.questionId}`}>{n.prompt}</h3>
      <p className="muted small">
        No answer suggested
        {n.visible ? "" : " · this question is hidden by an earlier answer"}
      </p>
      <EvidenceList items={n.evidence} total={n.evidenceCount} />
      <p>
        <Link
          to={`${base}/${n.sectionPath}#q-${n.questionId}`}
          className="button button--ghost button--small"
        >
          See the question
        </Link>
      </p>
    </article>
  );
}

/**
 * The scan's suggestions a decision already covers (the same answer on the same evidence), which
 * are not asked again: said, so a short list to review is not mistaken for a scan that found little.
 */
function alreadyDecided({ alreadyBacked = 0, alreadyRejected = 0 }: Record<string, number>): string {
  const parts: string[] = [];
  if (alreadyBacked > 0)
    parts.push(
      `${alreadyBacked} ${alreadyBacked === 1 ? "answer rests" : "answers rest"} on evidence you accepted before, and ${alreadyBacked === 1 ? "is" : "are"} not asked again`,
    );
  if (alreadyRejected > 0)
    parts.push(
      `${plural(alreadyRejected, "suggestion")} you rejected before ${alreadyRejected === 1 ? "rests" : "rest"} on the same evidence, and ${alreadyRejected === 1 ? "stays" : "stay"} rejected`,
    );
  return parts.length > 0 ? ` (${parts.join("; ")})` : "";
}

/** "1 file", "3 findings"; "?" when an older scan did not record the number. */
function count(n: number | undefined, word: string): string {
  return n === undefined ? `? ${word}s` : plural(n, word);
}

/**
 * The tab's error headers (a thrown 429's Retry-After), and the Retry-After of this page's own
 * refusals (too many scans, scanner busy), which Remix drops unless the route passes them on.
 */
export const headers: HeadersFunction = (args) => {
  const headers = new Headers(passErrorHeaders(args));
  const retryAfter = args.actionHeaders.get("Retry-After");
  if (retryAfter && !headers.has("Retry-After")) headers.set("Retry-After", retryAfter);
  return headers;
};

export { TabError as ErrorBoundary } from "~/components/tab-error";
