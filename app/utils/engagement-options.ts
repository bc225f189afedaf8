import { BUILDER_QUESTION, STAGE_QUESTION } from "~/engine/intake-ids";

// Short labels for the intake's builder and stage answers (headers, covers, lists).
const BUILDER_IDS = ["lovable", "bolt", "cursor", "v0", "replit", "framer", "hand-written", "other"] as const;
type BuilderId = (typeof BUILDER_IDS)[number];
const BUILDER_LABELS: Record<BuilderId, string> = {
  lovable: "Lovable",
  bolt: "Bolt.new",
  cursor: "Cursor",
  v0: "v0",
  replit: "Replit",
  framer: "Framer",
  "hand-written": "Hand-written",
  other: "Other",
};

const STAGE_IDS = ["idea", "prototype", "beta", "live", "growing"] as const;
type StageId = (typeof STAGE_IDS)[number];
const STAGE_LABELS: Record<StageId, string> = {
  idea: "Still being built",
  prototype: "Working prototype",
  beta: "Beta with real testers",
  live: "Live with real users",
  growing: "Live and growing",
};

function builderLabel(id: string): string {
  return Object.prototype.hasOwnProperty.call(BUILDER_LABELS, id) ? BUILDER_LABELS[id as BuilderId] : id;
}
function stageLabel(id: string): string {
  return Object.prototype.hasOwnProperty.call(STAGE_LABELS, id) ? STAGE_LABELS[id as StageId] : id;
}

/**
 * What the product is built with and how far along it is, in short words for headers, covers and
 * lists: read from the intake answers (the one place they are asked). Empty until answered.
 */
export function productFacts(answers: Readonly<Record<string, unknown>>): {
  builtWith: string;
  stage: string;
} {
  const builder = answers[BUILDER_QUESTION];
  const stage = answers[STAGE_QUESTION];
  return {
    builtWith: typeof builder === "string" && builder !== "unsure" ? builderLabel(builder) : "",
    stage: typeof stage === "string" && stage !== "unsure" ? stageLabel(stage) : "",
  };
}
