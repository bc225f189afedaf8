import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";

import { listEngagementsForUser } from "~/models/engagement.server";
import { rolesOfUser } from "~/models/membership.server";
import { requireUser } from "~/auth/auth.server";
import { formatDate } from "~/utils/format";
import { ROLE_LABELS, type Role } from "~/auth/permissions";

export const meta: MetaFunction = () => [{ title: "My projects — Finishline" }];

// Anything that is not a page number shows the first page; one past the last shows the last.
const PageSchema = z.coerce.number().int().min(1).catch(1);
// What to look for in names and descriptions; as long as a name at most.
const SearchSchema = z
  .string()
  .trim()
  .transform((q) => q.slice(0, 80))
  .catch("");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser({ request, context });
  const params = new URL(request.url).searchParams;
  const q = SearchSchema.parse(params.get("q") ?? "");
  const [{ engagements, ...list }, roles] = await Promise.all([
    listEngagementsForUser({
      userId: user.id,
      page: PageSchema.parse(params.get("page") ?? 1),
      search: q,
    }),
    rolesOfUser({ userId: user.id }),
  ]);
  return {
    q,
    words: listWords(roles),
    engagements: engagements.map((e) => ({
      ...e,
      roleLabel: ROLE_LABELS[e.role],
    })),
    ...list,
  };
}

/**
 * The list's intro and "New engagement", said to who reads them (partner audit, finding 17): to an
 * engineering partner the products are their clients', and an engagement they create makes them its
 * founder (engagements.new), not its partner.
 */
function listWords(roles: readonly Role[]) {
  const partner = roles.includes("partner");
  const founder = roles.includes("founder");
  if (partner && !founder)
    return {
      intro:
        "The products you are the engineering partner on; their founders invite you. A project you create is your own product's, and makes you its founder.",
      create: "New project as founder",
    };
  if (partner)
    return {
      intro: "Your own products, one project each, and those you are the engineering partner on.",
      create: "New project",
    };
  return { intro: "One project per product you want to take to production.", create: "New project" };
}

function pageHref(page: number, q: string) {
  const query = new URLSearchParams({ ...(q ? { q } : {}), ...(page > 1 ? { page: String(page) } : {}) });
  const search = query.toString();
  return `/engagements${search ? `?${search}` : ""}`;
}

export default function Engagements() {
  const { q, words, engagements, page, pages, total, first } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <div className="container">
      {params.has("left") ? (
        <div className="alert alert--ok" role="status">
          You left the project. Someone who manages its members can invite you again.
        </div>
      ) : null}
      {params.has("deleted") ? (
        <div className="alert alert--ok" role="status">
          The project was deleted, with everything in it, for everyone who had access.
        </div>
      ) : null}
      <div className="page-head">
        <div>
          <h1>My projects</h1>
          <p className="muted">{words.intro}</p>
        </div>
        <div className="form-actions">
          {/* "Import" alone, beside "New project" on an empty account, read as "import my app's code". */}
          <Link to="/engagements/import" className="button button--secondary">
            Import a Finishline export
          </Link>
          <Link to="/engagements/new" className="button button--primary">
            {words.create}
          </Link>
        </div>
      </div>
      {q || pages > 1 ? (
        <Form method="get" className="list-search" role="search">
          <label htmlFor="engagement-search">Find a project</label>
          <div className="list-search__row">
            <input
              key={q}
              id="engagement-search"
              type="search"
              name="q"
              defaultValue={q}
              maxLength={80}
              placeholder="Name or description"
            />
            <button type="submit" className="button button--secondary">
              Search
            </button>
            {q ? <Link to="/engagements">Show all</Link> : null}
          </div>
          {q ? (
            <p className="muted" role="status">
              {total === 0
                ? `No project matches “${q}”.`
                : `${total} ${total === 1 ? "project matches" : "projects match"} “${q}”.`}
            </p>
          ) : null}
        </Form>
      ) : null}
      {/* A search that finds nothing says so above; the welcome card is for an empty account. */}
      {engagements.length === 0 && !q ? (
        <div className="card empty">
          <h2>Start with your product</h2>
          <p className="muted">
            Create a project for the app you built, answer the assessment, and see what it takes to launch.
          </p>
          <Link to="/engagements/new" className="button button--primary">
            Create your first project
          </Link>
        </div>
      ) : engagements.length > 0 ? (
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
      ) : null}
      {pages > 1 ? (
        <nav className="pager" aria-label="Pages of projects">
          <p className="muted">
            {`${first}–${first + engagements.length - 1} of ${total}, most recently updated first`}
          </p>
          <div className="pager__links">
            {page > 1 ? (
              <Link to={pageHref(page - 1, q)} rel="prev" className="button button--secondary">
                ← Previous
              </Link>
            ) : null}
            <span>{`Page ${page} of ${pages}`}</span>
            {page < pages ? (
              <Link to={pageHref(page + 1, q)} rel="next" className="button button--secondary">
                Next →
              </Link>
            ) : null}
          </div>
        </nav>
      ) : null}
    </div>
  );
}
