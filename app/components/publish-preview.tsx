// On the publish form, before the button: what the version will freeze (its headline figures and the
// rate, currency and team it is priced with), who gets the email, and what to check first. Warnings
// only: a partner may publish at an unchanged or new rate on purpose.
import { Link } from "@remix-run/react";

import type { UnnotifiedReason } from "~/models/membership.server";
import { estimateLine } from "~/utils/price-model";
import { andList } from "~/utils/settings-words";

export type PublishPreviewData = {
  /** "€9,700–€16,900 · 102–178 h · 28 items", or null for a plan without tiers */
  launch: string | null;
  whole: string;
  /** one sentence per tier that counts later-phase work it waits for (decision 051), usually none */
  includes: string[];
  /** "€95 an hour (EUR), 2 engineers at 30 hours a week" */
  pricing: string;
  /** founders publishing emails, "Maya Okafor (maya@…)" */
  emails: string[];
  /** when that is nobody: each founder (name, or email without one) and every reason they get none */
  notEmailed: { name: string; reasons: UnnotifiedReason[] }[];
  /** one sentence per rate, currency, team or hours change since the newest version */
  settingsChanged: string[];
  /** set while nobody has saved the settings since the engagement was created */
  untouched: string | null;
  /** the whole in-scope, priced cost: likely (p50) and cautious (p90), for the price line */
  cost: { p50: number; p90: number; currency: string };
  /** the tax note from the publisher's profile, frozen with the version */
  taxNote: string;
};

export function PublishPreview({
  preview,
  number,
  price,
  payment,
}: {
  preview: PublishPreviewData;
  number: number;
  /** the price as the form now stands: "Fixed price €24,000", or null for the estimate range */
  price: string | null;
  /** the payment schedule as the form now stands (decision 040), "Not stated" for none */
  payment?: string;
}) {
  // Relative to the proposals page, where the form is.
  const settings = (label: string) => (
    <Link to="../settings" relative="path">
      {label}
    </Link>
  );
  return (
    <>
      <div className="stack">
        <h3>What version {number} freezes</h3>
        <ul className="frozen-figures">
          {preview.launch ? (
            <li>
              <strong>Launch minimum:</strong> {preview.launch}
            </li>
          ) : null}
          {preview.includes.map((line) => (
            <li key={line}>{line}</li>
          ))}
          <li>
            <strong>Whole proposal:</strong> {preview.whole}
          </li>
          <li>
            <strong>Price:</strong>{" "}
            {price ? `${price} · ${estimateLine(preview.cost)}` : "The estimate range, billed on time"}
            {preview.taxNote ? ` · ${preview.taxNote}` : ""}
          </li>
          {payment ? (
            <li>
              <strong>Payment:</strong> {payment}
            </li>
          ) : null}
          <li>
            <strong>Priced at:</strong> {preview.pricing} ({settings("Settings")})
          </li>
        </ul>
        <p className="muted">
          {preview.emails.length > 0
            ? `Publishing emails ${andList(preview.emails)} that version ${number} is ready for sign-off.`
            : nobodyEmailed(preview.notEmailed)}
        </p>
      </div>
      {preview.settingsChanged.length > 0 || preview.untouched ? (
        <div className="alert alert--warn">
          {preview.settingsChanged.map((line) => (
            <p key={line}>{line}</p>
          ))}
          {preview.untouched ? <p>{preview.untouched}</p> : null}
          <p>
            {settings("Open Settings")} to change them; publishing as they are is fine if they are what you
            quote.
          </p>
        </div>
      ) : null}
    </>
  );
}

/** One founder's reason, after their name. */
const REASON_WORDS: Record<UnnotifiedReason, string> = {
  "emails-off": "has proposal emails off",
  unconfirmed: "has not confirmed their email address yet",
  "no-two-step": "has not turned on two-step login, which this project requires for emails",
};
/** The same reason, shared by every founder. */
const EVERYONE_WORDS: Record<UnnotifiedReason, string> = {
  "emails-off": "no founder has proposal emails on",
  unconfirmed: "no founder has confirmed their email address yet",
  "no-two-step": "no founder has turned on two-step login, which this project requires for emails",
};

/**
 * Why publishing emails nobody, as it is: "emails off" sends the partner to ask the founder to tick a
 * box, which does nothing for an address not confirmed yet (QA 3, finding 6).
 */
function nobodyEmailed(left: PublishPreviewData["notEmailed"]): string {
  if (left.length === 0) return "Publishing emails no one: the project has no founder to email.";
  const [first] = left[0]!.reasons;
  const shared =
    left.length > 1 && left.every((m) => m.reasons.length === 1 && m.reasons[0] === first) ? first : null;
  const why = shared
    ? EVERYONE_WORDS[shared]
    : andList(left.map((m) => `${m.name} ${andList(m.reasons.map((r) => REASON_WORDS[r]))}`));
  return `Publishing emails no one: ${why}, so tell them yourself.`;
}
