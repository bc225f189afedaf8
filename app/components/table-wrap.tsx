import type { ReactNode } from "react";

/**
 * A wide table's box: it scrolls sideways when the table is wider than the screen (with shadows at
 * the edges that have more, see .table-wrap in app.css). It is focusable, so the keyboard can scroll it
 * too (axe: scrollable-region-focusable), and a named region, so a screen reader says what got focus.
 */
export function TableWrap({
  label,
  labelledBy,
  className,
  children,
}: {
  label?: string;
  labelledBy?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div
      className={className ? `table-wrap ${className}` : "table-wrap"}
      role="region"
      aria-label={label}
      aria-labelledby={labelledBy}
      // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrolling region must be reachable by keyboard
      tabIndex={0}
    >
      {children}
    </div>
  );
}
