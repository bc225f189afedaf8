// The account page's partner profile (decision 035): the company a partner's proposals are from, its
// website, address line and tax note, frozen into each version they publish, and the default terms
// an empty Terms draft starts from. Any account may fill it in; only what a user publishes uses it.
import { Form } from "@remix-run/react";

import type { PartnerProfile } from "~/utils/partner-profile";

import { Field, FieldError } from "./field";

export const PROFILE_FIELDS = {
  company: { label: "Company name", id: "field-company" },
  website: { label: "Website", id: "field-website" },
  addressLine: { label: "Address or registration", id: "field-addressLine" },
  taxNote: { label: "Tax note", id: "field-taxNote" },
  defaultTerms: { label: "Default terms", id: "defaultTerms" },
};

export function PartnerProfileForm({
  profile,
  values,
  errors,
  busy,
  saved,
  formKey,
}: {
  profile: PartnerProfile | null;
  /** what a refused save posted, shown again */
  values: Record<string, string> | undefined;
  errors: Record<string, string[] | undefined>;
  busy: boolean;
  saved: boolean;
  formKey: string;
}) {
  const value = (name: keyof PartnerProfile) => values?.[name] ?? profile?.[name] ?? "";
  return (
    <section className="card stack" aria-labelledby="profile-heading">
      <h2 id="profile-heading">Your company on proposals</h2>
      <p className="muted small">
        For engineering partners. Proposals you publish from now on name this company on the page and the PDF,
        in place of Finishline; each version keeps what it said when you published it. Leave it empty to
        publish under your name alone.
      </p>
      <Form method="post" className="stack" noValidate key={formKey}>
        <input type="hidden" name="intent" value="partner-profile" />
        <Field
          label="Company name"
          name="company"
          autoComplete="organization"
          maxLength={100}
          defaultValue={value("company")}
          errors={errors.company}
        />
        <Field
          label="Website"
          name="website"
          type="url"
          inputMode="url"
          autoComplete="url"
          maxLength={200}
          hint="An https:// address, like https://example.com."
          defaultValue={value("website")}
          errors={errors.website}
        />
        <Field
          label="Address or registration"
          name="addressLine"
          maxLength={200}
          hint="One line, such as your address, company number or VAT number."
          defaultValue={value("addressLine")}
          errors={errors.addressLine}
        />
        <Field
          label="Tax note"
          name="taxNote"
          maxLength={200}
          hint="Shown under the price, such as “Prices exclude VAT.”"
          defaultValue={value("taxNote")}
          errors={errors.taxNote}
        />
        <div className="field">
          <label htmlFor="defaultTerms">Default terms</label>
          <p className="field__hint" id="defaultTerms-hint">
            Fills the Terms of a proposal whose terms are still empty: payment schedule, warranty, how changes
            are priced. One per line.
          </p>
          <textarea
            id="defaultTerms"
            name="defaultTerms"
            rows={4}
            defaultValue={value("defaultTerms")}
            aria-invalid={errors.defaultTerms ? true : undefined}
            aria-describedby={
              errors.defaultTerms ? "defaultTerms-hint defaultTerms-error" : "defaultTerms-hint"
            }
          />
          <FieldError id="defaultTerms-error" error={errors.defaultTerms?.[0]} />
        </div>
        <div className="form-actions">
          <button type="submit" className="button button--secondary" disabled={busy}>
            Save company
          </button>
          {saved ? (
            <p role="status" className="form-status">
              Saved.
            </p>
          ) : null}
        </div>
      </Form>
    </section>
  );
}
