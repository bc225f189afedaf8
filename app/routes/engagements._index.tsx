import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";

import { listEngagementsForUser } from "~/models/engagement.server";
import { requireUser } from "~/auth/auth.server";
import { formatDate } from "~/utils/format";
import { ROLE_LABELS } from "~/auth/permissions";

export const meta: MetaFunction = () => [{ title: "My engagements — Finishline" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser({ request, context });
  const engagements = await listEngagementsForUser({ userId: user.id });
  return {
    engagements: engagements.map((e) => ({
      ...e,
      roleLabel: ROLE_LABELS[e.role],
    })),
  };
}

export default function Engagements() {
  const { engagements } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <div className="container">
      {params.has("left") ? (
        <div className="alert alert--ok" role="status">
          You left the engagement. Someone who manages its members can invite you again.
        </div>
      ) : null}
      <div className="page-head">
        <div>
          <h1>My engagements</h1>
          <p className="muted">One engagement per product you want to take to production.</p>
        </div>
        <div className="form-actions">
          <Link to="/engagements/import" className="button button--secondary">
            Import
          </Link>
          <Link to="/engagements/new" className="button button--primary">
            New engagement
          </Link>
        </div>
      </div>
      {engagements.length === 0 ? (
        <div className="card empty">
          <h2>Start with your product</h2>
          <p className="muted">
            Create an engagement for the app you built, answer the assessment, and see what it takes to
            launch.
          </p>
          <Link to="/engagements/new" className="button button--primary">
            Create your first engagement
          </Link>
        </div>
      ) : (
        <ul className="engagement-list">
          {engagements.map((e) => (
            <li key={e.id} className="card engagement-card">
              <h2 className="engagement-card__title">
                <Link to={`/engagements/${e.id}`}>{e.name}</Link>
              </h2>
              {e.description ? <p className="muted clamp-2">{e.description}</p> : null}
              <p className="meta-row">
                <span className="badge">{e.roleLabel}</span>
                {e.builtWith ? <span>Built with {e.builtWith}</span> : null}
                {e.stage ? <span>{e.stage}</span> : null}
                <span>Updated {formatDate(e.updatedAt)}</span>
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
