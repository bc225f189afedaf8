// Invisible format characters (Unicode category Cf): right-to-left overrides (U+202E), isolates
// (U+2066–2069), direction marks, soft hyphens, zero-width spaces. In a name they can make text read
// differently from what it is ("Alice\u202Efdp.exe" shows as "Alice exe.pdf"), on pages and in the
// emails sent to any address a founder types. The zero-width joiner and non-joiner (U+200D,
// U+200C) stay allowed: emoji sequences and several scripts need them; so do the tag characters
// (U+E0020–E007F), which exist only inside the flag emoji of England, Scotland and Wales.
const FORMAT_CONTROL = /(?!\u200C|\u200D|[\u{E0020}-\u{E007F}])\p{Cf}/u;
const FORMAT_CONTROLS = /(?!\u200C|\u200D|[\u{E0020}-\u{E007F}])\p{Cf}/gu;

/** The message a field shows when its text holds one. */
export const FORMAT_CONTROL_MESSAGE =
  "Remove the invisible formatting characters (such as text-direction marks).";

export function hasFormatControl(text: string): boolean {
  return FORMAT_CONTROL.test(text);
}

/** The text without them, for older rows written before the forms refused them (emails). */
export function withoutFormatControls(text: string): string {
  return text.replace(FORMAT_CONTROLS, "");
}
