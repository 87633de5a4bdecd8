/**
 * Data for a page: refetched whenever a reactive value read (synchronously) by `fetcher`
 * changes; a newer request aborts the older one so a slow answer never overwrites a newer view.
 * `asAt` is when the figures were read: the answer's own `asAt` when it has one, otherwise the
 * moment the answer arrived. With `refreshMinutes`, the data is fetched again on that beat
 * while the page is open and visible, so a page left on a screen never shows stale figures
 * as current (domain.md, "Stale shown as current").
 */
export class Loader<T> {
  data = $state<T | null>(null);
  error = $state<unknown>(null);
  loading = $state(true);
  asAt = $state<string | null>(null);
  #beat = $state(0);

  constructor(fetcher: (signal: AbortSignal) => Promise<T>, opts: { refreshMinutes?: number } = {}) {
    $effect(() => {
      void this.#beat;
      const controller = new AbortController();
      this.loading = true;
      fetcher(controller.signal).then(
        (value) => {
          if (controller.signal.aborted) return;
          this.data = value;
          this.error = null;
          this.loading = false;
          const stated = (value as { asAt?: unknown } | null)?.asAt;
          this.asAt = typeof stated === 'string' ? stated : new Date().toISOString();
        },
        (e: unknown) => {
          if (controller.signal.aborted) return;
          this.error = e;
          this.loading = false;
        },
      );
      return () => controller.abort();
    });
    const minutes = opts.refreshMinutes;
    if (minutes) {
      $effect(() => {
        const id = setInterval(() => {
          if (document.visibilityState === 'visible') this.refresh();
        }, minutes * 60_000);
        return () => clearInterval(id);
      });
    }
  }

  /** Read the figures again now. */
  refresh(): void {
    this.#beat += 1;
  }
}

/** How often pages read their figures again on their own. */
export const REFRESH_MINUTES = 5;
