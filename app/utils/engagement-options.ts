// Choices shown when creating an engagement; shared by the forms (client) and validation (server).
export const BUILDER_IDS = [
  "lovable",
  "bolt",
  "cursor",
  "v0",
  "replit",
  "framer",
  "hand-written",
  "other",
] as const;
export type BuilderId = (typeof BUILDER_IDS)[number];
export const BUILDER_LABELS: Record<BuilderId, string> = {
  lovable: "Lovable",
  bolt: "Bolt.new",
  cursor: "Cursor",
  v0: "v0",
  replit: "Replit",
  framer: "Framer",
  "hand-written": "Hand-written",
  other: "Other",
};

export const STAGE_IDS = ["idea", "prototype", "beta", "live"] as const;
export type StageId = (typeof STAGE_IDS)[number];
export const STAGE_LABELS: Record<StageId, string> = {
  idea: "Idea and mock-ups",
  prototype: "Working prototype",
  beta: "Beta with real testers",
  live: "Live with real users",
};

export function builderLabel(id: string): string {
  return BUILDER_LABELS[id as BuilderId] ?? id;
}
export function stageLabel(id: string): string {
  return STAGE_LABELS[id as StageId] ?? id;
}
