import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { Field, FieldError, FormError } from "~/components/field";
import { updateEngagementSettings } from "~/models/engagement.server";
import { badRequest, conflict, parseForm, postedValues, type FieldErrors } from "~/utils/forms.server";
import { requireMember } from "~/auth/membership.server";
import { can } from "~/auth/permissions";
import { engagementTitle, type EngagementMatches } from "~/utils/page-title";

import { CURRENCY_SUGGESTIONS } from "./currencies.server";
import { SettingsSchema } from "./settings-schema.server";

export const meta: MetaFunction<typeof loader, EngagementMatches> = (args) =>
  engagementTitle(args, "Settings");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { engagement, role } = await requireMember({ request, context }, params.id);
  return {
    canEdit: can(role, "editSettings"),
    canDelete: can(role, "deleteEngagement"),
    currencies: CURRENCY_SUGGESTIONS,
    settings: {
      name: engagement.name,
      description: engagement.description,
      currency: engagement.currency,
      hourlyRate: engagement.hourlyRate,
      teamSize: engagement.teamSize,
      weeklyCapacity: engagement.weeklyCapacity,
      version: engagement.version,
    },
    saved: new URL(request.url).searchParams.has("saved"),
  };
}

/** The settings a person types, with the names the form gives them. */
const SETTING_FIELDS = [
  ["name", "product name"],
  ["description", "description"],
  ["currency", "currency"],
  ["hourlyRate", "hourly rate"],
  ["teamSize", "engineers"],
  ["weeklyCapacity", "hours per engineer per week"],
] as const;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { engagement, user } = await requireMember({ request, context }, params.id, "editSettings");
  const formData = await request.formData();
  const parsed = parseForm(formData, SettingsSchema);
  // What was typed goes back with the messages, so a refused save loses nothing (also without JS).
  if (!parsed.ok) return badRequest({ ...parsed, typed: postedValues(formData) });
  const { version, ...settings } = parsed.value;
  const result = await updateEngagementSettings({
    engagementId: engagement.id,
    userId: user.id,
    version,
    settings,
  });
  if (!result.ok) {
    // Nothing is overwritten, and nothing typed is lost (QA pass 5, finding 8): the form keeps what
    // was typed, now on the version saved meanwhile, and the message names what the other person
    // changed. Saving again is a deliberate choice to replace it.
    const theirs = result.current;
    const changed = SETTING_FIELDS.filter(([key]) => String(theirs[key]) !== String(settings[key]));
    const quoted = (value: unknown) => {
      const text = String(value);
      if (text === "") return "empty";
      return `“${text.length > 60 ? `${text.slice(0, 59)}…` : text}”`;
    };
    const differ = changed.map(([key, label]) => `${label} (theirs: ${quoted(theirs[key])})`).join(", ");
    return conflict({
      fieldErrors: {
        form: [
          `Someone else saved these settings while you were editing; nothing was overwritten.${differ ? ` Theirs differ from what you typed in ${differ}.` : ""} The form still holds what you typed: save again to use it instead.`,
        ],
      },
      current: { version: theirs.version },
      typed: postedValues(formData),
    });
  }
  return redirect(`/engagements/${engagement.id}/settings?saved=1`);
}

export default function Settings() {
  const { canEdit, canDelete, currencies, settings: loaded, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors: FieldErrors = actionData && !actionData.ok ? actionData.fieldErrors : {};
  const current = actionData && "current" in actionData && actionData.current ? actionData.current : null;
  const typed = actionData && "typed" in actionData ? actionData.typed : null;
  // After a refused save or a conflict, what was typed (on the version now stored, after a conflict).
  const settings = current ? { ...loaded, ...current } : loaded;
  const shown = (name: "name" | "description" | "currency" | "hourlyRate" | "teamSize" | "weeklyCapacity") =>
    typed?.[name] ?? settings[name];
  return (
    <div className="narrow-left stack-lg">
      <header>
        <h2>Settings</h2>
        <p className="muted">These settings turn hours into weeks and money in every estimate.</p>
      </header>
      {saved && !actionData ? (
        <div className="alert alert--ok" role="status">
          Settings saved. Estimates now use them.
        </div>
      ) : null}
      <FormError
        error={errors.form?.[0]}
        fieldErrors={errors}
        fields={{
          name: { label: "Product name" },
          description: { label: "Description" },
          currency: { label: "Currency" },
          hourlyRate: { label: "Hourly rate" },
          teamSize: { label: "Engineers" },
          weeklyCapacity: { label: "Hours per engineer per week" },
        }}
      />
      <Form method="post" className="card stack" noValidate key={settings.version}>
        <fieldset disabled={!canEdit} className="stack plain-fieldset">
          <input type="hidden" name="version" value={settings.version} />
          <Field
            label="Product name"
            name="name"
            defaultValue={shown("name")}
            maxLength={80}
            errors={errors.name}
          />
          <div className="field">
            <label htmlFor="field-description">Description</label>
            <textarea
              id="field-description"
              name="description"
              rows={5}
              maxLength={1000}
              defaultValue={shown("description")}
              aria-invalid={errors.description ? true : undefined}
              aria-describedby={errors.description ? "field-description-error" : undefined}
            />
            <FieldError id="field-description-error" error={errors.description?.[0]} />
          </div>
          <div className="form-grid">
            <div className="field">
              <label htmlFor="field-currency">Currency</label>
              <input
                id="field-currency"
                name="currency"
                list="currency-list"
                defaultValue={shown("currency")}
                maxLength={3}
                autoComplete="off"
                aria-invalid={errors.currency ? true : undefined}
                aria-describedby={errors.currency ? "field-currency-error" : "field-currency-hint"}
              />
              <p id="field-currency-hint" className="field__hint">
                The three-letter code of the currency you are quoted in: USD, EUR, GBP…
              </p>
              <datalist id="currency-list">
                {currencies.map((c) => (
                  <option key={c} value={c} />
                ))}
              </datalist>
              <FieldError id="field-currency-error" error={errors.currency?.[0]} />
            </div>
            <Field
              label="Hourly rate"
              name="hourlyRate"
              type="number"
              inputMode="decimal"
              min={1}
              step="any"
              defaultValue={shown("hourlyRate")}
              errors={errors.hourlyRate}
            />
            <Field
              label="Engineers"
              name="teamSize"
              type="number"
              inputMode="numeric"
              min={1}
              max={50}
              defaultValue={shown("teamSize")}
              hint="Working on this at the same time."
              errors={errors.teamSize}
            />
            <Field
              label="Hours per engineer per week"
              name="weeklyCapacity"
              type="number"
              inputMode="decimal"
              min={1}
              max={80}
              step="any"
              defaultValue={shown("weeklyCapacity")}
              errors={errors.weeklyCapacity}
            />
          </div>
          {canEdit ? (
            <div className="form-actions">
              <button type="submit" className="button button--primary" disabled={busy}>
                {busy ? "Saving…" : "Save settings"}
              </button>
            </div>
          ) : (
            <p className="muted">Only the founder and the engineering partner can change settings.</p>
          )}
        </fieldset>
      </Form>
      {canDelete ? (
        <section className="card stack" aria-labelledby="delete-heading">
          <h3 id="delete-heading">Delete this project</h3>
          <p className="muted small">
            Removes it and everything in it, for everyone who has access. The next page shows what goes and
            offers a copy to keep first.
          </p>
          <p>
            <Link to="delete" className="button button--danger">
              Delete this project…
            </Link>
          </p>
        </section>
      ) : null}
    </div>
  );
}

export { TabError as ErrorBoundary, tabHeaders as headers } from "~/components/tab-error";
