import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ClientActionFunctionArgs } from "@remix-run/react";

import { clientSaveAction } from "~/components/questionnaire/client-save";
import { INTAKE_AREA } from "~/engine/intake-ids";
import { SectionPage } from "~/components/questionnaire/section-page";
import { revalidateUnlessQuietAutosave } from "~/utils/quiet-autosave";
import { loadSection, saveSection } from "~/questionnaire/questionnaire.server";
import { notFound } from "~/auth/membership.server";
import { engagementTitle, type EngagementMatches } from "~/utils/page-title";

// A quiet autosave (one answer replaced by another) changes nothing this route's loader returns.
export const shouldRevalidate = revalidateUnlessQuietAutosave;

export const meta: MetaFunction<typeof loader, EngagementMatches> = (args) =>
  engagementTitle(args, args.data?.section.title, "Assessment");

// One page per applicable readiness area.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  if (!params.areaId || params.areaId === INTAKE_AREA) throw notFound();
  return loadSection({ request, context, engagementId: params.id, sectionId: params.areaId });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  if (!params.areaId || params.areaId === INTAKE_AREA) throw notFound();
  return saveSection({ request, context, engagementId: params.id, sectionId: params.areaId });
}

export const clientAction = (args: ClientActionFunctionArgs) => clientSaveAction(args);

export default SectionPage;

export { TabError as ErrorBoundary, tabHeaders as headers } from "~/components/tab-error";
