import { z } from "zod";

import { isCurrencyCode } from "~/engine/money";
import { EngagementTextSchema } from "~/utils/engagement-schema";
import { decimal } from "~/utils/forms.server";

// Server-only, apart from the route: built at module load from `decimal` (forms.server), it would
// run in the browser too if it sat in the route module, where `.server` imports are empty.
export const SettingsSchema = EngagementTextSchema.extend({
  currency: z
    .string({ required_error: "Choose a currency." })
    .trim()
    .toUpperCase()
    .refine(isCurrencyCode, "Use a three-letter ISO 4217 currency code, like USD or EUR."),
  // Plain decimals: "1e-300", "0x10" or "Infinity" are not rates (app/utils/forms.server.ts).
  hourlyRate: decimal({
    message: "Enter the hourly rate as a number.",
    min: [1, "The hourly rate must be at least 1."],
    max: [10_000, "That hourly rate looks too high (at most 10,000)."],
    places: 2,
  }),
  teamSize: decimal({
    message: "Enter a whole number of engineers.",
    min: [1, "At least one engineer."],
    max: [50, "At most 50 engineers."],
    places: 0,
  }),
  weeklyCapacity: decimal({
    message: "Enter hours per week as a number.",
    min: [1, "At least 1 hour per week."],
    max: [80, "At most 80 hours per person per week."],
    places: 1,
  }),
  version: z.number().int().min(0),
});
