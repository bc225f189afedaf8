/**
 * Large, display-only loader data sent as one JSON string instead of as objects.
 *
 * Remix serializes loader data value by value (turbo-stream: a lookup and a plugin check per value),
 * about 0.7 µs each; a questionnaire section or a 60-row plan is 500+ values, the largest data cost
 * of those pages. As a single string it is one value, and `JSON.stringify`/`JSON.parse` are native.
 * Only for plain JSON data (no Dates, no undefined that matters); see decision 006.
 */
export type Packed<T> = string & { readonly __packed?: T };

export function pack<T>(value: T): Packed<T> {
  return JSON.stringify(value) as Packed<T>;
}

// Each render parses its data once per distinct text; the server renders the same text (same
// content version, same plan state) many times, and the browser re-renders on every change.
const LIMIT = 256;
const parsed = new Map<string, unknown>();

export function unpack<T>(packed: Packed<T>): T {
  let value = parsed.get(packed);
  if (value === undefined) {
    value = JSON.parse(packed) as unknown;
    if (parsed.size >= LIMIT) parsed.delete(parsed.keys().next().value as string);
    parsed.set(packed, value);
  }
  return value as T;
}
