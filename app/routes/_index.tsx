import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { getContent } from "~/models/content.server";
import { getOptionalUser } from "~/auth/auth.server";
import { newAssessmentSize } from "~/questionnaire/questionnaire";
import { minutesToAnswer } from "~/questionnaire/time-to-answer";

const AREAS = [
  {
    title: "Authentication & security",
    text: "Sessions that survive a second device, password reset that works, and no customer able to read another's data.",
  },
  {
    title: "Payments",
    text: "Live keys, verified webhooks, refunds and failed cards handled — so real money behaves like the sandbox did.",
  },
  {
    title: "Database & backend logic",
    text: "Relationships, validations, transactions and backups, so data stays right when two people act at once.",
  },
  {
    title: "APIs & integrations",
    text: "Retries, rate limits, timeouts and keys kept secret, so one flaky service doesn't take your app down.",
  },
  {
    title: "Performance & responsiveness",
    text: "Fast on an iPhone on a train, not just on your laptop: layouts, lazy loading, caching, behaviour under load.",
  },
  {
    title: "Deployment & monitoring",
    text: "Safe releases, error tracking and alerts, and a one-click way back when a deploy goes wrong.",
  },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  // The copy times what a new assessment asks, as its own pages count it (the same functions), so
  // the figures stay true as questions are added, removed or made conditional.
  const { total, quickPath } = newAssessmentSize(getContent());
  return {
    signedIn: Boolean(await getOptionalUser({ request, context })),
    size: { total, quickPath },
    accountDeleted: new URL(request.url).searchParams.has("account-deleted"),
  };
}

export default function Landing() {
  const { signedIn, size, accountDeleted } = useLoaderData<typeof loader>();
  return (
    <div className="landing">
      <section className="hero">
        <div className="container">
          {accountDeleted && !signedIn ? (
            <div className="alert alert--ok hero__notice" role="status">
              Your account was deleted, with the projects you alone owned.
            </div>
          ) : null}
          <p className="eyebrow">For founders with an AI-built MVP</p>
          <h1 className="hero__title">
            Your app works in the demo. Finishline gets it ready for real users.
          </h1>
          <p className="hero__lead">
            Lovable, Bolt.new, Cursor and v0 get you 70–80% of the way. The last 20% is engineering: logins
            that hold, payments that don't fail silently, data that stays right under load. Answer plain
            questions about your app, see what blocks launch, get an honest estimate of the work, and agree
            the plan with your engineering partner.
          </p>
          <div className="hero__actions">
            {signedIn ? (
              <Link to="/engagements" className="button button--primary button--large">
                Go to your projects
              </Link>
            ) : (
              <>
                <Link to="/signup" className="button button--primary button--large">
                  Sign up — it's free
                </Link>
                <Link to="/login" className="button button--secondary button--large">
                  Log in
                </Link>
              </>
            )}
          </div>
        </div>
      </section>

      <section className="container section" aria-labelledby="how">
        <h2 id="how">How it works</h2>
        <ol className="steps">
          <li>
            {/* Times, not counts: the count changes as soon as answers skip what doesn't apply, and
                "it said 79 questions" is a promise the first answer breaks (founder audit). */}
            <strong>Assess.</strong> Plain-language questions about your product and six areas: about{" "}
            {minutesToAnswer(size.total)} minutes, saved as you go, and what doesn't apply to your app is
            skipped. Short on time? The essentials give a first result in about{" "}
            {minutesToAnswer(size.quickPath)} minutes. "I'm not sure" is a real answer: we price finding out.
          </li>
          <li>
            <strong>See where you stand.</strong> Readiness per area, launch blockers first, and an effort
            range in hours, weeks and money, with how sure we are. Hand over the app's code and we check your
            answers against it, with the file and line for each suggestion.
          </li>
          <li>
            <strong>Agree the plan.</strong> Invite your engineer; shape scope together, publish a proposal,
            sign it off, and export it as a PDF.
          </li>
        </ol>
      </section>

      <section className="container section" aria-labelledby="areas">
        <h2 id="areas">The six areas that decide production-readiness</h2>
        <ul className="area-grid">
          {AREAS.map((area) => (
            <li key={area.title} className="card">
              <h3>{area.title}</h3>
              <p className="muted">{area.text}</p>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
