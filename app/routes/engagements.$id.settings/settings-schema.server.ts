import { z } from "zod";

import { isCurrencyCode } from "~/engine/money";
import { EngagementTextSchema, SETTING_LIMITS } from "~/utils/engagement-schema";
import { decimal } from "~/utils/forms.server";

// Server-only, apart from the route: built at module load from `decimal` (forms.server), it would
// run in the browser too if it sat in the route module, where `.server` imports are empty.
const { hourlyRate: rate, teamSize: team, weeklyCapacity: week } = SETTING_LIMITS;
const n = (x: number) => x.toLocaleString("en-US");

export const SettingsSchema = EngagementTextSchema.extend({
  currency: z
    .string({ required_error: "Choose a currency." })
    .trim()
    .toUpperCase()
    .refine(isCurrencyCode, "Use a three-letter currency code, like USD, EUR or GBP."),
  // Plain decimals: "1e-300", "0x10" or "Infinity" are not rates (app/utils/forms.server.ts).
  hourlyRate: decimal({
    message: "Enter the hourly rate as a number.",
    min: [rate.min, `The hourly rate must be at least ${n(rate.min)}.`],
    max: [rate.max, `That hourly rate looks too high (at most ${n(rate.max)}).`],
    places: rate.places,
  }),
  teamSize: decimal({
    message: "Enter a whole number of engineers.",
    min: [team.min, team.min === 1 ? "At least one engineer." : `At least ${n(team.min)} engineers.`],
    max: [team.max, `At most ${n(team.max)} engineers.`],
    places: team.places,
  }),
  weeklyCapacity: decimal({
    message: "Enter hours per week as a number.",
    min: [week.min, `At least ${n(week.min)} ${week.min === 1 ? "hour" : "hours"} per week.`],
    max: [week.max, `At most ${n(week.max)} hours per person per week.`],
    places: week.places,
  }),
  version: z.number().int().min(0),
});
