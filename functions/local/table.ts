import { ensureTable } from '#store/bootstrap';
import { progressFor } from './progress';

/**
 * The laptop's table, made if missing; a .data/ from before the `writes` index is copied into a
 * table with it, once (store/bootstrap.ts), with the same progress wherever it happens: npm start,
 * npm run migrate, admin:create --local.
 */
export async function ensureLocalTable(endpoint: string, tableName: string, opts: { quiet?: boolean } = {}): Promise<void> {
  const carryOver = progressFor('Bringing saved data to storage layout 3 (each item copied out and back)', opts);
  try {
    await ensureTable({ endpoint, tableName, onCopy: (copied, total) => carryOver.update(copied, total) });
  } finally {
    carryOver.stop();
  }
}
