import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { requireMember } from "~/utils/membership.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { engagement, role } = await requireMember(request, params.id);
  return {
    engagement: { id: engagement.id, description: engagement.description },
    role,
  };
}

export default function EngagementOverview() {
  const { engagement, role } = useLoaderData<typeof loader>();
  return (
    <div className="stack-lg">
      {engagement.description ? <p className="lead">{engagement.description}</p> : null}
      <section className="card">
        <h2>Next step</h2>
        {role === "founder" ? (
          <>
            <p className="muted">
              Answer the assessment: plain questions on the six production-readiness areas. Your answers save as
              you go, and "I'm not sure" is a fine answer.
            </p>
            <Link to="assess" className="button button--primary">
              Start the assessment
            </Link>
          </>
        ) : (
          <p className="muted">The founder is answering the assessment. Results appear as answers come in.</p>
        )}
      </section>
    </div>
  );
}
