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

/** e.g. "$12,000 – $18,500" (en dash, as ranges are set). */
export function formatMoneyRange(low: number, high: number, currency: string, locale = "en-US"): string {
  return `${formatMoney(low, currency, locale)} – ${formatMoney(high, currency, locale)}`;
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
