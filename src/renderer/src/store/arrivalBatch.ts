// Arrivals applied together: the first after a quiet spell at once, then at most one application every `everyMs` —
// so a burst of thousands (hosts reporting, their log entries) becomes a few store changes, not thousands.

export interface ArrivalBatch<T> {
  add(item: T): void;
  /** Applies what is waiting now (before reading the store, or at the end of a run). */
  flush(): void;
  /** Drops what is waiting, unapplied. */
  clear(): void;
}

/** `apply` receives the items in arrival order, never an empty list. */
export function arrivalBatch<T>(everyMs: number, apply: (items: T[]) => void): ArrivalBatch<T> {
  let waiting: T[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  let appliedAt = -Infinity;
  const flush = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    appliedAt = Date.now();
    const items = waiting;
    waiting = [];
    if (items.length > 0) apply(items);
  };
  return {
    add(item) {
      waiting.push(item);
      if (timer !== null) return;
      const wait = appliedAt + everyMs - Date.now();
      if (wait <= 0) flush();
      else timer = setTimeout(flush, wait);
    },
    flush,
    clear() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      waiting = [];
    },
  };
}
