// Redaction of secrets in excerpts. It runs on every excerpt the scanner makes, whatever rule
// produced it, so a finding about an unsized image on a line that also holds an API key still
// never shows the key. Known formats keep their recognisable prefix ("sk_live_…") so a founder
// knows which key to rotate; the rest of the value is replaced.

export const REDACTED = "[REDACTED]";

interface SecretFormat {
  name: string;
  /** global regex; group 1, when present, is the part kept in front of the mask */
  pattern: RegExp;
}

// Well-known secret formats. Deliberately broad: redacting a harmless string costs nothing,
// showing a live key in a PDF does.
const SECRET_FORMATS: readonly SecretFormat[] = [
  {
    name: "private key",
    pattern: /(-----BEGIN [A-Z ]*PRIVATE KEY-----)[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  },
  { name: "Stripe key", pattern: /\b((?:sk|rk)_(?:live|test)_)[A-Za-z0-9]{8,}/g },
  { name: "Stripe webhook secret", pattern: /\b(whsec_)[A-Za-z0-9+/=]{8,}/g },
  { name: "Anthropic key", pattern: /\b(sk-ant-)[A-Za-z0-9_-]{8,}/g },
  { name: "OpenAI key", pattern: /\b(sk-(?:proj-|svcacct-|admin-)?)[A-Za-z0-9_-]{20,}/g },
  { name: "AWS access key", pattern: /\b((?:AKIA|ASIA))[0-9A-Z]{16}\b/g },
  { name: "GitHub token", pattern: /\b(gh[pousr]_)[A-Za-z0-9]{20,}/g },
  { name: "GitHub token", pattern: /\b(github_pat_)[A-Za-z0-9_]{20,}/g },
  { name: "Slack token", pattern: /\b(xox[abposr]-)[A-Za-z0-9-]{8,}/g },
  { name: "Google API key", pattern: /\b(AIza)[0-9A-Za-z_-]{30,}/g },
  { name: "SendGrid key", pattern: /\b(SG\.)[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/g },
  { name: "Resend key", pattern: /\b(re_)[A-Za-z0-9]{8,}_[A-Za-z0-9_]{8,}/g },
  { name: "Twilio key", pattern: /\b(SK)[0-9a-f]{32}\b/g },
  { name: "JSON Web Token", pattern: /\b(eyJ)[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g },
  // Passwords inside connection strings: postgres://user:PASSWORD@host
  {
    name: "database password",
    pattern:
      /\b((?:postgres(?:ql)?|mysql|mongodb(?:\+srv)?|redis|rediss|amqps?):\/\/[^:\s/@]+:)[^@\s'"`]+(?=@)/g,
  },
];

// NAME=value lines (.env files, shell) and "name": "value" / name = 'value' in code, where the name
// says secret. Only literal values are masked: `apiKey: process.env.X` stays readable evidence.
const SECRET_NAME =
  "(?:SECRET|PASSWORD|PASSWD|PWD|TOKEN|PRIVATE|SERVICE_ROLE|API_?KEY|ACCESS_KEY|AUTH_KEY|CREDENTIALS?)";
const ENV_ASSIGNMENT = new RegExp(
  `^(\\s*(?:export\\s+)?[A-Za-z0-9_]*${SECRET_NAME}[A-Za-z0-9_]*\\s*=\\s*)(["']?)([^\\s"'#]{4,})`,
  "gim",
);
const CODE_LITERAL = new RegExp(
  `(\\b[A-Za-z0-9_]*${SECRET_NAME}[A-Za-z0-9_]*["']?\\s*[:=]\\s*)(["'\`])([^"'\`\\s]{8,})\\2`,
  "gi",
);
// Anything else that looks like a key: 32+ characters mixing upper case, lower case and digits.
const LONG_TOKEN = /[A-Za-z0-9_\-+/]{32,}={0,2}/g;

function looksRandom(token: string): boolean {
  return /[a-z]/.test(token) && /[A-Z]/.test(token) && /[0-9]/.test(token);
}

export function redact(text: string): string {
  let out = text;
  for (const { pattern } of SECRET_FORMATS) {
    out = out.replace(pattern, (_match, prefix: string | undefined) => `${prefix ?? ""}${REDACTED}`);
  }
  out = out.replace(ENV_ASSIGNMENT, (match, head: string, quote: string, value: string) =>
    value.includes(REDACTED) || /^(?:process|import|\$\{)/.test(value) ? match : `${head}${quote}${REDACTED}`,
  );
  out = out.replace(CODE_LITERAL, (match, head: string, quote: string, value: string) =>
    value.includes(REDACTED) ? match : `${head}${quote}${REDACTED}${quote}`,
  );
  out = out.replace(LONG_TOKEN, (token) => (looksRandom(token) ? REDACTED : token));
  return out;
}
