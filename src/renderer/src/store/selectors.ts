// Selectors shared by several components.
import type { HostProfile, RouterProfile } from '../../../shared/domain';
import type { CollectionSummary } from './flowsSlice';
import type { HostCollectionSummary } from './hostsSlice';
import type { AppState } from './types';

export const selectActiveCollection = (s: AppState): CollectionSummary | null =>
  s.collections.find((c) => c.id === s.activeCollectionId) ?? null;

export const selectRouter = (routerId: string | null) => (s: AppState): RouterProfile | null =>
  routerId === null ? null : (s.routers.find((r) => r.id === routerId) ?? null);

/** The first-run panel shows while there is no router, and on a first run until the analyst adds one of their own. */
export const selectShowFirstRun = (s: AppState): boolean =>
  s.boot.state === 'ready' && (s.routers.length === 0 || (s.info?.firstRun === true && s.routers.every((r) => r.isLab)));

export const selectHost = (hostId: string | null) => (s: AppState): HostProfile | null =>
  hostId === null ? null : (s.hosts.find((h) => h.id === hostId) ?? null);

export const selectActiveConnections = (s: AppState): HostCollectionSummary | null =>
  s.hostCollections.find((c) => c.id === s.activeConnectionsId) ?? null;

export const selectActiveProcesses = (s: AppState): HostCollectionSummary | null =>
  s.hostCollections.find((c) => c.id === s.activeProcessesId) ?? null;

/** The newest processes collection of a host: where the connections grid takes process names from. */
export const selectNewestProcessesOf = (hostKey: string | null) => (s: AppState): HostCollectionSummary | null =>
  hostKey === null ? null : (s.hostCollections.find((c) => c.kind === 'processes' && c.hostKey === hostKey) ?? null);
