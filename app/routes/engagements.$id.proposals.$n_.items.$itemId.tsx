import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { ItemDetailsBody } from "~/components/proposal-item-details";
import { notFound } from "~/auth/membership.server";
import { engagementTitle, type EngagementMatches } from "~/utils/page-title";

import { loadProposal } from "./engagements.$id.proposals.$n/proposal-actions.server";
import { proposalItemView } from "./engagements.$id.proposals.$n/proposal-view.server";

// One item of a published version: what it covers, delivers and when it is done, as the version
// froze them. The proposal page's scope table opens the same data in place with a fetcher; this page
// is where its link leads without JavaScript.
export const meta: MetaFunction<typeof loader, EngagementMatches> = (args) =>
  engagementTitle(
    args,
    args.data ? `${args.data.item.title} · Proposal version ${args.data.number}` : "Proposal",
  );

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { engagement, proposal } = await loadProposal({ request, context }, params, "view");
  const item = proposalItemView(proposal.snapshot, params.itemId ?? "");
  if (!item) throw notFound();
  return { engagementId: engagement.id, number: proposal.number, item };
}

export default function ProposalItem() {
  const { engagementId, number, item } = useLoaderData<typeof loader>();
  return (
    <article className="card stack" aria-labelledby="item-heading">
      <p className="small">
        <Link to={`/engagements/${engagementId}/proposals/${number}#item-${item.id}`}>
          {`← Back to proposal version ${number}`}
        </Link>
      </p>
      <h2 id="item-heading">{item.title}</h2>
      <p className="muted small">{`${item.phase} · ${item.area} · ${item.estimate}`}</p>
      <ItemDetailsBody item={item} />
    </article>
  );
}

export { TabError as ErrorBoundary, tabHeaders as headers } from "~/components/tab-error";
