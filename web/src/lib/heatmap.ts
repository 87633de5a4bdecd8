import { measureInfo, type HeatmapCell, type HeatmapView, type Measure } from '#domain';
import { formatCell, formatValue } from './format';

const kindOfMeasure = (m: Measure) => measureInfo(m).kind;

export type CellState = 'value' | 'no-return' | 'not-due' | 'no-denominator';

/** What a cell is: a value, a missing return (never drawn as a low value), or nothing owed. */
export function cellState(cell: HeatmapCell | undefined): CellState {
  if (!cell || cell.expected === 0) return cell && cell.reported > 0 ? (cell.value === null ? 'no-denominator' : 'value') : 'not-due';
  if (cell.reported === 0) return 'no-return';
  return cell.value === null ? 'no-denominator' : 'value';
}

/** The text inside a cell: it always carries the information, colour only repeats it. */
export function cellText(cell: HeatmapCell | undefined, measure: Measure, compact: boolean): string {
  switch (cellState(cell)) {
    case 'no-return':
      return compact ? 'n/r' : 'no return';
    case 'not-due':
      return '';
    case 'no-denominator':
      return 'n/a';
    case 'value':
      return compact ? formatCell(cell!.value, kindOfMeasure(measure)) : formatValue(cell!.value, kindOfMeasure(measure));
  }
}

/** "3 of 4": how many of the returns due are behind a locality cell. */
export function cellCount(cell: HeatmapCell | undefined, compact: boolean): string {
  const state = cellState(cell);
  return !compact && cell && state !== 'no-return' && state !== 'not-due' ? `${cell.reported} of ${cell.expected}` : '';
}

/**
 * What a screen reader hears for a cell. It starts with the cell's visible text (WCAG 2.5.3,
 * label in name), then says where the cell is, its colour band and its coverage.
 */
export function cellLabel(cell: HeatmapCell | undefined, rowLabel: string, columnLabel: string, measure: Measure, compact: boolean): string {
  const visible = [cellText(cell, measure, compact), cellCount(cell, compact)].filter(Boolean).join(' ');
  const where = `${rowLabel}, ${columnLabel}`;
  const state = cellState(cell);
  const what =
    state === 'not-due'
      ? 'no return due'
      : state === 'no-return'
        ? `no return (${cell!.expected} expected)`
        : `${state === 'value' ? formatValue(cell!.value, kindOfMeasure(measure)) : 'not applicable'}${cell!.rag !== 'none' ? `, ${cell!.rag}` : ''}${
            cell!.expected > 1 || cell!.reported < cell!.expected ? `, ${cell!.reported} of ${cell!.expected} returns` : ''
          }`;
  return `${visible ? `${visible}: ` : ''}${where}: ${what}`;
}

/**
 * Threshold bands in words, for the legend: "Red: 12.0% or more". A count coloured by the rate
 * it is part of (unfilled hours by the unfilled share) gives that rate's bands, and says so.
 */
export function legendOf(view: Pick<HeatmapView, 'measure' | 'thresholds'> & { judgedAs?: Measure }): { rag: 'red' | 'amber' | 'green'; text: string }[] {
  const judge = view.judgedAs ?? view.measure;
  const kind = kindOfMeasure(judge);
  const { amber, red } = view.thresholds;
  const f = (v: number) => formatValue(v, kind);
  const of = view.judgedAs ? ` ${measureInfo(judge).label.toLowerCase()}` : '';
  return measureInfo(judge).higherIsWorse
    ? [
        { rag: 'red', text: `${f(red)} or more${of}` },
        { rag: 'amber', text: `${f(amber)} to under ${f(red)}${of}` },
        { rag: 'green', text: `under ${f(amber)}${of}` },
      ]
    : [
        { rag: 'red', text: `${f(red)} or less${of}` },
        { rag: 'amber', text: `over ${f(red)} to ${f(amber)}${of}` },
        { rag: 'green', text: `over ${f(amber)}${of}` },
      ];
}

export interface RowGroup {
  label: string | null;
  rows: HeatmapView['rowHeads'];
}

/** Row heads in order, cut into their locality / sector groups. */
export function groupRows(rowHeads: HeatmapView['rowHeads']): RowGroup[] {
  const groups: RowGroup[] = [];
  for (const r of rowHeads) {
    const label = r.group ?? null;
    const last = groups.at(-1);
    if (last && last.label === label) last.rows.push(r);
    else groups.push({ label, rows: [r] });
  }
  return groups;
}
