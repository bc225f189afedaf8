import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ClientActionFunctionArgs } from "@remix-run/react";

import { SectionPage } from "~/components/questionnaire/section-page";
import { clientSaveAction } from "~/components/questionnaire/client-save";
import { INTAKE_AREA } from "~/engine/intake-ids";
import { revalidateUnlessQuietAutosave } from "~/utils/quiet-autosave";
import { loadSection, saveSection } from "~/questionnaire/questionnaire.server";
import { engagementTitle, type EngagementMatches } from "~/utils/page-title";

// A quiet autosave (one answer replaced by another) changes nothing this route's loader returns.
export const shouldRevalidate = revalidateUnlessQuietAutosave;

export const meta: MetaFunction<typeof loader, EngagementMatches> = (args) =>
  engagementTitle(args, args.data?.section.title, "Assessment");

// The questionnaire starts with the intake: questions about the product that decide what applies.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return loadSection({ request, context, engagementId: params.id, sectionId: INTAKE_AREA });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return saveSection({ request, context, engagementId: params.id, sectionId: INTAKE_AREA });
}

export const clientAction = (args: ClientActionFunctionArgs) => clientSaveAction(args);

export default SectionPage;

export { TabError as ErrorBoundary, tabHeaders as headers } from "~/components/tab-error";
