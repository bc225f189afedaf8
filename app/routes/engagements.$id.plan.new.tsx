import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";

import { CustomItemForm } from "~/components/plan/custom-item-form";
import { getContent } from "~/models/content.server";
import { requireMember } from "~/auth/membership.server";
import { handlePlanAction } from "~/plan/plan-actions.server";
import { engagementTitle, type EngagementMatches } from "~/utils/page-title";

export const meta: MetaFunction<typeof loader, EngagementMatches> = (args) =>
  engagementTitle(args, "Add a custom item", "Plan");

// Adding a custom item to the plan, on its own page (the plan links here). Once added, the plan
// opens at the new item; a refused form stays here with every field's message and what was typed.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { engagement } = await requireMember({ request, context }, params.id, "editPlan");
  return {
    engagementId: engagement.id,
    areas: getContent().areas.map((a) => ({ id: a.id, title: a.title })),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { engagement, user, role } = await requireMember({ request, context }, params.id, "editPlan");
  const formData = await request.formData();
  // Only custom items here: anything else belongs to the plan page.
  if (formData.get("intent") !== "custom") throw new Response("Not found", { status: 404 });
  return handlePlanAction({ request, formData, engagement, user, role });
}

export default function NewPlanItem() {
  const { areas } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="stack-lg narrow-left">
      <p className="breadcrumb">
        <Link to=".." relative="path">
          Plan
        </Link>
      </p>
      <div>
        <h2>Add a custom item</h2>
        <p className="muted">Work the question bank doesn&apos;t cover. It joins the plan in scope.</p>
      </div>
      <CustomItemForm
        areas={areas}
        errors={actionData?.fieldErrors}
        values={actionData?.values}
        question={actionData?.secondLook}
      />
    </div>
  );
}

export { TabError as ErrorBoundary, tabHeaders as headers } from "~/components/tab-error";
