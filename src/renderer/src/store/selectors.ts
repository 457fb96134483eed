// Selectors shared by several components.
import type { RouterProfile } from '../../../shared/domain';
import type { CollectionSummary } from './flowsSlice';
import type { AppState } from './types';

export const selectActiveCollection = (s: AppState): CollectionSummary | null =>
  s.collections.find((c) => c.id === s.activeCollectionId) ?? null;

export const selectRouter = (routerId: string | null) => (s: AppState): RouterProfile | null =>
  routerId === null ? null : (s.routers.find((r) => r.id === routerId) ?? null);

/** The first-run panel shows while there is no router, and on a first run until the analyst adds one of their own. */
export const selectShowFirstRun = (s: AppState): boolean =>
  s.boot.state === 'ready' && (s.routers.length === 0 || (s.info?.firstRun === true && s.routers.every((r) => r.isLab)));
