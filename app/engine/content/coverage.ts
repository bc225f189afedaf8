// Traceability: content/coverage/<list>.yaml holds one public checklist (OWASP ASVS, Supabase's
// production checklist, Stripe's go-live checklist...) item by item, each either asked about by
// area questions or options (`asks`), applicable but not asked (`gap`, with why), or out of scope
// for a small web MVP (`outOfScope`, with why). Its own loader, like reference/: a zod schema per
// file and item, then checks against the loaded question bank (checks.ts calls checkCoverage).
//
// Coverage of a list = items asked / items that apply (asked + gap). Only questions and options
// count: a task's text alone never does (founders see questions, not task descriptions).

import { z } from "zod";

import { INTAKE_AREA } from "../intake-ids";
import type { PathSegment, ProblemList } from "./problems";
import type { CoverageItem, CoverageList, SourceFile } from "./types";

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_OR_UNKNOWN = /^(\d{4}(-\d{2}(-\d{2})?)?|unknown)$/;
/** `auth.password-reset` or `auth.password-reset:no-way` */
const ASK = /^[a-z0-9]+(?:-[a-z0-9]+)*\.[a-z0-9]+(?:-[a-z0-9]+)*(?::[a-z0-9]+(?:-[a-z0-9]+)*)?$/;

export const COVERAGE_FILE = /^coverage\/([^/]+)\.yaml$/;

const text = z.string().trim().min(1, "must not be empty");

const CoverageSourceSchema = z
  .object({
    id: z.string().regex(KEBAB, "must be kebab-case (a-z, 0-9 and single dashes)"),
    publisher: text,
    title: text,
    url: z.string().url("must be a full URL (https://…)"),
    /** the list's own version, when it has one ("5.0.0") */
    version: text.optional(),
    date: z
      .string()
      .regex(DATE_OR_UNKNOWN, 'must be "YYYY", "YYYY-MM" or "YYYY-MM-DD" (quote it), or "unknown"'),
    retrieved: z.string().regex(DATE, 'must be a date written "YYYY-MM-DD" (quote it)'),
    notes: text.optional(),
  })
  .strict();

const CoverageListSchema = z
  .object({
    id: z.string().regex(KEBAB, "must be kebab-case (a-z, 0-9 and single dashes)"),
    title: text,
    /** what "applies to a small B2C/B2B web MVP" means for this list */
    scope: text,
    sources: z.array(CoverageSourceSchema).min(1, "cite at least 1 source"),
  })
  .strict();

const CoverageItemSchema = z
  .object({
    /** the list's own reference ("V6.2.4", "security-3"): unique within the file */
    ref: text,
    /** what the item says, in short */
    text,
    /** the source it comes from, when the list header cites several */
    source: z.string().regex(KEBAB, "must be a source id").optional(),
    asks: z.array(z.string().regex(ASK, 'must be "<question-id>" or "<question-id>:<option-id>"')).optional(),
    gap: text.optional(),
    outOfScope: text.optional(),
  })
  .strict();

const CoverageFileSchema = z
  .object({ list: z.unknown(), items: z.array(z.unknown()).min(1, "a coverage list needs at least 1 item") })
  .strict();

type CoverageListInput = z.infer<typeof CoverageListSchema>;
type CoverageItemInput = z.infer<typeof CoverageItemSchema>;

export interface LoadedCoverage {
  file: string;
  stem: string;
  meta?: CoverageListInput;
  items: Array<{ value: CoverageItemInput; path: PathSegment[] }>;
}

interface CoverageStats {
  id: string;
  title: string;
  items: number;
  asked: number;
  gap: number;
  outOfScope: number;
  /** asked / (asked + gap), 0..1; 1 when nothing applies */
  coverage: number;
}

/**
 * Reads one coverage file: its shape, its header and each item on its own, so one broken item does
 * not hide the problems of the others. Unusable files come back undefined (already reported).
 */
export function loadCoverageFile(
  file: SourceFile,
  stem: string,
  data: unknown,
  problems: ProblemList,
): LoadedCoverage | undefined {
  const shape = CoverageFileSchema.safeParse(data);
  if (!shape.success) {
    problems.addZod(file.path, [], shape.error);
    return undefined;
  }
  const meta = CoverageListSchema.safeParse(shape.data.list);
  if (!meta.success) problems.addZod(file.path, ["list"], meta.error);
  const items: LoadedCoverage["items"] = [];
  shape.data.items.forEach((raw, i) => {
    const path: PathSegment[] = ["items", i];
    const item = CoverageItemSchema.safeParse(raw);
    if (!item.success) return problems.addZod(file.path, path, item.error);
    items.push({ value: item.data, path });
  });
  return { file: file.path, stem, meta: meta.success ? meta.data : undefined, items };
}

/** What coverage checks need from the question bank: area questions and their option ids. */
interface CoverageBank {
  /** question id -> "intake" or area id, and its option ids */
  questions: Map<string, { area: string; options: string[] }>;
  /** an area or the intake could not be read: references into it are not checked */
  unreadable: (questionId: string) => boolean;
}

export function checkCoverage(
  lists: readonly LoadedCoverage[],
  bank: CoverageBank,
  problems: ProblemList,
): void {
  const ids = new Map<string, string>();
  for (const list of lists) {
    const meta = list.meta;
    if (meta) {
      if (meta.id !== list.stem)
        problems.add(
          list.file,
          ["list", "id"],
          `list id "${meta.id}" does not match the file name (expected "${list.stem}")`,
        );
      const other = ids.get(meta.id);
      if (other) problems.add(list.file, ["list", "id"], `duplicate list id "${meta.id}" (also in ${other})`);
      else ids.set(meta.id, list.file);
      const sourceIds = new Set<string>();
      meta.sources.forEach((s, i) => {
        if (sourceIds.has(s.id))
          problems.add(list.file, ["list", "sources", i, "id"], `duplicate source id "${s.id}"`);
        sourceIds.add(s.id);
      });
    }
    checkItems(list, bank, problems);
  }
}

function checkItems(list: LoadedCoverage, bank: CoverageBank, problems: ProblemList): void {
  const refs = new Map<string, number>();
  const sourceIds = new Set(list.meta?.sources.map((s) => s.id) ?? []);
  for (const { value: item, path } of list.items) {
    const add = (at: PathSegment[], reason: string) => problems.add(list.file, [...path, ...at], reason);
    const first = refs.get(item.ref);
    if (first !== undefined) add(["ref"], `duplicate ref "${item.ref}" (first at items[${first}])`);
    else refs.set(item.ref, Number(path[1]));
    if (item.source !== undefined && list.meta && !sourceIds.has(item.source))
      add(["source"], `unknown source "${item.source}" (sources: ${[...sourceIds].join(", ")})`);
    if (item.source === undefined && (list.meta?.sources.length ?? 0) > 1)
      add(["source"], "required: this list cites several sources, say which one the item comes from");
    const explained = [item.asks && item.asks.length > 0, item.gap, item.outOfScope].filter(Boolean).length;
    if (explained === 0) {
      add(
        [],
        "neither mapped nor explained: list the questions or options that ask about it (asks: [question-id, question-id:option-id]), or say why not (gap: it applies but no question asks it; outOfScope: it does not apply to a small web MVP)",
      );
    } else if (explained > 1) {
      add([], "choose one of asks, gap and outOfScope: an item is either asked about, a gap or out of scope");
    }
    item.asks?.forEach((ask, j) => {
      const problem = askProblem(ask, bank);
      if (problem) add(["asks", j], problem);
    });
  }
}

function askProblem(ask: string, bank: CoverageBank): string | undefined {
  const [questionId = "", optionId] = ask.split(":");
  const q = bank.questions.get(questionId);
  if (!q) return bank.unreadable(questionId) ? undefined : `unknown question "${questionId}"`;
  if (q.area === INTAKE_AREA)
    return `"${questionId}" is an intake question: coverage counts questions that assess readiness (area questions)`;
  if (optionId !== undefined && !q.options.includes(optionId))
    return `unknown option "${optionId}" of "${questionId}" (options: ${q.options.join(", ") || "none"})`;
  return undefined;
}

export function resolveCoverage(list: LoadedCoverage): CoverageList {
  if (!list.meta) throw new Error(`resolveCoverage called on content with problems (${list.file})`);
  return {
    id: list.meta.id,
    title: list.meta.title,
    scope: list.meta.scope,
    sources: list.meta.sources,
    items: list.items.map(({ value: i }) => ({
      ref: i.ref,
      text: i.text,
      ...(i.source !== undefined ? { source: i.source } : {}),
      status: i.asks && i.asks.length > 0 ? "asked" : i.gap ? "gap" : "out-of-scope",
      asks: i.asks ?? [],
      ...((i.gap ?? i.outOfScope) ? { reason: i.gap ?? i.outOfScope } : {}),
    })),
  };
}

export function coverageStats(list: CoverageList): CoverageStats {
  const count = (s: CoverageItem["status"]) => list.items.filter((i) => i.status === s).length;
  const asked = count("asked");
  const gap = count("gap");
  return {
    id: list.id,
    title: list.title,
    items: list.items.length,
    asked,
    gap,
    outOfScope: count("out-of-scope"),
    coverage: asked + gap === 0 ? 1 : asked / (asked + gap),
  };
}
