import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, NavLink, Outlet, useLoaderData } from "@remix-run/react";

import { getAnswerState } from "~/models/answer-state.server";
import { productFacts } from "~/utils/engagement-options";
import { requireMember } from "~/auth/membership.server";
import { ROLE_LABELS } from "~/auth/permissions";
import { revalidateUnlessQuietAutosave } from "~/utils/quiet-autosave";

// A quiet autosave (one answer replaced by another) changes nothing this route's loader returns.
export const shouldRevalidate = revalidateUnlessQuietAutosave;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.engagement.name} — Finishline` : "Project — Finishline" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { engagement, role } = await requireMember({ request, context }, params.id);
  const { answers } = await getAnswerState({ engagement });
  return {
    engagement: { id: engagement.id, name: engagement.name, ...productFacts(answers) },
    role,
  };
}

const TABS = [
  { to: "", label: "Overview", end: true },
  { to: "assess", label: "Assessment" },
  { to: "results", label: "Results" },
  { to: "plan", label: "Plan" },
  { to: "proposals", label: "Proposals" },
  { to: "members", label: "Members" },
  { to: "settings", label: "Settings" },
];

export default function EngagementLayout() {
  const { engagement, role } = useLoaderData<typeof loader>();
  return (
    <div className="container">
      <p className="breadcrumb">
        <Link to="/engagements">My projects</Link>
      </p>
      <div className="engagement-head">
        <h1>{engagement.name}</h1>
        <p className="meta-row">
          <span className="badge">{ROLE_LABELS[role]}</span>
          {engagement.builtWith ? <span>Built with {engagement.builtWith}</span> : null}
          {engagement.stage ? <span>{engagement.stage}</span> : null}
        </p>
      </div>
      <nav className="tabs" aria-label="Project">
        {TABS.map((tab) => (
          <NavLink key={tab.label} to={tab.to} end={tab.end} className="tabs__link">
            {tab.label}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </div>
  );
}
