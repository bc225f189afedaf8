import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ClientActionFunctionArgs } from "@remix-run/react";

import { clientSaveAction } from "~/components/questionnaire/client-save";
import { SectionPage } from "~/components/questionnaire/section-page";
import { ESSENTIALS_SECTION } from "~/questionnaire/questionnaire";
import { loadSection, saveSection } from "~/questionnaire/questionnaire.server";
import { engagementTitle, type EngagementMatches } from "~/utils/page-title";

export const meta: MetaFunction<typeof loader, EngagementMatches> = (args) =>
  engagementTitle(args, args.data?.section.title, "Assessment");

// The quick path: the essential questions of every applicable area on one page, then the results.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return loadSection({ request, context, engagementId: params.id, sectionId: ESSENTIALS_SECTION });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return saveSection({ request, context, engagementId: params.id, sectionId: ESSENTIALS_SECTION });
}

export const clientAction = (args: ClientActionFunctionArgs) => clientSaveAction(args);

export default SectionPage;

export { TabError as ErrorBoundary, tabHeaders as headers } from "~/components/tab-error";
