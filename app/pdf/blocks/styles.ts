// One place for the PDFs' look: a consultancy deliverable, not a web page. Restrained colour (teal
// for structure, red only for launch blockers), generous margins, one type family in a few sizes.
// DejaVu Sans digits are all the same width, so right-aligned numbers line up in columns.
import { StyleSheet, type Styles } from "@react-pdf/renderer";

import { FONT_FAMILY } from "./fonts";

export type Style = Styles[string];

export const colors = {
  brand: "#0f766e",
  brandDark: "#115e59",
  brandSoft: "#5eaaa2",
  brandTint: "#e7f3f1",
  ink: "#0f172a",
  body: "#27303f",
  muted: "#5b6678",
  faint: "#8a94a6",
  rule: "#d9dfe7",
  band: "#f4f6f8",
  danger: "#b42318",
  dangerTint: "#fdeceb",
  caution: "#9a5b00",
  cautionTint: "#fdf3e2",
  white: "#ffffff",
} as const;

export const PAGE_MARGIN = 56;
export const CONTENT_WIDTH = 595.28 - 2 * PAGE_MARGIN; // A4

export const s = StyleSheet.create({
  // Line heights are set on each text style next to its font size, never on a page or View:
  // react-pdf resolves a unitless lineHeight against the font size of the element that declares it
  // (18 pt when it declares none) and children inherit the result in points.
  page: {
    fontFamily: FONT_FAMILY,
    fontSize: 9.5,
    color: colors.body,
    paddingTop: 30,
    paddingBottom: 28,
    paddingHorizontal: PAGE_MARGIN,
  },
  coverPage: {
    fontFamily: FONT_FAMILY,
    fontSize: 10,
    color: colors.body,
    padding: 0,
  },

  // Running header and footer (fixed on every body page)
  header: {
    flexDirection: "row",
    justifyContent: "space-between",
    alignItems: "flex-end",
    paddingBottom: 6,
    marginBottom: 22,
    borderBottomWidth: 0.75,
    borderBottomColor: colors.rule,
    fontSize: 7.5,
    color: colors.muted,
  },
  headerBrand: { color: colors.brand, fontWeight: "bold", letterSpacing: 0.6 },
  footer: {
    flexDirection: "row",
    justifyContent: "space-between",
    marginTop: 16,
    fontSize: 7.5,
    color: colors.faint,
  },

  // Headings
  sectionEyebrow: {
    fontSize: 7.5,
    fontWeight: "bold",
    color: colors.brand,
    letterSpacing: 1.2,
    textTransform: "uppercase",
    marginBottom: 3,
  },
  h1: { fontSize: 18, fontWeight: "bold", color: colors.ink, lineHeight: 1.2, marginBottom: 6 },
  sectionIntro: { fontSize: 9.5, lineHeight: 1.45, color: colors.muted, marginBottom: 14, maxWidth: 420 },
  h2: {
    fontSize: 11.5,
    fontWeight: "bold",
    color: colors.ink,
    lineHeight: 1.3,
    marginTop: 16,
    marginBottom: 6,
  },
  h3: { fontSize: 10, fontWeight: "bold", color: colors.ink, lineHeight: 1.35, marginBottom: 3 },
  section: { marginBottom: 18 },

  // Text
  body: { fontSize: 9.5, lineHeight: 1.45 },
  p: { fontSize: 9.5, lineHeight: 1.45, marginBottom: 6 },
  lead: { fontSize: 10.5, lineHeight: 1.5, color: colors.ink, marginBottom: 10 },
  muted: { color: colors.muted },
  small: { fontSize: 8, lineHeight: 1.4 },
  tiny: { fontSize: 7, lineHeight: 1.35, color: colors.muted },
  bold: { fontWeight: "bold" },
  italic: { fontStyle: "italic" },
  bulletRow: { flexDirection: "row", marginBottom: 3 },
  bulletMark: { width: 12, color: colors.brand },
  bulletText: { flex: 1, fontSize: 9.5, lineHeight: 1.45 },

  // Tables: Views, rows never split, header rows repeat
  table: { width: "100%" },
  tableGap: { height: 10 },
  thead: {
    flexDirection: "row",
    borderBottomWidth: 1,
    borderBottomColor: colors.ink,
    paddingVertical: 4,
  },
  th: {
    fontSize: 7,
    fontWeight: "bold",
    color: colors.muted,
    textTransform: "uppercase",
    letterSpacing: 0.5,
    paddingHorizontal: 4,
  },
  tr: {
    flexDirection: "row",
    borderBottomWidth: 0.5,
    borderBottomColor: colors.rule,
    paddingVertical: 5,
  },
  trTotal: {
    flexDirection: "row",
    borderTopWidth: 1,
    borderTopColor: colors.ink,
    paddingVertical: 5,
  },
  td: { fontSize: 8.5, lineHeight: 1.35, paddingHorizontal: 4 },
  num: { textAlign: "right" },

  // Tags
  tag: {
    fontSize: 6.5,
    fontWeight: "bold",
    letterSpacing: 0.4,
    textTransform: "uppercase",
    paddingHorizontal: 4,
    paddingTop: 1.5,
    paddingBottom: 1,
    borderRadius: 2,
  },
  tagBlocker: { color: colors.white, backgroundColor: colors.danger },
  tagHigh: { color: colors.danger, backgroundColor: colors.dangerTint },
  tagMedium: { color: colors.caution, backgroundColor: colors.cautionTint },
  tagNeutral: { color: colors.muted, backgroundColor: colors.band },
  tagBrand: { color: colors.brandDark, backgroundColor: colors.brandTint },

  // Key figures
  kpiRow: { flexDirection: "row", marginBottom: 14 },
  kpi: {
    flex: 1,
    borderTopWidth: 2,
    borderTopColor: colors.brand,
    backgroundColor: colors.band,
    paddingHorizontal: 9,
    paddingTop: 7,
    paddingBottom: 8,
  },
  kpiGap: { width: 8 },
  kpiLabel: {
    fontSize: 7,
    fontWeight: "bold",
    color: colors.muted,
    textTransform: "uppercase",
    letterSpacing: 0.6,
  },
  kpiValue: { fontSize: 12.5, fontWeight: "bold", color: colors.ink, marginTop: 3, lineHeight: 1.2 },
  kpiNote: { fontSize: 7.5, color: colors.muted, marginTop: 2 },
  // "likely" / "cautious" beside a key figure's two ends
  kpiEnd: { fontSize: 8, fontWeight: "normal", color: colors.muted },

  // Callouts
  callout: {
    borderLeftWidth: 2,
    borderLeftColor: colors.brand,
    backgroundColor: colors.brandTint,
    paddingVertical: 7,
    paddingHorizontal: 10,
    marginBottom: 10,
  },
  calloutDanger: {
    borderLeftWidth: 2,
    borderLeftColor: colors.danger,
    backgroundColor: colors.dangerTint,
    paddingVertical: 7,
    paddingHorizontal: 10,
    marginBottom: 10,
  },
  // a warning that is not a blocker: answers to check
  calloutCaution: {
    borderLeftWidth: 2,
    borderLeftColor: colors.caution,
    backgroundColor: colors.cautionTint,
    paddingVertical: 7,
    paddingHorizontal: 10,
    marginBottom: 10,
  },
});
