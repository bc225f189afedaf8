import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { Field, FieldError, FormError } from "~/components/field";
import { getContent } from "~/models/content.server";
import { createEngagement } from "~/models/engagement.server";
import { rolesOfUser } from "~/models/membership.server";
import { requireUser } from "~/auth/auth.server";
import { EngagementTextSchema } from "~/utils/engagement-schema";
import { badRequest, parseForm, postedValues } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "New project — Finishline" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser({ request, context });
  const roles = await rolesOfUser({ userId: user.id });
  // The creator becomes the engagement's founder (createEngagement): said to someone who so far is
  // only ever the engineering partner, who might expect to create one as that.
  return { partnerOnly: roles.includes("partner") && !roles.includes("founder") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser({ request, context });
  const formData = await request.formData();
  const parsed = parseForm(formData, EngagementTextSchema);
  // What was typed goes back with the messages, so a refused form loses nothing (also without JS).
  if (!parsed.ok) return badRequest({ ...parsed, values: postedValues(formData, ["name", "description"]) });
  const engagement = await createEngagement({
    userId: user.id,
    ...parsed.value,
    contentVersion: getContent().version,
  });
  // Straight into the intake: what it is built with, how far along and how big are asked there, once.
  return redirect(`/engagements/${engagement.id}/assess`);
}

export default function NewEngagement() {
  const { partnerOnly } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors = actionData && !actionData.ok ? actionData.fieldErrors : {};
  const values = actionData && !actionData.ok ? actionData.values : undefined;
  return (
    <div className="container narrow">
      <p className="breadcrumb">
        <Link to="/engagements">My projects</Link>
      </p>
      <h1>New project</h1>
      <p className="muted">
        Name the product; the assessment asks the rest, starting with what it is built with and how big it is.
        You can change everything later.
      </p>
      {partnerOnly ? (
        <p className="alert alert--info">
          You will be this project&apos;s founder: you answer the assessment, invite others and accept
          proposals. To be the engineering partner on a founder&apos;s product, ask them to invite you from
          their project&apos;s Members page.
        </p>
      ) : null}
      <Form method="post" className="card stack" noValidate>
        <FormError
          error={errors.form?.[0]}
          fieldErrors={errors}
          fields={{ name: { label: "Product name" }, description: { label: "What does it do?" } }}
        />
        <Field
          label="Product name"
          name="name"
          required
          maxLength={80}
          autoComplete="off"
          defaultValue={values?.name}
          errors={errors.name}
        />
        <div className="field">
          <label htmlFor="field-description">What does it do? (optional)</label>
          <p id="field-description-hint" className="field__hint">
            One or two sentences: who uses it, and what is not working yet.
          </p>
          <textarea
            id="field-description"
            name="description"
            rows={3}
            maxLength={1000}
            defaultValue={values?.description}
            aria-describedby={
              errors.description ? "field-description-hint field-description-error" : "field-description-hint"
            }
            aria-invalid={errors.description ? true : undefined}
          />
          <FieldError id="field-description-error" error={errors.description?.[0]} />
        </div>
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? "Creating…" : "Create project"}
          </button>
          <Link to="/engagements" className="button button--ghost">
            Cancel
          </Link>
        </div>
      </Form>
    </div>
  );
}
