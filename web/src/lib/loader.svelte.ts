/**
 * Data for a page: refetched whenever a reactive value read (synchronously) by `fetcher`
 * changes; a newer request aborts the older one so a slow answer never overwrites a newer view.
 */
export class Loader<T> {
  data = $state<T | null>(null);
  error = $state<unknown>(null);
  loading = $state(true);

  constructor(fetcher: (signal: AbortSignal) => Promise<T>) {
    $effect(() => {
      const controller = new AbortController();
      this.loading = true;
      fetcher(controller.signal).then(
        (value) => {
          if (controller.signal.aborted) return;
          this.data = value;
          this.error = null;
          this.loading = false;
        },
        (e: unknown) => {
          if (controller.signal.aborted) return;
          this.error = e;
          this.loading = false;
        },
      );
      return () => controller.abort();
    });
  }
}
