// Changes to the store's lists and records as new objects, never in place: zustand and React see a change only as a
// new reference, and one left unchanged keeps its old one.

/** The record without `key`; the same record when it has no such key. */
export function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const next = { ...record };
  delete next[key];
  return next;
}

/** The list with `item` in place of the entry of the same id, or added at the end when it has none. */
export function upsertById<T extends { id: string }>(list: T[], item: T): T[] {
  const index = list.findIndex((entry) => entry.id === item.id);
  if (index === -1) return [...list, item];
  const next = [...list];
  next[index] = item;
  return next;
}
