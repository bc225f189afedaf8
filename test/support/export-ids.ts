// Two exports of the same engagement name its plan items by different ids (an import gives the copy
// ids of its own). Replaced by their place in the plan, and ids only a proposal still names by their
// first appearance, the two compare equal, while a reference that points at another item does not.
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export function canonicalIds<T>(data: T): T {
  const d = structuredClone(data) as Json;
  const names = new Map<string, string>((d.plan as Json[]).map((item, i) => [item.ref, `item-${i}`]));
  const name = (id: string) => {
    if (!names.has(id)) names.set(id, `other-${names.size}`);
    return names.get(id)!;
  };
  for (const item of d.plan) {
    item.ref = name(item.ref);
    item.dependsOn = item.dependsOn.map(name).sort(); // a set, read back in no particular order
  }
  for (const c of d.comments) if (c.targetType === "plan-item") c.target = name(c.target);
  for (const p of d.proposals) {
    const s = p.snapshot;
    for (const item of s.items) {
      item.id = name(item.id);
      item.dependsOn = item.dependsOn.map(name).sort(); // a set, read back in no particular order
      if (item.waitsOutside) item.waitsOutside = item.waitsOutside.map(name).sort();
    }
    for (const item of s.outOfScope ?? []) item.id = name(item.id);
    for (const row of s.schedule) row.itemId = name(row.itemId);
  }
  return d as T;
}
