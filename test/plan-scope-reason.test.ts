// Why an item is out or later: set with the scope, kept by changes that offer no reason field,
// cleared when the item goes back in scope, and recorded in the activity log.
import { beforeAll, describe, expect, it } from "vitest";

import { createEngagement, listActivity } from "../app/models/engagement.server";
import { addCustomItem, changePlanItem, listPlan, setScopeOfMany } from "../app/models/plan.server";
import { createUser } from "../app/models/user.server";
import { describeActivity } from "../app/routes/engagements.$id._index/activity-text";

let engagementId: string;
let userId: string;

async function item(title: string, phase: "launch-blocker" | "hardening" | "scale" = "scale") {
  const added = await addCustomItem({
    engagementId,
    userId,
    title,
    description: "",
    area: "custom",
    phase,
    estimate: { optimistic: 1, likely: 2, pessimistic: 4 },
  });
  if (!added.ok) throw new Error(added.message);
  return added.id;
}

async function stored(id: string) {
  const found = (await listPlan({ engagementId })).find((i) => i.id === id);
  if (!found) throw new Error(`no item ${id}`);
  return found;
}

async function setScope(id: string, scope: "included" | "excluded" | "deferred", reason?: string) {
  const { version } = await stored(id);
  const result = await changePlanItem({
    engagementId,
    itemId: id,
    userId,
    version,
    change: { kind: "scope", scope, reason },
  });
  expect(result.ok).toBe(true);
}

beforeAll(async () => {
  const user = await createUser({ email: `scope-${Date.now()}@example.com`, password: "x".repeat(12) });
  userId = user.id;
  engagementId = (await createEngagement({ userId, name: "Bakery", description: "", contentVersion: "test" }))
    .id;
});

describe("scope reasons", () => {
  it("are set with the scope and cleared when the item is back in scope", async () => {
    const id = await item("Load testing");
    await setScope(id, "deferred", "  Not before the first 1,000 users  ");
    expect(await stored(id)).toMatchObject({
      scope: "deferred",
      scopeReason: "Not before the first 1,000 users",
    });

    // Row buttons send no reason: the item keeps it.
    await setScope(id, "excluded");
    expect(await stored(id)).toMatchObject({
      scope: "excluded",
      scopeReason: "Not before the first 1,000 users",
    });

    // An empty reason field clears it.
    await setScope(id, "excluded", "");
    expect((await stored(id)).scopeReason).toBeNull();

    await setScope(id, "deferred", "Later");
    await setScope(id, "included", "ignored for included items");
    expect(await stored(id)).toMatchObject({ scope: "included", scopeReason: null });
  });

  it("go to every item a bulk change moves; without one, items keep their own", async () => {
    const a = await item("CDN", "hardening");
    const b = await item("Read replicas", "hardening");
    await setScope(b, "excluded", "The founder's team does it");

    // b is already excluded: a bulk exclude leaves it (and its reason) alone.
    const { changed } = await setScopeOfMany({
      engagementId,
      userId,
      target: { phase: "hardening" },
      scope: "excluded",
      reason: "Out of budget for this round",
    });
    expect(changed).toBe(1);
    expect((await stored(a)).scopeReason).toBe("Out of budget for this round");
    expect((await stored(b)).scopeReason).toBe("The founder's team does it");

    await setScopeOfMany({ engagementId, userId, target: { phase: "hardening" }, scope: "deferred" });
    expect((await stored(a)).scopeReason).toBe("Out of budget for this round");
    expect((await stored(b)).scopeReason).toBe("The founder's team does it");

    await setScopeOfMany({ engagementId, userId, target: { phase: "hardening" }, scope: "included" });
    expect((await stored(a)).scopeReason).toBeNull();
    expect((await stored(b)).scopeReason).toBeNull();
  });

  it("are recorded in the activity log", async () => {
    const id = await item("Status page");
    await setScope(id, "excluded", "Covered by the hosting provider");
    const entries = await listActivity({ engagementId, limit: 50 });
    const single = entries.find((e) => e.kind === "plan.scope" && e.detail.item === "Status page");
    expect(single?.detail).toMatchObject({ to: "excluded", reason: "Covered by the hosting provider" });
    expect(describeActivity(single!.kind, single!.detail, { question: () => undefined })).toBe(
      "put “Status page” out of scope: Covered by the hosting provider",
    );
    const bulk = entries.find((e) => e.kind === "plan.scope-many" && e.detail.to === "excluded");
    expect(bulk?.detail).toMatchObject({ reason: "Out of budget for this round" });
  });
});
