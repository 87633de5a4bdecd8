import { CsvError, parse } from 'csv-parse/sync';

/**
 * Parses CSV (RFC 4180: quoted fields, "" for a quote, CRLF or LF) with csv-parse, a
 * well-kept parser, rather than our own: it also refuses a stray quote inside an unquoted
 * field and says on which line. Rows keep however many cells they have (the importer
 * reports a row whose count differs from the header's); blank lines and a spreadsheet's
 * byte-order mark are skipped. Throws with a plain message on malformed input.
 */
export function parseCsv(text: string): string[][] {
  try {
    return parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, record_delimiter: ['\r\n', '\n'] }) as string[][];
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    const line = (e as CsvError & { lines?: number }).lines;
    const what = e.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted field is not closed' : e.message.replace(/^Invalid [^:]+: /, '');
    throw new Error(line ? `${what} (line ${line})` : what);
  }
}
