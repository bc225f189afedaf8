import type { LoaderFunctionArgs } from "@remix-run/node";

import { exportEngagement } from "~/models/export.server";
import { attachmentName } from "~/utils/filename";
import { requireMember } from "~/auth/membership.server";

// The whole engagement as JSON (format: docs/export-format.md). Any member may download it.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { engagement } = await requireMember({ request, context }, params.id);
  const body = JSON.stringify(await exportEngagement({ engagement }), null, 2);
  return new Response(body, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": attachmentName(engagement.name, "export", "json"),
      "Cache-Control": "private, no-store",
    },
  });
}
