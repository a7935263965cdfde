import type { ReactNode } from 'react';

/** One column of a {@link DataTable}: its header and how a row fills the cell. */
export type Column<Row> = {
  /** Unique among the columns (React key). */
  key: string;
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  /** Classes of the cells (`mono`, `num`, `wrap`, …); a function for classes that depend on the row. */
  className?: string | ((row: Row) => string | undefined);
  /** Tooltip of the cell. */
  title?: (row: Row) => string | undefined;
  /** The cell names its row: a `<th scope="row">`, so screen readers announce it with every other cell. */
  rowHeader?: boolean;
};

export type DataTableProps<Row> = {
  /** The table's accessible name: a `<caption>`, visible unless `captionHidden` (when a heading already shows it). */
  caption: ReactNode;
  captionHidden?: boolean;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  rowClassName?: (row: Row) => string | undefined;
  /** No header row: for name/value tables, whose first column holds row headers. */
  headless?: boolean;
};

function classOf<Row>(c: Column<Row>, row: Row): string | undefined {
  const cls = typeof c.className === 'function' ? c.className(row) : c.className;
  return cls || undefined;
}

/**
 * The app's one read-only data table (`.table`): a caption for its name, `th scope="col"` headers, optional
 * row headers. It adds no tab stops of its own: links and buttons in cells are reached in reading order.
 * Everything is rendered as React text, never as HTML.
 */
export function DataTable<Row>({
  caption,
  captionHidden = false,
  columns,
  rows,
  rowKey,
  rowClassName,
  headless = false,
}: DataTableProps<Row>) {
  return (
    <table className="table">
      <caption className={captionHidden ? 'sr-only' : undefined}>{caption}</caption>
      {headless ? null : (
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col">
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
      )}
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)} className={rowClassName?.(row)}>
            {columns.map((c) =>
              c.rowHeader ? (
                <th key={c.key} scope="row" className={classOf(c, row)} title={c.title?.(row)}>
                  {c.cell(row)}
                </th>
              ) : (
                <td key={c.key} className={classOf(c, row)} title={c.title?.(row)}>
                  {c.cell(row)}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
