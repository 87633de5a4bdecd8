import { z } from 'zod';

/**
 * What the two CSV importers answer (returns: POST /api/imports; the register:
 * POST /api/imports/register). The API serves these shapes and the pages read them, so
 * they are defined once here.
 */

/** An error in an import file; row 1 is the header, so row 2 is the first data row. */
export const rowIssueSchema = z.object({ row: z.number().int(), path: z.string(), message: z.string() });
export type RowIssue = z.infer<typeof rowIssueSchema>;

const rowsRead = z.number().int().describe('data rows read (row 1 is the header)');

export const IMPORT_OUTCOMES = ['written', 'would-write', 'unchanged', 'conflict'] as const;
export type ImportOutcome = (typeof IMPORT_OUTCOMES)[number];

export const importResultSchema = z.object({
  dryRun: z.boolean(),
  rows: rowsRead,
  errors: z.array(rowIssueSchema).describe('every row error; a return with an error in any of its rows is not written'),
  returns: z.array(
    z.object({
      providerId: z.string(),
      date: z.string(),
      rows: z.array(z.number().int()),
      outcome: z.enum(IMPORT_OUTCOMES),
      version: z.number().int().optional(),
      message: z.string().optional(),
    }),
  ),
  summary: z.object({ written: z.number(), wouldWrite: z.number(), unchanged: z.number(), conflicts: z.number(), invalidRows: z.number() }),
});
export type ImportResult = z.infer<typeof importResultSchema>;

export const REGISTER_OUTCOMES = ['created', 'updated', 'unchanged'] as const;
export type RegisterOutcome = (typeof REGISTER_OUTCOMES)[number];

export const registerImportSchema = z.object({
  dryRun: z.boolean(),
  rows: rowsRead,
  errors: z.array(rowIssueSchema).describe('every row error, in plain words; a row with an error is not written'),
  units: z.array(z.object({ row: z.number().int(), providerId: z.string(), name: z.string(), outcome: z.enum(REGISTER_OUTCOMES), changed: z.array(z.string()) })),
  localities: z.array(z.object({ localityId: z.string(), name: z.string(), outcome: z.enum(['created', 'renamed']) })),
  summary: z.object({ created: z.number(), updated: z.number(), unchanged: z.number(), invalidRows: z.number(), localitiesCreated: z.number() }),
});
export type RegisterImport = z.infer<typeof registerImportSchema>;
