// Tables from Views: react-pdf has no table element. Rows are `wrap={false}` so a row never splits
// across pages, and the header row is `fixed` so it repeats on every page the table runs onto.
import { Text, View } from "@react-pdf/renderer";
import type { ReactNode } from "react";

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
