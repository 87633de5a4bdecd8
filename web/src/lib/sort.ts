import { MEASURES, measureField, measureInfo, type Measures } from '#domain';
import { formatValue } from './format';

export type SortDirection = 'ascending' | 'descending';
export type SortValue = string | number | null | undefined;

/**
 * A stable sort by one column. Empty values (no return, never reported) go last in either
 * direction, so they are never mistaken for the smallest value.
 */
export function sortRows<T>(rows: readonly T[], valueOf: (row: T) => SortValue, direction: SortDirection): T[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, v: valueOf(row) }))
    .sort((a, b) => {
      const aEmpty = a.v === null || a.v === undefined || a.v === '';
      const bEmpty = b.v === null || b.v === undefined || b.v === '';
      if (aEmpty || bEmpty) return aEmpty === bEmpty ? a.index - b.index : aEmpty ? 1 : -1;
      const c =
        typeof a.v === 'number' && typeof b.v === 'number'
          ? a.v - b.v
          : String(a.v).localeCompare(String(b.v), 'en-GB', { numeric: true, sensitivity: 'base' });
      return c === 0 ? a.index - b.index : sign * c;
    })
    .map((x) => x.row);
}

/** Next state when a column header is pressed: a new column sorts ascending, the same one flips. */
export function nextSort(
  current: { key: string; direction: SortDirection } | null,
  key: string,
): { key: string; direction: SortDirection } {
  if (current?.key !== key) return { key, direction: 'ascending' };
  return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
}

/** A column of a sortable table: what it sorts and exports on, and how it shows. */
export interface Column<R> {
  key: string;
  label: string;
  /** The value sorted on and exported. */
  value: (row: R) => SortValue;
  /** The text shown, when it differs from the value (12.3% for 0.123). */
  text?: (row: R) => string;
  numeric?: boolean;
  /** Custom content (a link, a tag) instead of the text. */
  snippet?: import('svelte').Snippet<[R]>;
  /** Buttons or links that act on the row: nothing to sort on or export, so neither. */
  actions?: boolean;
}

/** One column per measure, from the registry: a new measure appears in every table of returns. */
export function measureColumns<R>(measuresOf: (row: R) => Measures | null): Column<R>[] {
  return MEASURES.map((m) => {
    const { label, kind } = measureInfo(m);
    const field = measureField(m);
    const value = (r: R) => measuresOf(r)?.[field] ?? null;
    return { key: m, label, value, text: (r: R) => formatValue(value(r), kind, '—'), numeric: true };
  });
}
