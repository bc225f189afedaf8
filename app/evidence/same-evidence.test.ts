import { describe, expect, it } from "vitest";

import type { Finding } from "~/engine/evidence/types";

import {
  answerKey,
  latestDecisions,
  notFoundByLatest,
  proofChanges,
  sameProofs,
  supportedAnswers,
} from "./same-evidence";

const finding = (over: Partial<Finding>): Finding => ({
  ruleId: "provider-secret-in-client",
  title: "A secret key in browser code",
  file: "src/lib/ai.ts",
  line: 4,
  excerpt: 'apiKey: "sk-proj-[REDACTED]",',
  question: "auth.secrets-in-browser",
  option: "found",
  confidence: "high",
  explanation: "x",
  ...over,
});
const proofs = (...evidence: Finding[]) => ({ evidence, evidenceCount: evidence.length });

describe("sameProofs", () => {
  const openai = finding({});
  const admin = finding({
    ruleId: "service-role-in-client",
    file: "src/lib/admin.ts",
    line: 6,
    excerpt: "x",
  });
  const noTests = finding({ ruleId: "tests-absent", file: null, line: null, excerpt: null });

  it("holds for the same places in any order, moved lines, other spacing and other texts", () => {
    expect(sameProofs(proofs(openai, noTests), proofs(noTests, openai))).toBe(true);
    const moved = finding({ line: 9, excerpt: '  apiKey:  "sk-proj-[REDACTED]",', title: "Renamed rule" });
    expect(sameProofs(proofs(openai), proofs(moved))).toBe(true);
  });

  it("fails for a new place, a place gone, another line's text, or another total", () => {
    expect(sameProofs(proofs(openai), proofs(openai, admin))).toBe(false);
    expect(sameProofs(proofs(openai, admin), proofs(openai))).toBe(false);
    expect(sameProofs(proofs(openai), proofs(finding({ excerpt: 'apiKey: "sk-ant-[REDACTED]",' })))).toBe(
      false,
    );
    expect(sameProofs(proofs(openai), { evidence: [openai], evidenceCount: 12 })).toBe(false);
    // The same text twice in one file is two places, not one.
    expect(sameProofs(proofs(openai), proofs(openai, finding({ line: 20 })))).toBe(false);
  });

  it("proofChanges marks what is new and counts what is gone", () => {
    expect(proofChanges(proofs(openai, noTests), proofs(admin, openai))).toEqual({
      added: [true, false],
      gone: 1,
    });
  });
});

describe("latestDecisions", () => {
  it("keeps the newest decision per question and option; undecided ones are not decisions", () => {
    const row = (id: string, optionId: string, status: string, decidedAt: number | null) => ({
      id,
      questionId: "q",
      optionId,
      status,
      decidedAt,
    });
    const latest = latestDecisions([
      row("a", "found", "accepted", 1),
      row("b", "found", "rejected", 5),
      row("c", "found", "pending", null),
      row("d", "in-repo", "accepted", 3),
    ]);
    expect([...latest.values()].map((r) => r.id)).toEqual(["b", "d"]);
  });
});

describe("notFoundByLatest", () => {
  const latest = {
    id: "scan-2",
    label: "app-fixed.zip",
    supports: supportedAnswers([
      finding({ option: "in-repo" }),
      // A note suggests no answer, and supports none.
      finding({ question: "ops.automated-tests", option: null }),
    ]),
  };
  const accepted = (over: Partial<{ scanId: string; questionId: string; optionId: string }>) => ({
    scanId: "scan-1",
    questionId: "auth.secrets-in-browser",
    optionId: "found",
    ...over,
  });

  it("reads the answers a scan's findings support, notes left out", () => {
    expect([...latest.supports]).toEqual([answerKey("auth.secrets-in-browser", "in-repo")]);
  });

  it("holds for an earlier scan's answer the latest scan finds nothing for", () => {
    expect(notFoundByLatest(accepted({}), latest)).toBe(true);
    expect(notFoundByLatest(accepted({ questionId: "ops.automated-tests", optionId: "none" }), latest)).toBe(
      true,
    );
  });

  it("fails when the latest scan supports the answer on any proof, when it is the latest scan's, or before any scan", () => {
    expect(notFoundByLatest(accepted({ optionId: "in-repo" }), latest)).toBe(false);
    expect(notFoundByLatest(accepted({ scanId: "scan-2" }), latest)).toBe(false);
    expect(notFoundByLatest(accepted({}), undefined)).toBe(false);
  });
});
