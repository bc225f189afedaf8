// Currency suggestions for the settings form (validation is isCurrencyCode in app/engine/money.ts).
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
