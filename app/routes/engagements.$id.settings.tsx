import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";

import { Field, FieldError, FormError } from "~/components/field";
import { updateEngagementSettings } from "~/models/engagement.server";
import { isCurrencyCode } from "~/engine/money";
import { POPULAR_CURRENCIES, CURRENCIES } from "~/utils/currencies";
import { EngagementTextSchema } from "~/utils/engagement-schema";
import { badRequest, decimal, parseForm, type FieldErrors } from "~/utils/forms.server";
import { requireMember } from "~/auth/membership.server";
import { can } from "~/auth/permissions";

const SettingsSchema = EngagementTextSchema.extend({
  currency: z
    .string({ required_error: "Choose a currency." })
    .trim()
    .toUpperCase()
    .refine(isCurrencyCode, "Use a three-letter ISO 4217 currency code, like USD or EUR."),
  // Plain decimals: "1e-300", "0x10" or "Infinity" are not rates (app/utils/forms.server.ts).
  hourlyRate: decimal({
    message: "Enter the hourly rate as a number.",
    min: [1, "The hourly rate must be at least 1."],
    max: [10_000, "That hourly rate looks too high (at most 10,000)."],
    places: 2,
  }),
  teamSize: decimal({
    message: "Enter a whole number of engineers.",
    min: [1, "At least one engineer."],
    max: [50, "At most 50 engineers."],
    places: 0,
  }),
  weeklyCapacity: decimal({
    message: "Enter hours per week as a number.",
    min: [1, "At least 1 hour per week."],
    max: [80, "At most 80 hours per person per week."],
    places: 1,
  }),
  version: z.number().int().min(0),
});

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { engagement, role } = await requireMember({ request, context }, params.id);
  return {
    canEdit: can(role, "editSettings"),
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

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { engagement, user } = await requireMember({ request, context }, params.id, "editSettings");
  const parsed = parseForm(await request.formData(), SettingsSchema);
  if (!parsed.ok) return badRequest(parsed);
  const { version, ...settings } = parsed.value;
  const result = await updateEngagementSettings({
    engagementId: engagement.id,
    userId: user.id,
    version,
    settings,
  });
  if (!result.ok) {
    return data(
      {
        ok: false as const,
        fieldErrors: {
          form: [
            "Someone else saved these settings while you were editing. The form now shows their values; make your change again.",
          ],
        },
        current: { ...result.current },
      },
      { status: 409 },
    );
  }
  return redirect(`/engagements/${engagement.id}/settings?saved=1`);
}

export default function Settings() {
  const { canEdit, settings: loaded, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors: FieldErrors = actionData && !actionData.ok ? actionData.fieldErrors : {};
  const current = actionData && "current" in actionData && actionData.current ? actionData.current : null;
  const settings = current ? { ...loaded, ...current } : loaded;
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
      <FormError error={errors.form?.[0]} />
      <Form method="post" className="card stack" noValidate key={settings.version}>
        <fieldset disabled={!canEdit} className="stack plain-fieldset">
          <input type="hidden" name="version" value={settings.version} />
          <Field
            label="Product name"
            name="name"
            defaultValue={settings.name}
            maxLength={80}
            errors={errors.name}
          />
          <div className="field">
            <label htmlFor="field-description">Description</label>
            <textarea
              id="field-description"
              name="description"
              rows={3}
              maxLength={1000}
              defaultValue={settings.description}
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
                defaultValue={settings.currency}
                maxLength={3}
                autoComplete="off"
                aria-invalid={errors.currency ? true : undefined}
                aria-describedby={errors.currency ? "field-currency-error" : "field-currency-hint"}
              />
              <p id="field-currency-hint" className="field__hint">
                ISO code, e.g. USD, EUR, GBP.
              </p>
              <datalist id="currency-list">
                {[...POPULAR_CURRENCIES, ...CURRENCIES.filter((c) => !POPULAR_CURRENCIES.includes(c))].map(
                  (c) => (
                    <option key={c} value={c} />
                  ),
                )}
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
              defaultValue={settings.hourlyRate}
              errors={errors.hourlyRate}
            />
            <Field
              label="Engineers"
              name="teamSize"
              type="number"
              inputMode="numeric"
              min={1}
              max={50}
              defaultValue={settings.teamSize}
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
              defaultValue={settings.weeklyCapacity}
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
    </div>
  );
}

export { TabError as ErrorBoundary, tabHeaders as headers } from "~/components/tab-error";
