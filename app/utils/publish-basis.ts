// What the publish form showed (QA 6, finding 2; decision 053), posted back with it: the action
// refuses a publish when the plan or its pricing moved since, and says what moved. Shared with the
// route's schema, which the browser bundle loads too (a .server module is empty there).
import { z } from "zod";

import { moneyRange, plural } from "~/utils/format";
import { settingChanges, type PricingSettings } from "~/utils/settings-words";

/**
 * What the publish form showed, carried by the form and checked again when it is posted (QA 6,
 * finding 2; decision 053): a hash of what a version freezes of the plan, the headline figures it
 * showed (for saying what moved) and the pricing settings. Not the items' version counters: a
 * status change or logged time bumps those without touching what a version freezes, and would
 * refuse a publish for nothing.
 */
export type PublishBasis = {
  /** hash of the in-scope items (order, title, phase, owner, estimates, description, what each waits for) and of which items are left out */
  plan: string;
  /** in-scope items, and the whole likely–cautious cost in whole units, as the form said them */
  items: number;
  likely: number;
  cautious: number;
} & PricingSettings;

const BasisShape = z
  .object({
    plan: z.string().regex(/^[0-9a-f]{16}$/),
    items: z.number().int().min(0),
    likely: z.number().finite(),
    cautious: z.number().finite(),
    currency: z.string().max(10),
    hourlyRate: z.number().finite(),
    teamSize: z.number().int(),
    weeklyCapacity: z.number().finite(),
  })
  .strict();

/** The form's hidden "basis" field: JSON as publishBasis made it; anything else is a form we did not send. */
export const PublishBasisField = z
  .string()
  .max(1000)
  .transform((raw, ctx) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      parsed = undefined;
    }
    const basis = BasisShape.safeParse(parsed);
    if (basis.success) return basis.data;
    // zod's own wording for a wrong type: parseForm says "This form could not be read" for it.
    ctx.addIssue({ code: z.ZodIssueCode.invalid_type, expected: "object", received: "string" });
    return z.NEVER;
  });

/**
 * What moved between the form as shown and the plan and settings now, in plain words, or null when
 * nothing did: "The plan changed since you opened this form (now 29 items, €9,500–€21,500, was 68
 * items, €21,400–€48,400)." and one sentence per pricing setting.
 */
const pricing = (b: PricingSettings): PricingSettings => ({
  currency: b.currency,
  hourlyRate: b.hourlyRate,
  teamSize: b.teamSize,
  weeklyCapacity: b.weeklyCapacity,
});

export function basisChanges(shown: PublishBasis, now: PublishBasis): string[] | null {
  const settings = settingChanges(pricing(shown), pricing(now));
  const planMoved = shown.plan !== now.plan || shown.items !== now.items;
  const rangeMoved = shown.likely !== now.likely || shown.cautious !== now.cautious;
  if (!planMoved && !rangeMoved && settings.length === 0) return null;
  const range = (b: PublishBasis) => moneyRange(b.likely, b.cautious, b.currency);
  const lines: string[] = [];
  if (planMoved) {
    lines.push(
      `The plan changed since you opened this form (now ${plural(now.items, "item")}, ${range(now)}, was ${plural(shown.items, "item")}, ${range(shown)}).`,
    );
  }
  for (const c of settings)
    lines.push(`The ${c.label} changed from ${c.from} to ${c.to} since you opened this form.`);
  if (!planMoved && rangeMoved) {
    lines.push(
      settings.length > 0
        ? `The estimate is now ${range(now)} (it was ${range(shown)}).`
        : // Items and settings alike: answers given since moved how sure the estimate can be.
          `The estimate changed since you opened this form (now ${range(now)}, was ${range(shown)}): answers given since changed how sure it can be.`,
    );
  }
  return lines;
}
