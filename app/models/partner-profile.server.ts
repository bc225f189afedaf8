import { eq } from "drizzle-orm";

import { db } from "../../db/connection.server";
import { partnerProfiles } from "../../db/schema";
import type { PartnerProfile } from "~/utils/partner-profile";

/** The user's partner profile, or null when they never saved one. */
export async function getPartnerProfile({ userId }: { userId: string }): Promise<PartnerProfile | null> {
  const row = db()
    .select({
      company: partnerProfiles.company,
      website: partnerProfiles.website,
      addressLine: partnerProfiles.addressLine,
      taxNote: partnerProfiles.taxNote,
      defaultTerms: partnerProfiles.defaultTerms,
    })
    .from(partnerProfiles)
    .where(eq(partnerProfiles.userId, userId))
    .get();
  return row ?? null;
}

export async function savePartnerProfile({
  userId,
  profile,
}: {
  userId: string;
  profile: PartnerProfile;
}): Promise<void> {
  const row = { ...profile, updatedAt: Date.now() };
  db()
    .insert(partnerProfiles)
    .values({ userId, ...row })
    .onConflictDoUpdate({ target: partnerProfiles.userId, set: row })
    .run();
}
