import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { z } from "zod";

import { FieldError, FormError } from "~/components/field";
import {
  PaymentFields,
  milestoneField,
  paymentErrorFields,
  paymentLine,
  paymentRows,
  type PaymentDraft,
} from "~/components/payment-fields";
import { PriceFields, typedAmount, type PriceDraft } from "~/components/price-fields";
import { PublishPreview } from "~/components/publish-preview";
import { launchWaitsOnLater, launchWorkLeftOut, waitsOnLeftOut } from "~/engine/out-of-scope";
import { mergeChanges } from "~/engine/plan";
import type { ProposalSnapshot } from "~/engine/plan-types";
import { getPartnerProfile } from "~/models/partner-profile.server";
import { getPlanState } from "~/models/plan-state.server";
import { notifyProposalPublished } from "~/mail/notifications.server";
import { getProposal, listProposals, planDiffers } from "~/models/proposal.server";
import { publishBasis, publishFromForm, publishPreview } from "~/models/proposal-publish.server";
import { formatDateTime, moneyRange } from "~/utils/format";
import { PublishBasisField } from "~/utils/publish-basis";
import { badRequest, conflict, parseForm, type FieldErrors } from "~/utils/forms.server";
import { requireMember } from "~/auth/membership.server";
import { can } from "~/auth/permissions";
import { PROPOSAL_STATUS_LABELS, proposalStatus } from "~/utils/proposal-status";
import { engagementTitle, type EngagementMatches } from "~/utils/page-title";
import { calendarDay, isCalendarDay } from "~/utils/calendar-day";
import { severalLines } from "~/utils/plain-text";
import { useFormChanged, useUnsavedChanges } from "~/utils/use-unsaved-changes";
import {
  MAX_MILESTONES,
  PAYMENT_FIELDS,
  PAYMENT_PLANS,
  checkPayment,
  dueDaysOf,
  paymentOf,
  paymentView,
  readPayment,
  suggestedMilestones,
} from "~/utils/payment-schedule";
import { PRICE_FIELDS, PRICE_MODEL_LABELS, headlinePrice, priceClause, readPrice } from "~/utils/price-model";

const DEFAULT_ASSUMPTIONS = [
  "The founder provides access to the code repository, hosting, database and third-party accounts in the first week.",
  "Estimates cover engineering work on the items in scope; new features are quoted separately.",
  "Answers to the assessment are accurate; items marked “not sure” may grow or shrink once investigated.",
].join("\n");
const DEFAULT_EXCLUSIONS = [
  "Visual redesign and new product features.",
  "Third-party fees (hosting, monitoring, payment provider).",
].join("\n");

const planCost = (t: { cost: { p50: number; p90: number; currency: string } }) =>
  moneyRange(t.cost.p50, t.cost.p90, t.cost.currency);

/** How long a version is offered for unless the partner says otherwise, and the longest they may. */
const VALID_DAYS = 30;
const MAX_VALID_DAYS = 366;

const PublishSchema = z
  .object({
    assumptions: severalLines(
      z.string().trim().max(5000, "Keep assumptions to 5,000 characters or fewer."),
      "the assumptions",
    ).default(""),
    exclusions: severalLines(
      z.string().trim().max(5000, "Keep exclusions to 5,000 characters or fewer."),
      "the exclusions",
    ).default(""),
    terms: severalLines(
      z.string().trim().max(5000, "Keep the terms to 5,000 characters or fewer."),
      "the terms",
    ).default(""),
    // Empty (or not sent, by an API client): the version does not expire. Days are UTC, as every
    // date the app shows; it is valid through the end of that day.
    validUntil: z
      .string()
      .trim()
      .max(10, "Enter the date as YYYY-MM-DD.")
      .refine(isCalendarDay, "Enter the date as YYYY-MM-DD.")
      .refine((d) => d >= calendarDay(), "Choose today or a later date.")
      .refine(
        (d) => d <= calendarDay(MAX_VALID_DAYS),
        "Choose a date within a year: publish a new version to offer it for longer.",
      )
      .optional(),
    // The version number the form offered. The page's form always sends it; a post without it (an
    // API client) publishes the next number as before.
    number: z.number().int().min(1).optional(),
    // Fixed, capped or the estimate range (decision 035); an amount only for the first two.
    ...PRICE_FIELDS,
    // Not stated, monthly in arrears, or milestones summing to 100% (decision 040).
    ...PAYMENT_FIELDS,
    // What the form showed: the plan and the rate it was priced at (decision 053).
    basis: PublishBasisField.optional(),
    // Ticked in the refusal of a version identical to the newest: that version's number.
    publishIdentical: z.number().int().min(1).optional(),
  })
  // Both checked before the transform, which zod skips once any field is refused: a bad amount and
  // milestones that do not sum to 100 are then said together, not one after the other.
  .superRefine((v, ctx) => {
    readPrice(v, ctx);
    checkPayment(v, ctx);
  })
  .transform(({ priceModel, priceAmount, paymentPlan, milestones, dueDays, ...rest }, ctx) => ({
    ...rest,
    price: readPrice({ priceModel, priceAmount }, ctx),
    payment: readPayment({ paymentPlan, milestones, dueDays }),
  }));

export const meta: MetaFunction<typeof loader, EngagementMatches> = (args) =>
  engagementTitle(args, "Proposals");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { engagement, role, user } = await requireMember({ request, context }, params.id);
  const canPublish = can(role, "publishProposal");
  const profile = canPublish ? await getPartnerProfile({ userId: user.id }) : null;
  const proposals = await listProposals({ engagementId: engagement.id });
  const newest = proposals[0]?.number ?? 0;
  // Publishing a plan that has not changed makes a version that says nothing new: the form says so.
  const latest =
    canPublish && newest > 0 ? await getProposal({ engagementId: engagement.id, number: newest }) : null;
  const state = canPublish ? await getPlanState({ engagement }) : null;
  const plan = state?.items ?? [];
  const unchangedSince = latest && !planDiffers(plan, engagement, latest.snapshot) ? newest : null;
  // Items and estimates can stay as they were while the range moves: its spread comes from the
  // assessment (how many answers are open or "not sure"), so answers given since the last version
  // widen or narrow it, and publishing again would show the founder other totals.
  const was = latest ? planCost(latest.snapshot.totals) : null;
  const now = state ? planCost(state.totals) : null;
  const rangeMoved = unchangedSince && was !== now ? { was, now } : null;
  return {
    // What publishing freezes and who hears of it, stated before the button (a wrong rate once went out).
    preview:
      state &&
      (await publishPreview({
        engagement,
        totals: state.totals,
        items: plan,
        latest,
        publisherId: user.id,
        taxNote: profile?.taxNote ?? "",
      })),
    // What the form shows, posted back with it: the action refuses a publish if it moved (decision 053).
    basis: state ? JSON.stringify(publishBasis(state, engagement)) : null,
    unchangedSince,
    rangeMoved,
    // The action refuses to publish without an item in scope: until there is one, the page says
    // what to do first instead of offering a form that would freeze €0.
    nothingToPublish: !state
      ? null
      : plan.length === 0
        ? ("no-plan" as const)
        : state.inScope.length === 0
          ? ("none-in-scope" as const)
          : null,
    // Changes the answers suggest that nobody has taken into the plan yet: not in any version.
    suggested: state ? mergeChanges(state.pending) : 0,
    // Items an update of the plan proposed and nobody has decided on: a version leaves them out
    // entirely (neither in scope nor listed as out of it), so the form says so before publishing.
    undecided: plan.filter((i) => i.scope === "proposed").length,
    // Items in scope that wait for an item left out: the version would price the one without the other.
    waitsOnLeftOut: waitsOnLeftOut(plan),
    // Launch-minimum work left for later or out of scope: the founder would sign for launching without it.
    launchLeftOut: launchWorkLeftOut(plan),
    // Launch-minimum items waiting for later-phase work: the launch minimum's price leaves that out.
    launchWaitsLater: launchWaitsOnLater(plan),
    canPublish,
    proposals: proposals.map((p) => ({
      number: p.number,
      status: proposalStatus(p, newest),
      publishedAt: formatDateTime(p.publishedAt),
      acceptedAt: p.acceptedAt ? formatDateTime(p.acceptedAt) : null,
      withdrawnAt: p.withdrawnAt ? formatDateTime(p.withdrawnAt) : null,
      imported: p.imported,
    })),
    draft: {
      assumptions: engagement.assumptions || DEFAULT_ASSUMPTIONS,
      exclusions: engagement.exclusions || DEFAULT_EXCLUSIONS,
      // The engagement's own draft first; an empty one starts from the partner's default terms.
      terms: engagement.terms || profile?.defaultTerms || "",
      validUntil: draftValidUntil(latest?.snapshot ?? null),
      // The last version's price model, kept like the terms.
      price: {
        model: engagement.priceModel,
        amount: engagement.priceAmount === null ? "" : String(engagement.priceAmount),
      } satisfies PriceDraft,
      // The newest version's schedule, kept like its price; milestone rows start from its milestones
      // or, when it had none, from 30% on signing and a row per phase weighted by its priced cost;
      // the days invoices are due within from its own (empty when it stated none).
      payment: draftPayment(latest?.snapshot ?? null, state?.totals ?? null),
    },
    today: calendarDay(),
  };
}

/**
 * The "Valid until" a new version starts from: the newest version's date while it is still ahead,
 * else today + 30 days. The date is a term the partner chose (often the day their team is held
 * until), and a new version most often revises the scope, not how long the offer stands: starting
 * from today + 30 moved it on every publish without anyone deciding so, and the founder was never
 * told. A date already past gives nothing to keep. A version with none (left open, or published
 * before dates were asked for) still starts the next at today + 30: an offer that never expires
 * should be chosen again, not inherited. The form says where the date came from, and the version's
 * "What changed" names any move.
 */
function draftValidUntil(latest: Pick<ProposalSnapshot, "number" | "validUntil"> | null): {
  day: string;
  keptFrom: number | null;
} {
  const kept = latest?.validUntil && latest.validUntil >= calendarDay() ? latest.validUntil : null;
  return kept ? { day: kept, keptFrom: latest!.number } : { day: calendarDay(VALID_DAYS), keptFrom: null };
}

function draftPayment(
  latest: ProposalSnapshot | null,
  totals: ProposalSnapshot["totals"] | null,
): PaymentDraft {
  const payment = latest ? paymentOf(latest) : { plan: "none" as const };
  const rows = payment.plan === "milestones" ? payment.milestones : totals ? suggestedMilestones(totals) : [];
  const dueDays = dueDaysOf(payment);
  return {
    plan: payment.plan,
    rows: paymentRows(rows.map((m) => ({ label: m.label, percent: String(m.percent) }))),
    dueDays: dueDays === undefined ? "" : String(dueDays),
  };
}

/** The payment fields as posted, to show a refused form as typed. */
function typedPayment(formData: FormData) {
  const plan = String(formData.get("paymentPlan") ?? "");
  return {
    paymentPlan: plan,
    milestones: Array.from({ length: MAX_MILESTONES }, (_, i) => ({
      label: String(formData.get(milestoneField(i, "label")) ?? ""),
      percent: String(formData.get(milestoneField(i, "percent")) ?? ""),
    })),
    dueDays: String(formData.get("dueDays") ?? ""),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { engagement, user } = await requireMember({ request, context }, params.id, "publishProposal");
  const formData = await request.formData();
  // A refused publish shows the text as typed (a fresh page without JavaScript), not the saved draft.
  const typed = {
    assumptions: String(formData.get("assumptions") ?? ""),
    exclusions: String(formData.get("exclusions") ?? ""),
    terms: String(formData.get("terms") ?? ""),
    validUntil: String(formData.get("validUntil") ?? ""),
    priceModel: String(formData.get("priceModel") ?? ""),
    priceAmount: String(formData.get("priceAmount") ?? ""),
    ...typedPayment(formData),
  };
  const parsed = parseForm(formData, PublishSchema);
  if (!parsed.ok) return badRequest({ ...parsed, typed });
  const {
    assumptions,
    exclusions,
    terms,
    validUntil,
    price,
    payment,
    number: expectedNumber,
    basis: shown,
    publishIdentical,
  } = parsed.value;
  const outcome = await publishFromForm({
    engagementId: engagement.id,
    publisher: user,
    text: { assumptions, exclusions, terms, validUntil: validUntil ?? null, price, payment },
    expectedNumber,
    shown,
    publishIdentical,
  });
  if (outcome.kind === "empty") {
    return badRequest({
      fieldErrors: { form: ["Put at least one plan item in scope before publishing a proposal."] },
      typed,
    });
  }
  // 409: the form as typed stays, and the page around it is the plan as it is now (its loader).
  if (outcome.kind === "refused") {
    return conflict({
      fieldErrors: { form: [outcome.message] } as FieldErrors,
      typed,
      identical: outcome.identical,
    });
  }
  notifyProposalPublished({
    request,
    engagement: outcome.engagement,
    number: outcome.number,
    publishedBy: user,
    price: priceClause(price, outcome.engagement.currency),
    payment: paymentView(payment, price, outcome.engagement.currency),
  });
  return redirect(`/engagements/${engagement.id}/proposals/${outcome.number}`);
}

export default function Proposals() {
  const {
    canPublish,
    proposals,
    draft,
    unchangedSince,
    rangeMoved,
    suggested,
    undecided,
    waitsOnLeftOut,
    launchLeftOut,
    launchWaitsLater,
    preview,
    basis,
    today,
    nothingToPublish,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors = actionData && !actionData.ok ? actionData.fieldErrors : {};
  const typed = actionData && !actionData.ok ? actionData.typed : undefined;
  // Refused as identical to this version: the form offers to publish it anyway.
  const identical =
    actionData && "identical" in actionData && typeof actionData.identical === "number"
      ? actionData.identical
      : null;
  // The text is saved only by publishing (a refused publish keeps it typed, not saved): leaving the
  // page with changes asks first.
  const publishForm = useFormChanged({
    assumptions: draft.assumptions,
    exclusions: draft.exclusions,
    terms: draft.terms,
    validUntil: draft.validUntil.day,
    priceModel: draft.price.model,
    priceAmount: draft.price.amount,
    paymentPlan: draft.payment.plan,
    dueDays: draft.payment.dueDays,
    ...Object.fromEntries(
      draft.payment.rows.flatMap((r, i) => [
        [milestoneField(i, "label"), r.label],
        [milestoneField(i, "percent"), r.percent],
      ]),
    ),
  });
  useUnsavedChanges(publishForm.changed);
  const [price, setPrice] = useState<PriceDraft>(() =>
    typed && (typed.priceModel === "range" || typed.priceModel === "fixed" || typed.priceModel === "capped")
      ? { model: typed.priceModel, amount: typed.priceAmount }
      : draft.price,
  );
  // A refused publish keeps every row as typed, whichever field was refused.
  const [payment, setPayment] = useState<PaymentDraft>(() =>
    typed
      ? {
          plan: PAYMENT_PLANS.find((p) => p === typed.paymentPlan) ?? draft.payment.plan,
          rows: typed.milestones,
          dueDays: typed.dueDays,
        }
      : draft.payment,
  );
  // The preview's price line follows the form as typed (with JavaScript; the draft's without).
  const amount = typedAmount(price.amount);
  const headline =
    !preview || price.model === "range"
      ? null
      : amount !== null && amount > 0
        ? headlinePrice({ model: price.model, amount }, preview.cost.currency)
        : `${PRICE_MODEL_LABELS[price.model]}, amount not entered yet`;
  return (
    <div className="stack-lg">
      <section className="card stack" aria-labelledby="versions-heading">
        <h2 id="versions-heading">Proposal versions</h2>
        {proposals.length === 0 ? (
          <p className="muted">
            No proposal yet.{" "}
            {canPublish
              ? "Shape the plan, then publish version 1 below."
              : "Your engineering partner publishes one from the plan."}
          </p>
        ) : (
          <ul className="version-list">
            {canPublish ? (
              <li>
                <a href="#publish">Version {proposals[0]!.number + 1}</a>{" "}
                <span className="badge badge--muted">{PROPOSAL_STATUS_LABELS.draft}</span>
                <span className="muted small">The plan as it stands now, until you publish it</span>
              </li>
            ) : null}
            {proposals.map((p) => (
              <li key={p.number}>
                <Link to={String(p.number)}>Version {p.number}</Link>{" "}
                <span
                  className={`badge ${p.status === "accepted" ? "badge--ok" : p.status === "published" ? "badge--warn" : "badge--muted"}`}
                >
                  {PROPOSAL_STATUS_LABELS[p.status]}
                </span>
                {p.imported ? <span className="badge">Imported</span> : null}
                <span className="muted small">
                  Published <span className="nowrap">{p.publishedAt}</span>
                  {p.acceptedAt ? (
                    <>
                      {" · accepted "}
                      <span className="nowrap">{p.acceptedAt}</span>
                    </>
                  ) : null}
                  {p.withdrawnAt ? (
                    <>
                      {" · withdrawn "}
                      <span className="nowrap">{p.withdrawnAt}</span>
                    </>
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      {canPublish && nothingToPublish ? (
        <NothingToPublish number={(proposals[0]?.number ?? 0) + 1} why={nothingToPublish} />
      ) : canPublish ? (
        <section className="card stack" aria-labelledby="publish-heading" id="publish">
          <h2 id="publish-heading">Publish version {(proposals[0]?.number ?? 0) + 1}</h2>
          <p className="muted">
            Publishing freezes the current plan, readiness and totals as an immutable version the founder can
            accept. Later edits to the plan start a new draft; published versions never change.
          </p>
          {preview ? (
            <PublishPreview
              preview={preview}
              number={(proposals[0]?.number ?? 0) + 1}
              price={headline}
              payment={paymentLine(payment)}
            />
          ) : null}
          {proposals[0]?.status === "withdrawn" ? (
            // Decision 039: withdrawing the newest version put no older one back on offer.
            <p className="alert alert--info">
              Version {proposals[0].number} was withdrawn, so no version is on offer: the founder can accept
              again once you publish this one.
            </p>
          ) : null}
          {unchangedSince && rangeMoved ? (
            <p className="alert alert--info">
              The plan&apos;s items, phases and estimates have not changed since version {unchangedSince}, but
              its range has: answers given since then changed how sure the estimate can be. Version{" "}
              {unchangedSince + 1} would say <span className="nowrap">{rangeMoved.now}</span> where version{" "}
              {unchangedSince} says <span className="nowrap">{rangeMoved.was}</span>.
            </p>
          ) : unchangedSince ? (
            <p className="alert alert--info">
              The plan has not changed since version {unchangedSince}: its items, phases and estimates, and
              the rate and team it is priced with, are the same. Publish again only to change the assumptions,
              what is not included, the price, the payment schedule, the terms or the date it is valid until.
            </p>
          ) : null}
          {suggested > 0 ? (
            <p className="alert alert--info">
              The answers suggest {suggested === 1 ? "a change" : `${suggested} changes`} to the plan that{" "}
              {suggested === 1 ? "is" : "are"} not in it yet, so not in this version either.{" "}
              <Link to="../plan" relative="path">
                Review {suggested === 1 ? "it" : "them"} on the plan
              </Link>{" "}
              first.
            </p>
          ) : null}
          {undecided > 0 ? (
            <p className="alert alert--warn">
              {undecided === 1 ? "One item is" : `${undecided} items are`} still undecided (proposed by an
              update of the plan): this version would leave {undecided === 1 ? "it" : "them"} out, without
              listing {undecided === 1 ? "it" : "them"} as out of scope.{" "}
              <Link to="../plan" relative="path">
                Decide on the plan
              </Link>{" "}
              first.
            </p>
          ) : null}
          {waitsOnLeftOut.length > 0 ? (
            <div className="alert alert--warn">
              <p>
                {waitsOnLeftOut.length === 1 ? "An item" : `${waitsOnLeftOut.length} items`} in scope{" "}
                {waitsOnLeftOut.length === 1 ? "waits" : "wait"} for work this version leaves out, so its
                price does not cover {waitsOnLeftOut.length === 1 ? "all the item needs" : "all they need"}:
              </p>
              <ul>
                {waitsOnLeftOut.map((w) => (
                  <li key={w.title}>
                    {w.title} waits for {w.waitsFor.join("; ")}
                  </li>
                ))}
              </ul>
              <p>
                Bring that work back into scope on the{" "}
                <Link to="../plan" relative="path">
                  plan
                </Link>
                , or say in the assumptions who does it. The proposal notes it beside each item.
              </p>
            </div>
          ) : null}
          {launchWaitsLater.length > 0 ? (
            <div className="alert alert--warn">
              <p>
                {launchWaitsLater.length === 1
                  ? "A launch-minimum item waits"
                  : `${launchWaitsLater.length} launch-minimum items wait`}{" "}
                for work of a later phase. The timeline runs that work first, but the launch minimum&apos;s
                hours and price do not count it, so the launch minimum cannot be delivered for the figure the
                proposal gives:
              </p>
              <ul>
                {launchWaitsLater.map((w) => (
                  <li key={w.title}>
                    {w.title} waits for {w.waitsFor.join("; ")}
                  </li>
                ))}
              </ul>
              <p>
                Move that work into the launch minimum on the{" "}
                <Link to="../plan" relative="path">
                  plan
                </Link>
                , or take the dependency off if it is not needed before launch.
              </p>
            </div>
          ) : null}
          {launchLeftOut.length > 0 ? (
            <div className="alert alert--warn">
              <p>
                This version leaves out{" "}
                {launchLeftOut.length === 1 ? "an item" : `${launchLeftOut.length} items`} of the launch
                minimum, work the assessment says must be done before real users or real money:
              </p>
              <ul>
                {launchLeftOut.map((title) => (
                  <li key={title}>{title}</li>
                ))}
              </ul>
              <p>
                The proposal lists {launchLeftOut.length === 1 ? "it" : "them"} with the reason you gave. Say
                in the assumptions who does {launchLeftOut.length === 1 ? "it" : "them"} before launch, or
                bring {launchLeftOut.length === 1 ? "it" : "them"} back into scope on the{" "}
                <Link to="../plan" relative="path">
                  plan
                </Link>
                .
              </p>
            </div>
          ) : null}
          <Form
            method="post"
            className="stack"
            noValidate
            ref={publishForm.ref}
            onChange={publishForm.onChange}
          >
            <FormError
              error={errors.form?.[0]}
              fieldErrors={errors}
              fields={{
                assumptions: { label: "Assumptions", id: "assumptions" },
                exclusions: { label: "Not included", id: "exclusions" },
                terms: { label: "Terms", id: "terms" },
                validUntil: { label: "Valid until", id: "validUntil" },
                priceModel: { label: "Price", id: "priceModel" },
                priceAmount: { label: "Fixed price or cap", id: "priceAmount" },
                ...paymentErrorFields(),
              }}
            />
            <input type="hidden" name="number" value={(proposals[0]?.number ?? 0) + 1} />
            {basis ? <input type="hidden" name="basis" value={basis} /> : null}
            <PriceFields value={price} onChange={setPrice} cost={preview?.cost ?? null} errors={errors} />
            <PaymentFields value={payment} onChange={setPayment} priceModel={price.model} errors={errors} />
            <div className="field">
              <label htmlFor="assumptions">Assumptions</label>
              <p className="field__hint" id="assumptions-hint">
                One per line.
              </p>
              <textarea
                id="assumptions"
                name="assumptions"
                rows={5}
                defaultValue={typed?.assumptions ?? draft.assumptions}
                aria-invalid={errors.assumptions ? true : undefined}
                aria-describedby={
                  errors.assumptions ? "assumptions-hint assumptions-error" : "assumptions-hint"
                }
              />
              <FieldError id="assumptions-error" error={errors.assumptions?.[0]} />
            </div>
            <div className="field">
              <label htmlFor="exclusions">Not included</label>
              <textarea
                id="exclusions"
                name="exclusions"
                rows={4}
                defaultValue={typed?.exclusions ?? draft.exclusions}
                aria-invalid={errors.exclusions ? true : undefined}
                aria-describedby={errors.exclusions ? "exclusions-error" : undefined}
              />
              <FieldError id="exclusions-error" error={errors.exclusions?.[0]} />
            </div>
            <div className="field">
              <label htmlFor="terms">Terms</label>
              <p className="field__hint" id="terms-hint">
                Optional: warranty, how changes are priced, late payment (the schedule has its own field
                above). One per line. Shown on the proposal and in its PDF above the sign-off, and kept for
                the next version. When empty, it starts from the default terms in your{" "}
                <Link to="/account">account</Link>.
              </p>
              <textarea
                id="terms"
                name="terms"
                rows={4}
                defaultValue={typed?.terms ?? draft.terms}
                aria-invalid={errors.terms ? true : undefined}
                aria-describedby={errors.terms ? "terms-hint terms-error" : "terms-hint"}
              />
              <FieldError id="terms-error" error={errors.terms?.[0]} />
            </div>
            <div className="field">
              <label htmlFor="validUntil">Valid until</label>
              <p className="field__hint" id="validUntil-hint">
                The founder can accept this version until the end of this day (UTC); after it, only a new
                version. Leave it empty for no end date.
                {draft.validUntil.keptFrom && !typed
                  ? ` Kept from version ${draft.validUntil.keptFrom}: change it to offer this version for longer.`
                  : null}
              </p>
              <input
                type="date"
                id="validUntil"
                name="validUntil"
                min={today}
                defaultValue={typed ? typed.validUntil : draft.validUntil.day}
                aria-invalid={errors.validUntil ? true : undefined}
                aria-describedby={errors.validUntil ? "validUntil-hint validUntil-error" : "validUntil-hint"}
              />
              <FieldError id="validUntil-error" error={errors.validUntil?.[0]} />
            </div>
            {identical ? (
              <label className="choice">
                <input type="checkbox" name="publishIdentical" value={identical} />
                <span>Publish anyway: version {identical} is identical</span>
              </label>
            ) : null}
            <div className="form-actions">
              <button type="submit" className="button button--primary" disabled={busy}>
                {busy ? "Publishing…" : "Publish proposal"}
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

/** In place of the publish form while the plan has nothing a version could price (the overview's words). */
function NothingToPublish({ number, why }: { number: number; why: "no-plan" | "none-in-scope" }) {
  return (
    <section className="card stack" aria-labelledby="publish-heading" id="publish">
      <h2 id="publish-heading">Publish version {number}</h2>
      <p>
        {why === "no-plan"
          ? "Create the plan first: a proposal is published from a plan with items in scope. The plan is not created yet: it starts from the work the answers call for."
          : "Put an item in scope first: a proposal is published from a plan with items in scope, and none of the plan's items is."}
      </p>
      <p>
        <Link to="../plan" relative="path" className="button button--primary">
          {why === "no-plan" ? "Create the plan" : "Open the plan"}
        </Link>
      </p>
    </section>
  );
}

export { TabError as ErrorBoundary, tabHeaders as headers } from "~/components/tab-error";
