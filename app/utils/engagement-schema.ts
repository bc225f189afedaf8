import { z } from "zod";

import { FORMAT_CONTROL_MESSAGE, hasFormatControl } from "./format-controls";

// An engagement's name and description: one rule for every way they come in (the new-engagement
// form, the settings form, an imported file), so a file cannot bring in a name the forms would
// refuse. The messages are the founder's; an import shows them after the field's path.

export const EngagementNameSchema = z
  .string({ required_error: "Give your product a name." })
  .trim()
  .min(1, "Give your product a name.")
  .max(80, "Use at most 80 characters.")
  // It heads pages, PDFs and emails: a line break in it could pass for the app's own words.
  .refine((name) => !/[\p{Cc}\p{Zl}\p{Zp}]/u.test(name), "Keep the name on one line.")
  // Nor may an invisible character make it read as something else (a right-to-left override).
  .refine((name) => !hasFormatControl(name), FORMAT_CONTROL_MESSAGE);

export const EngagementDescriptionSchema = z.string().trim().max(1000, "Use at most 1,000 characters.");

/**
 * The limits of an engagement's settings, for the settings form and an imported file alike: a file
 * cannot bring in a value the form would then refuse to save.
 */
export const SETTING_LIMITS = {
  hourlyRate: { min: 1, max: 10_000, places: 2 },
  teamSize: { min: 1, max: 50, places: 0 },
  weeklyCapacity: { min: 1, max: 80, places: 1 },
} as const;

/** Name and description as the forms take them (an empty description may be left out). */
export const EngagementTextSchema = z.object({
  name: EngagementNameSchema,
  description: EngagementDescriptionSchema.default(""),
});
