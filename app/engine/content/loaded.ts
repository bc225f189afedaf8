// What the loader (parse.ts) hands to the cross-file checks (checks.ts) and the resolver
// (resolve.ts): each element that passed its own schema, with where it came from. Types only, in
// their own module so the three stages import them without importing each other.

import type { LoadedCoverage } from "./coverage";
import type { PathSegment } from "./problems";
import type {
  AreaMetaInput,
  ConflictInput,
  PackageInput,
  QuestionInput,
  ReferenceClassInput,
  ReferenceSourceInput,
  SizeDriverInput,
  TaskInput,
} from "./schema";

/** A question or task that passed its own schema, with where it came from. */
export interface Located<T> {
  value: T;
  file: string;
  path: PathSegment[];
}

export interface LoadedArea {
  file: string;
  /** file name without extension: the id the area must have */
  stem: string;
  /** undefined when the header itself is invalid */
  meta?: AreaMetaInput;
  questions: Array<Located<QuestionInput>>;
  packages: Array<Located<PackageInput>>;
  tasks: Array<Located<TaskInput>>;
}

interface LoadedIntake {
  file: string;
  meta?: { title: string; summary: string };
  questions: Array<Located<QuestionInput>>;
}

/** An id seen in the raw data, valid element or not (for duplicate and reference checks). */
export interface RawId {
  id: string;
  file: string;
  path: PathSegment[];
}

export interface Loaded {
  intake?: LoadedIntake;
  areas: LoadedArea[];
  /** sizing.yaml (optional file: without it no task may declare `size`) */
  sizing: { file: string; drivers: Array<Located<SizeDriverInput>>; unreadable: boolean };
  reference: {
    sources: Array<Located<ReferenceSourceInput>>;
    classes: Array<Located<ReferenceClassInput>>;
    /** every source id written, valid entry or not (an invalid source is reported once, not again where it is named) */
    rawSourceIds: RawId[];
    /** a reference file could not be read: references into it are not checked */
    unreadable: boolean;
  };
  /** coverage/<list>.yaml: public checklists traced to questions */
  coverage: LoadedCoverage[];
  /** conflicts.yaml (optional file): answers that contradict each other */
  conflicts: { file: string; items: Array<Located<ConflictInput>>; rawIds: RawId[] };
  rawQuestionIds: RawId[];
  rawTaskIds: RawId[];
  /** area stems whose file could not be read at all: references into them are not checked */
  unreadableAreas: Set<string>;
  intakeUnreadable: boolean;
}
