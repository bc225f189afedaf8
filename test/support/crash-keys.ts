// What the crash writer writes, shared by the writer and the harness that checks its output.
import type { Content } from "../../app/engine/content/types";

export const CRASH_USER_EMAIL = "crash-writer@example.com";
export const CRASH_ITEM_COUNT = 4;

export type CrashQuestion = { id: string; options: string[] };

/** Single-choice questions of the real content with their option ids (the values the writer saves). */
export function questionsOf(content: Content): CrashQuestion[] {
  return [...content.intake.questions, ...content.areas.flatMap((a) => a.questions)]
    .filter((q) => q.kind === "single" || q.kind === "scale" || q.kind === "yes-no")
    .map((q) => ({ id: q.id, options: q.options.map((o) => o.id) }));
}

/**
 * The parent passes the questions in CRASH_QUESTIONS (it has loaded the content once); parsing the
 * YAML in every restarted writer would only slow the kill loop down.
 */
export async function crashQuestions(): Promise<CrashQuestion[]> {
  const fromEnv = process.env.CRASH_QUESTIONS;
  if (fromEnv) return JSON.parse(fromEnv) as CrashQuestion[];
  const { realContent } = await import("./content");
  return questionsOf(realContent());
}
