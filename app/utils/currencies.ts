// ISO 4217 codes the runtime can format. Intl knows the full list; fall back to the common ones.
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

export const CURRENCIES: readonly string[] =
  typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("currency") : COMMON;

export const POPULAR_CURRENCIES = COMMON;

export function isCurrency(code: string): boolean {
  return CURRENCIES.includes(code);
}
