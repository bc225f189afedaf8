// Money for display. Intl.NumberFormat knows each currency's symbol and placement for the reader's
// locale; estimates are ranges of whole hours, so cents would be false precision.

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(currency: string, locale: string): Intl.NumberFormat {
  const key = `${locale}\u0000${currency}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, {
      style: "currency",
      currency,
      minimumFractionDigits: 0,
      maximumFractionDigits: 0,
    });
    formatters.set(key, f);
  }
  return f;
}

/** e.g. formatMoney(12345.6, "EUR", "de-DE") -> "12.346 €"; whole units. Throws RangeError for an unknown currency code. */
export function formatMoney(amount: number, currency: string, locale = "en-US"): string {
  return formatter(currency.toUpperCase(), locale).format(Math.round(amount));
}

/**
 * An amount billed for time logged, to the cent (in the currency's own minor units): quarter hours at
 * the rate come to cents, and a month's total must equal the sum of its rows as an invoice's does.
 * "€308.75", "¥1,235".
 */
export function formatBilled(amount: number, currency: string, locale = "en-US"): string {
  return new Intl.NumberFormat(locale, { style: "currency", currency: currency.toUpperCase() }).format(
    amount,
  );
}

/**
 * An estimated amount as the pages and PDFs state it: to three significant figures, and never finer
 * than 10 under 1,000 or 100 from there (decision 031). An estimate is a percentile of simulated
 * hours × the rate; "€7,647" claims a precision it does not have, and a founder checking "80 h × €95"
 * against it finds €7,600 off by €47. Up to 1,000,000 this is the rule decision 031 gave (10 under
 * 1,000, 100 under 100,000, 1,000 above); past it, a step of 1,000 gave yen amounts five or more
 * significant figures ("¥11,061,000" beside "€105,000", QA 7, finding 12), so the step grows with
 * the amount: ¥11,100,000. Rates and anything entered stay exact (formatMoney).
 */
export function roundEstimate(amount: number): number {
  const digits = Math.max(1, String(Math.floor(Math.abs(amount))).length);
  const step = Math.max(amount < 1_000 ? 10 : 100, 10 ** Math.max(0, digits - 3));
  return Math.round(amount / step) * step;
}

/** e.g. formatEstimate(7647, "EUR") -> "€7,600" */
export function formatEstimate(amount: number, currency: string, locale = "en-US"): string {
  return formatMoney(roundEstimate(amount), currency, locale);
}

let knownCurrencies: Set<string> | null | undefined;

/** Whether `code` is a currency code Intl knows (for validating settings; Intl formats any 3 letters). */
export function isCurrencyCode(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  if (knownCurrencies === undefined) {
    knownCurrencies =
      typeof Intl.supportedValuesOf === "function" ? new Set(Intl.supportedValuesOf("currency")) : null;
  }
  return knownCurrencies ? knownCurrencies.has(code) : true;
}
