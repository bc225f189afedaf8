import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";

import { ENGAGEMENTS_PER_PAGE, listEngagementsForUser } from "~/models/engagement.server";
import { requireUser } from "~/auth/auth.server";
import { formatDate } from "~/utils/format";
import { ROLE_LABELS } from "~/auth/permissions";

export const meta: MetaFunction = () => [{ title: "My engagements — Finishline" }];

// Anything that is not a page number shows the first page; one past the last shows the last.
const PageSchema = z.coerce.number().int().min(1).catch(1);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser({ request, context });
  const { engagements, page, pages, total } = await listEngagementsForUser({
    userId: user.id,
    page: PageSchema.parse(new URL(request.url).searchParams.get("page") ?? 1),
  });
  return {
    engagements: engagements.map((e) => ({
      ...e,
      roleLabel: ROLE_LABELS[e.role],
    })),
    page,
    pages,
    total,
    first: (page - 1) * ENGAGEMENTS_PER_PAGE + 1,
  };
}

const pageHref = (page: number) => (page === 1 ? "/engagements" : `/engagements?page=${page}`);

export default function Engagements() {
  const { engagements, page, pages, total, first } = useLoaderData<typeof loader>();
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
      {pages > 1 ? (
        <nav className="pager" aria-label="Pages of engagements">
          <p className="muted">
            {`${first}–${first + engagements.length - 1} of ${total}, most recently updated first`}
          </p>
          <div className="pager__links">
            {page > 1 ? (
              <Link to={pageHref(page - 1)} rel="prev" className="button button--secondary">
                ← Previous
              </Link>
            ) : null}
            <span>{`Page ${page} of ${pages}`}</span>
            {page < pages ? (
              <Link to={pageHref(page + 1)} rel="next" className="button button--secondary">
                Next →
              </Link>
            ) : null}
          </div>
        </nav>
      ) : null}
    </div>
  );
}
