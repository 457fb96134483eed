// The flow export collector: where it listens and its counts (from main's 'collector.stats'), start and stop, the
// lab's demo exports, and each collection it hands over added to the flows list like a router's.
import { COLLECTOR_DEFAULTS, type CollectorStatus } from '../../../shared/collector/collectorModel';
import type { FlowCollection } from '../../../shared/domain';
import { refusedReadOnly } from './readOnly';
import type { SliceCreator } from './types';

export interface CollectorSlice {
  collector: CollectorStatus | null;
  collectorBusy: 'starting' | 'stopping' | 'sending' | null;
  /** Why the last start, stop or demo failed, in words; null after a success. */
  collectorError: string | null;
  /** What the last demo export sent, in words. */
  collectorNote: string | null;
  /** Ids of the collections the collector handed over, so the grid follows new ones only while it shows one of them. */
  collectorCollectionIds: string[];
  loadCollector(): Promise<void>;
  applyCollectorStats(status: CollectorStatus): void;
  applyCollectorCollection(collection: FlowCollection): void;
  startCollector(address: string, port: number): Promise<void>;
  stopCollector(): Promise<void>;
  sendDemoExports(): Promise<void>;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export const createCollectorSlice: SliceCreator<CollectorSlice> = (api) => (set, get) => ({
  collector: null,
  collectorBusy: null,
  collectorError: null,
  collectorNote: null,
  collectorCollectionIds: [],

  async loadCollector() {
    try {
      set({ collector: await api.call('collector.status', {}) });
    } catch (error) {
      get().reportError(error);
    }
  },

  applyCollectorStats(status) {
    set({ collector: status });
  },

  applyCollectorCollection(collection) {
    const { activeCollectionId, collectorCollectionIds } = get();
    // The grid follows the collector while it shows one of its collections, to the next one with flows (an exporter
    // sending only what cannot be read does not take the grid away).
    const following = activeCollectionId === null || (collectorCollectionIds.includes(activeCollectionId) && collection.result.table.length > 0);
    set({ collectorCollectionIds: [...collectorCollectionIds, collection.command.id] });
    get().addCollection(collection.command.routerId, collection);
    // Otherwise what the analyst reads stays in view: the new collection waits in the selector.
    if (!following && activeCollectionId !== null) get().selectCollection(activeCollectionId);
  },

  async startCollector(address, port) {
    if (refusedReadOnly(get())) return;
    set({ collectorBusy: 'starting', collectorError: null, collectorNote: null });
    try {
      set({ collector: await api.call('collector.start', { address: address.trim() || COLLECTOR_DEFAULTS.address, port }) });
    } catch (error) {
      set({ collectorError: messageOf(error) });
    } finally {
      set({ collectorBusy: null });
    }
  },

  async stopCollector() {
    set({ collectorBusy: 'stopping', collectorError: null });
    try {
      set({ collector: await api.call('collector.stop', {}) });
    } catch (error) {
      set({ collectorError: messageOf(error) });
    } finally {
      set({ collectorBusy: null });
    }
  },

  async sendDemoExports() {
    const collector = get().collector;
    if (collector?.state !== 'listening' || collector.address === null || collector.port === null) return;
    set({ collectorBusy: 'sending', collectorError: null, collectorNote: null });
    try {
      const sent = await api.call('lab.exportFlows', { address: collector.address, port: collector.port });
      set({ collectorNote: `The lab sent ${sent.flows} flows of its ${sent.scenario} scenario as NetFlow v9 from ${sent.from}: ${sent.packets} datagrams, ${sent.templatePackets} with the template. They appear as a collection within ${collector.flushSeconds} s.` });
    } catch (error) {
      set({ collectorError: messageOf(error) });
    } finally {
      set({ collectorBusy: null });
    }
  },
});
