// Building blocks shared by both documents: running header and footer, section titles that never sit
// alone at the bottom of a page, free text as paragraphs and lists, tags and key figures.
import { Text, View, type PageLayoutProps } from "@react-pdf/renderer";
import type { ReactNode } from "react";

import { freeTextBlocks } from "../../utils/free-text";

import { colors, s } from "./styles";
import { truncate } from "./text";

/**
 * A section of the document body. It must be a direct child of the Page for `breakBefore` to start
 * it on a new page: react-pdf mislays everything after a `break` nested deeper.
 */
export function Section({
  children,
  breakBefore = false,
  first = false,
}: {
  children: ReactNode;
  breakBefore?: boolean;
  /** the first section of the body: no space above it */
  first?: boolean;
}) {
  return (
    <View break={breakBefore} style={breakBefore || first ? undefined : { marginTop: 26 }}>
      {children}
    </View>
  );
}

/**
 * The chrome around every body page: running header (brand, document, version) and footer
 * (confidentiality note, page n of N). A Page `layout` puts react-pdf on its newer pagination
 * engine, which measures content once instead of re-laying out the rest of the document after
 * every page break (much faster, and it keeps line heights stable).
 */
export function bodyLayout({
  title,
  detail,
  note,
  brand = null,
}: {
  title: string;
  detail: string;
  note: string;
  /** the partner's company, in place of FINISHLINE (decision 035); null keeps Finishline's */
  brand?: string | null;
}) {
  return function BodyLayout({ children, pageNumber, totalPages }: PageLayoutProps) {
    return (
      <View style={{ flexGrow: 1 }}>
        <View style={s.header}>
          <Text>
            <Text style={s.headerBrand}>{brand ? truncate(brand, 40) : "FINISHLINE"}</Text>
            {"   "}
            {truncate(title, brand ? 50 : 70)}
          </Text>
          <Text>{detail}</Text>
        </View>
        <View style={{ flexGrow: 1 }}>{children}</View>
        <View style={s.footer}>
          <Text>{truncate(note, 90)}</Text>
          <Text>{`Page ${pageNumber ?? 1} of ${totalPages ?? 1}`}</Text>
        </View>
      </View>
    );
  };
}

/**
 * A numbered section heading. `minPresenceAhead` keeps it with at least the first lines of what
 * follows instead of leaving it orphaned at the foot of a page.
 */
export function SectionTitle({ eyebrow, title, intro }: { eyebrow: string; title: string; intro?: string }) {
  return (
    // Never split: an eyebrow ("03 · Effort") left at the foot of a page with its title on the next.
    <View wrap={false} minPresenceAhead={90}>
      <Text style={s.sectionEyebrow}>{eyebrow}</Text>
      <Text style={s.h1}>{title}</Text>
      {intro ? <Text style={s.sectionIntro}>{intro}</Text> : null}
    </View>
  );
}

/** A sub-heading kept on the same page as at least `keepWith` points of what follows. */
export function Heading({
  children,
  first = false,
  keepWith = 60,
}: {
  children: ReactNode;
  first?: boolean;
  keepWith?: number;
}) {
  return (
    <Text minPresenceAhead={keepWith} style={first ? [s.h2, { marginTop: 0 }] : s.h2}>
      {children}
    </Text>
  );
}

/** Free text as typed, in blocks read by `freeTextBlocks` (as the proposal page reads them). */
export function FreeText({ text, empty = "None stated." }: { text: string; empty?: string }) {
  const blocks = freeTextBlocks(text);
  if (blocks.length === 0) return <Text style={[s.p, s.muted, s.italic]}>{empty}</Text>;
  return (
    <View>
      {blocks.map((block, i) =>
        block.kind === "list" ? (
          <Bullets key={i} items={block.items} />
        ) : (
          <View key={i}>
            {pieces(block.text).map((piece, j) => (
              <Text key={j} style={s.p} wrap={false}>
                {piece}
              </Text>
            ))}
          </View>
        ),
      )}
    </View>
  );
}

/**
 * The most characters of free text set as one unbreakable text: about six lines.
 *
 * What a founder signs must be whole in the PDF (security review 2, finding 1), and react-pdf
 * mislays long text at a page break: a block kept whole that is taller than a page is cut at its
 * foot, and a text left to split pushes what follows it on to the next page by too little, so the
 * two overlap. Long lines (a contract clause is often one line of thousands of characters) are
 * therefore set in pieces of at most this size, broken after a sentence where one ends in reach,
 * each kept whole: pages break between pieces, never inside one.
 */
const PIECE = 480;

export function pieces(text: string, max = PIECE): string[] {
  const out: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    // After the last sentence end in the window, else the last space, else (one very long word) at max.
    const sentence = Math.max(...[". ", "; ", "! ", "? ", ": "].map((m) => window.lastIndexOf(m)));
    const space = window.lastIndexOf(" ");
    const cut = sentence > max / 2 ? sentence + 1 : space > max / 2 ? space : max;
    out.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest) out.push(rest);
  return out;
}

function Bullets({ items }: { items: string[] }) {
  return (
    <View style={{ marginBottom: 6 }}>
      {items.map((item, i) =>
        pieces(item).map((piece, j) => (
          // A long item goes on in further rows under its first, without a mark of their own.
          <View key={`${i}.${j}`} style={s.bulletRow} wrap={false}>
            <Text style={s.bulletMark}>{j === 0 ? "•" : ""}</Text>
            <Text style={s.bulletText}>{piece}</Text>
          </View>
        )),
      )}
    </View>
  );
}

export type TagKind = "blocker" | "high" | "medium" | "neutral" | "brand";
const TAG_STYLE = {
  blocker: s.tagBlocker,
  high: s.tagHigh,
  medium: s.tagMedium,
  neutral: s.tagNeutral,
  brand: s.tagBrand,
};

export function Tag({ kind, children }: { kind: TagKind; children: string }) {
  return (
    <View style={{ flexDirection: "row" }}>
      <Text style={[s.tag, TAG_STYLE[kind]]}>{children}</Text>
    </View>
  );
}

export function KeyFigures({
  items,
}: {
  /** `wide` takes twice the room of the others (a money range needs it) */
  items: Array<{ label: string; value: ReactNode; note?: string; danger?: boolean; wide?: boolean }>;
}) {
  return (
    <View style={s.kpiRow} wrap={false}>
      {items.map((item, i) => (
        <View key={item.label} style={{ flexDirection: "row", flex: item.wide ? 2 : 1 }}>
          {i > 0 ? <View style={s.kpiGap} /> : null}
          <View style={item.danger ? [s.kpi, { borderTopColor: colors.danger }] : s.kpi}>
            <Text style={s.kpiLabel}>{item.label}</Text>
            <Text style={item.danger ? [s.kpiValue, { color: colors.danger }] : s.kpiValue}>
              {item.value}
            </Text>
            {item.note ? <Text style={s.kpiNote}>{item.note}</Text> : null}
          </View>
        </View>
      ))}
    </View>
  );
}

/** A label and value on one line, for parameter lists. */
export function Fact({ label, value }: { label: string; value: string }) {
  return (
    <View
      style={{
        flexDirection: "row",
        borderBottomWidth: 0.5,
        borderBottomColor: colors.rule,
        paddingVertical: 4,
      }}
      wrap={false}
    >
      <Text style={[s.body, s.muted, { width: 170 }]}>{label}</Text>
      <Text style={[s.body, { flex: 1 }]}>{value}</Text>
    </View>
  );
}
