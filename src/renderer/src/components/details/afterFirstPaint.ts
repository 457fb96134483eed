// The statistics wait for the grid: a new collection's rows are painted first, its shares counted once the window is
// idle (they read every row once; a million flows would otherwise hold back the grid's first rows).
import { useEffect, useState } from 'react';

/** Counted at the latest this long after the collection is shown, idle or not. */
const LATEST_MS = 2000;

/** Whether the window has been idle since `key` (a collection's table) was first shown; the same answer after. */
export function useAfterFirstPaint(key: object | null): boolean {
  const [painted, setPainted] = useState<object | null>(null);
  useEffect(() => {
    if (key === null || painted === key) return;
    // Idle callbacks run after the grid's pending work (its first rows, scheduled by timers and frames).
    const idle = requestIdleCallback(() => setPainted(key), { timeout: LATEST_MS });
    return () => cancelIdleCallback(idle);
  }, [key, painted]);
  return key !== null && painted === key;
}
