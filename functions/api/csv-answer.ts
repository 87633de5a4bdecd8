import type { Context } from 'hono';
import { accepts } from 'hono/accepts';

/**
 * Content negotiation between JSON and CSV (hono/accepts): the higher q wins; on a tie the
 * more specific range (text/csv over text/*); a wildcard alone, no header, or a refused
 * text/csv (q=0) answers JSON.
 */
export const prefersCsv = (c: Context) =>
  accepts(c, { header: 'Accept', supports: ['application/json', 'text/csv'], default: 'application/json' }) === 'text/csv';

/** A CSV file as a download named `<name>.csv`: every export and template answers this way. */
export const csvDownload = (c: Context, csv: string, name: string) =>
  c.body(csv, 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}.csv"` });
