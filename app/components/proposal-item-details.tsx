import { Link, useFetcher } from "@remix-run/react";

import type { ProposalItemView } from "~/routes/engagements.$id.proposals.$n/proposal-view.server";

type Details = Pick<ProposalItemView, "description" | "deliverables" | "acceptance">;

/** What a version's item covers, what it delivers and when it is done, as the snapshot froze them. */
export function ItemDetailsBody({ item }: { item: Details }) {
  return (
    <div className="item-details">
      {item.description ? <p className="item-details__description">{item.description}</p> : null}
      {item.deliverables.length > 0 ? (
        <>
          <p className="item-details__label">Deliverables</p>
          <ul>
            {item.deliverables.map((line, n) => (
              <li key={n}>{line}</li>
            ))}
          </ul>
        </>
      ) : null}
      {item.acceptance.length > 0 ? (
        <>
          <p className="item-details__label">Done when</p>
          <ul>
            {item.acceptance.map((line, n) => (
              <li key={n}>{line}</li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

/**
 * An item's details folded under its title in the proposal's scope table. The text is not in the
 * page: opening the fold fetches it from the item's own page (`href`, its loader's data) with a
 * fetcher. `href` is relative to the proposal page's route ("items/<id>"), as Link and the fetcher
 * both resolve it, so it holds for a version imported from another engagement too. Without JavaScript the fold opens all the same and holds a link to that page.
 * `title` is the item's, said after the fold's words to whoever cannot see the row.
 */
export function ItemDetailsFold({ href, title }: { href: string; title: string }) {
  const fetcher = useFetcher<{ item: ProposalItemView }>();
  return (
    <details
      className="cell-note item-description"
      onToggle={(event) => {
        if (event.currentTarget.open && fetcher.state === "idle" && !fetcher.data) fetcher.load(href);
      }}
    >
      {/* Named with its item: a list of 68 folds all called the same could not be told apart by
          a screen reader or a keyboard user (QA pass 4, finding 6). */}
      <summary>
        {"What it covers and when it's done"}
        <span className="visually-hidden">: {title}</span>
      </summary>
      {fetcher.data ? (
        <ItemDetailsBody item={fetcher.data.item} />
      ) : (
        <p aria-live="polite">
          {fetcher.state === "idle" ? <Link to={href}>Read what this item covers</Link> : "Loading…"}
        </p>
      )}
    </details>
  );
}
