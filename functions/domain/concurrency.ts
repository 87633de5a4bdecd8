/**
 * Run `fn` over `items` with at most `limit` in flight, results in input order.
 * Pure and shared by the store (batch writes, reconcile) and the API (per-unit look-ups),
 * so neither floods DynamoDB with one request per item at once.
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
