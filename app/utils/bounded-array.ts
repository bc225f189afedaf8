import { z } from "zod";

/**
 * `z.array(element).max(max)` for untrusted input, with the length checked before any element is
 * parsed (docs/decisions/032-bounded-form-parsing.md). zod 3's ZodArray records a failed `.max()`
 * and then parses every element anyway, collecting an issue for each: a million-element array in a
 * scan file held the event loop for 7 s, and 2.5M in an import file ran the worker out of memory.
 * Here a longer array is refused at once (a fatal issue: zod then never looks inside), with zod's
 * own `too_big` issue, so messages read as before. Anything else, a single form value Conform turns
 * into an array included, goes on to the array schema as it is.
 */
export function boundedArray<Element extends z.ZodTypeAny>(element: Element, max: number, message?: string) {
  return z.preprocess(
    (value, ctx) => {
      if (Array.isArray(value) && value.length > max) {
        ctx.addIssue({
          code: z.ZodIssueCode.too_big,
          type: "array",
          maximum: max,
          inclusive: true,
          exact: false,
          fatal: true,
          ...(message === undefined ? {} : { message }),
        });
      }
      return value;
    },
    z.array(element).max(max, message),
  );
}
