import { z } from "zod";

// The documented engagement export (docs/export-format.md). Import validates every field: a file is
// user input like any other.
const Value = z.union([z.string().max(4000), z.number().finite(), z.array(z.string().max(200)).max(100)]);
const Phase = z.enum(["launch-blocker", "hardening", "scale"]);
const Text = (max: number) => z.string().max(max);

export const EXPORT_FORMAT = "finishline.engagement";
export const EXPORT_VERSION = 1;

export const EngagementExportSchema = z
  .object({
    format: z.literal(EXPORT_FORMAT),
    version: z.literal(EXPORT_VERSION),
    exportedAt: z.string().max(40),
    contentVersion: Text(40),
    engagement: z
      .object({
        name: z.string().trim().min(1).max(80),
        description: Text(1000),
        // Written by exports before builder and stage moved to the intake; they become intake
        // answers on import when the file has none (as the 0002 migration did for stored engagements).
        builtWith: z
          .enum(["lovable", "bolt", "cursor", "v0", "replit", "framer", "hand-written", "other"])
          .optional(),
        stage: z.enum(["idea", "prototype", "beta", "live"]).optional(),
        currency: z.string().regex(/^[A-Z]{3}$/),
        hourlyRate: z.number().positive().max(10_000),
        teamSize: z.number().int().min(1).max(50),
        weeklyCapacity: z.number().positive().max(80),
        assumptions: Text(5000),
        exclusions: Text(5000),
      })
      .strict(),
    members: z
      .array(
        z
          .object({ name: Text(200), email: Text(254), role: z.enum(["founder", "partner", "viewer"]) })
          .strict(),
      )
      .max(200),
    answers: z
      .array(
        z
          .object({
            questionId: Text(120),
            value: Value,
            note: Text(2000),
            notApplicableReason: Text(500).nullable(),
            contentVersion: Text(40),
            answeredAt: z.number().int().nonnegative(),
            review: z.enum(["verified", "corrected"]).nullable(),
            correctedValue: Value.nullable(),
            reviewNote: Text(1000).nullable(),
          })
          .strict(),
      )
      .max(2000),
    plan: z
      .array(
        z
          .object({
            ref: Text(40),
            taskId: Text(120).nullable(),
            title: z.string().min(1).max(300),
            description: Text(4000),
            area: Text(40),
            phase: Phase,
            estimate: z
              .object({
                optimistic: z.number().min(0).max(10_000),
                likely: z.number().min(0).max(10_000),
                pessimistic: z.number().min(0).max(10_000),
              })
              .strict()
              .refine((e) => e.optimistic <= e.likely && e.likely <= e.pessimistic, "estimate out of order"),
            estimateReason: Text(500).nullable(),
            estimateEdited: z.boolean(),
            phaseEdited: z.boolean(),
            scope: z.enum(["proposed", "included", "excluded", "deferred"]),
            stale: z.boolean(),
            owner: z.enum(["partner", "founder"]),
            status: z.enum(["todo", "in-progress", "done"]),
            actualHours: z.number().min(0).max(100_000).nullable(),
            position: z.number().int(),
            dependsOn: z.array(Text(40)).max(500),
          })
          .strict(),
      )
      .max(2000),
    comments: z
      .array(
        z
          .object({
            targetType: z.enum(["plan-item", "question"]),
            target: Text(120),
            author: Text(254),
            body: z.string().min(1).max(4000),
            createdAt: z.number().int().nonnegative(),
          })
          .strict(),
      )
      .max(10_000),
    proposals: z
      .array(
        z
          .object({
            number: z.number().int().min(1),
            snapshot: z.record(z.unknown()),
            publishedAt: z.number().int().nonnegative(),
            publishedBy: Text(254),
            acceptedAt: z.number().int().nonnegative().nullable(),
            acceptedBy: Text(254).nullable(),
          })
          .strict(),
      )
      .max(1000),
  })
  .strict();

export type EngagementExport = z.infer<typeof EngagementExportSchema>;
