/**
 * @module A sortable table: click a header to sort by it (again to reverse); numbers sort
 * numerically with missing values last; long tables show their first rows until asked for all.
 */
import { useMemo, useState, type ReactNode } from 'react';

export interface Column<Row> {
  key: string;
  label: ReactNode;
  /** What the column sorts by. */
  value: (row: Row) => number | string | null;
  render?: (row: Row) => ReactNode;
  numeric?: boolean;
  /** For numbers: which end is better, so the best cell is marked. */
  better?: 'higher' | 'lower';
  title?: string;
}

interface DataTableProps<Row> {
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  initialSort?: { key: string; descending: boolean };
  /** Rows pinned above the sorted ones (a baseline). */
  pinned?: ReactNode;
  pageSize?: number;
  empty?: ReactNode;
  rowClass?: (row: Row) => string | undefined;
  label?: string;
}

function compare(a: number | string | null, b: number | string | null): number {
  if (a === null) return b === null ? 0 : 1;
  if (b === null) return -1;
  return typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
}

export function DataTable<Row>(props: DataTableProps<Row>) {
  const [sort, setSort] = useState(props.initialSort ?? { key: props.columns[0]!.key, descending: false });
  const [showAll, setShowAll] = useState(false);
  const column = props.columns.find((candidate) => candidate.key === sort.key) ?? props.columns[0]!;
  const sorted = useMemo(() => {
    const rows = [...props.rows].sort((a, b) => compare(column.value(a), column.value(b)));
    if (sort.descending) {
      // Reversing keeps missing values at the end.
      const present = rows.filter((row) => column.value(row) !== null).reverse();
      return [...present, ...rows.filter((row) => column.value(row) === null)];
    }
    return rows;
  }, [props.rows, column, sort.descending]);
  const best = useMemo(() => {
    const marks = new Map<string, number | string | null>();
    for (const candidate of props.columns) {
      if (!candidate.better) continue;
      const values = props.rows.map(candidate.value).filter((value): value is number => typeof value === 'number');
      if (values.length > 1) marks.set(candidate.key, candidate.better === 'higher' ? Math.max(...values) : Math.min(...values));
    }
    return marks;
  }, [props.rows, props.columns]);
  const pageSize = props.pageSize ?? 100;
  const visible = showAll ? sorted : sorted.slice(0, pageSize);
  const toggle = (key: string) => setSort((current) => ({ key, descending: current.key === key ? !current.descending : false }));
  return (
    <div className="table-wrap">
      <table className="data-table" aria-label={props.label}>
        <thead>
          <tr>
            {props.columns.map((candidate) => (
              <th key={candidate.key} className={candidate.numeric ? 'numeric' : undefined} title={candidate.title}
                aria-sort={candidate.key === sort.key ? (sort.descending ? 'descending' : 'ascending') : undefined}>
                <button type="button" className="sort" onClick={() => toggle(candidate.key)}>
                  {candidate.label}{candidate.key === sort.key ? (sort.descending ? ' ▾' : ' ▴') : ''}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.pinned}
          {visible.map((row) => (
            <tr key={props.rowKey(row)} className={props.rowClass?.(row)}>
              {props.columns.map((candidate) => {
                const value = candidate.value(row);
                const isBest = best.has(candidate.key) && value === best.get(candidate.key);
                return (
                  <td key={candidate.key} className={[candidate.numeric ? 'numeric' : '', isBest ? 'best' : ''].join(' ').trim() || undefined}>
                    {candidate.render ? candidate.render(row) : value ?? '–'}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {props.rows.length === 0 && props.empty}
      {!showAll && sorted.length > pageSize && (
        <button type="button" className="show-all" onClick={() => setShowAll(true)}>Show all {sorted.length} rows</button>
      )}
    </div>
  );
}
