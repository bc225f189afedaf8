// Tables from Views: react-pdf has no table element. Rows are `wrap={false}` so a row never splits
// across pages, and the header row is `fixed` so it repeats on every page the table runs onto.
import { Text, View } from "@react-pdf/renderer";
import type { ReactNode } from "react";

import { textWidth } from "./fonts";
import { CONTENT_WIDTH, s, type Style } from "./styles";

export interface Column {
  label: string;
  /** points; columns without a width share the rest */
  width?: number;
  align?: "left" | "right";
}

/**
 * Every column gets a width in points (columns without one share what is left of the content
 * width): text in a fixed-width box is measured once, text in a flex box several times by yoga.
 */
function widths(columns: Column[]): number[] {
  const fixed = columns.reduce((n, c) => n + (c.width ?? 0), 0);
  const flexible = columns.filter((c) => c.width === undefined).length;
  const share = flexible > 0 ? Math.max(0, CONTENT_WIDTH - fixed) / flexible : 0;
  return columns.map((c) => c.width ?? share);
}

/** What a cell keeps clear each side (s.td and s.th's paddingHorizontal). */
const CELL_PADDING = 4;
/** The body text size of a cell (s.td). */
const CELL_SIZE = 8.5;
/** What the columns without a width keep at least when others widen to fit (a tier's name, a title). */
const FLEXIBLE_MIN = 110;

/**
 * The columns, those with a width widened where a cell of theirs would not fit on one line: an
 * amount has no place to break, and one wider than its column ran out of its box over the column's
 * padding and into the next, "¥10,799,000¥26,142,000" in a yen proposal's Total row (QA 7, finding 6).
 * Fitted, every figure keeps its column's padding, so two figures side by side are at least twice
 * that apart, in any currency and at any length. Widths only grow; the columns without one give up
 * the room, down to FLEXIBLE_MIN between them, and past that the growth is shared out so the table
 * still fits the page (a figure with a space in it, "CHF 26,100,000", then wraps there).
 * `rows` are the cells' texts in column order (null for a cell that is not text); `bold` when any
 * row sets them in bold, as the tier table's launch and total rows do.
 */
export function fitColumns(
  columns: Column[],
  rows: ReadonlyArray<ReadonlyArray<string | null>>,
  { bold = false }: { bold?: boolean } = {},
): Column[] {
  const wanted = columns.map((col, i) => {
    if (col.width === undefined) return undefined;
    const widest = Math.max(0, ...rows.map((r) => (r[i] ? textWidth(r[i]!, CELL_SIZE, bold) : 0)));
    return Math.max(col.width, Math.ceil(widest + 2 * CELL_PADDING + 1));
  });
  const flexible = columns.filter((c) => c.width === undefined).length;
  const room = CONTENT_WIDTH - (flexible > 0 ? FLEXIBLE_MIN * flexible : 0);
  const given = columns.reduce((n, c) => n + (c.width ?? 0), 0);
  const growth = wanted.reduce<number>((n, w, i) => n + (w === undefined ? 0 : w - columns[i]!.width!), 0);
  // Share what room there is out in proportion to what each column asked for.
  const share = growth > 0 && given + growth > room ? Math.max(0, room - given) / growth : 1;
  return columns.map((col, i) =>
    col.width === undefined ? col : { ...col, width: col.width + (wanted[i]! - col.width) * share },
  );
}

export function Table({ children, style }: { children: ReactNode; style?: Style }) {
  return (
    <>
      <View style={style ? [s.table, style] : s.table}>{children}</View>
      {/* The space under a table is its own box: as the table's margin it could run onto the next
          page, and react-pdf would print the table's repeated header there with no row under it. */}
      <View style={s.tableGap} />
    </>
  );
}

export function TableHead({ columns }: { columns: Column[] }) {
  const w = widths(columns);
  return (
    // minPresenceAhead: room for a row under it, or the header moves to the next page with the rows
    // instead of closing this one on its own.
    <View fixed minPresenceAhead={24} style={s.thead}>
      {columns.map((col, i) => (
        <Text
          key={i}
          style={col.align === "right" ? [s.th, s.num, { width: w[i] }] : [s.th, { width: w[i] }]}
        >
          {col.label}
        </Text>
      ))}
    </View>
  );
}

/** One row; a string cell is set as body text, anything else is placed as given. */
export function TableRow({
  columns,
  cells,
  style,
}: {
  columns: Column[];
  cells: Array<ReactNode>;
  style?: Style;
}) {
  const w = widths(columns);
  return (
    <View wrap={false} style={style ? [s.tr, style] : s.tr}>
      {cells.map((cell, i) => {
        const col = columns[i]!;
        // Strings become one Text sized as the column (fewer nodes to lay out than a View around it).
        return typeof cell === "string" || typeof cell === "number" ? (
          <Text
            key={i}
            style={col.align === "right" ? [s.td, s.num, { width: w[i] }] : [s.td, { width: w[i] }]}
          >
            {cell}
          </Text>
        ) : (
          <View key={i} style={{ width: w[i] }}>
            {cell}
          </View>
        );
      })}
    </View>
  );
}
