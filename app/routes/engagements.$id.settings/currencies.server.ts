// Currency suggestions for the settings form (validation is isCurrencyCode in app/engine/money.ts).
// Server-side and sent as loader data: the list comes from the runtime's ICU, and Node's and a
// browser's differ, so a list the browser computed itself would not match the server's HTML.
const COMMON = [
  "USD",
  "EUR",
  "GBP",
  "CAD",
  "AUD",
  "CHF",
  "SEK",
  "NOK",
  "DKK",
  "PLN",
  "INR",
  "JPY",
  "SGD",
  "NZD",
  "BRL",
  "ZAR",
];

const ALL: readonly string[] =
  typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("currency") : COMMON;

/** The common currencies first, then every other one the server accepts. */
export const CURRENCY_SUGGESTIONS: readonly string[] = [...COMMON, ...ALL.filter((c) => !COMMON.includes(c))];
