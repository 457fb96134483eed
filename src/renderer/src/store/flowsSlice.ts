// Flow collections: the store keeps each collection's summary and sections; the flow table lives in flowCache.
import type { FlowCollection, ShowIpCacheFlowSections } from '../../../shared/domain';
import { FlowTable, ROW_DST_NOT_NUMERIC, ROW_SRC_NOT_NUMERIC } from '../../../shared/flows/flowTable';
import { dropCollectionData, putCollectionData } from './flowCache';
import type { SliceCreator } from './types';

export interface CollectionSummary {
  /** The command record's id: unique per run of the command. */
  id: string;
  routerId: string;
  device: string;
  command: string;
  startedAt: string;
  finishedAt: string;
  outcome: FlowCollection['command']['outcome'];
  format: string;
  parserVersion: string;
  flowCount: number;
  packetCount: number;
  /** Flows whose source or destination address is not numeric (redacted or mangled). */
  flaggedCount: number;
  diagnosticCount: number;
  sections: ShowIpCacheFlowSections;
}

export interface FlowsSlice {
  /** Newest first. */
  collections: CollectionSummary[];
  activeCollectionId: string | null;
  quickFilter: string;
  addCollection(routerId: string, collection: FlowCollection): void;
  selectCollection(collectionId: string): void;
  closeCollection(collectionId: string): void;
  setQuickFilter(text: string): void;
}

export function summarizeCollection(routerId: string, { command, result }: FlowCollection, table: FlowTable): CollectionSummary {
  let packetCount = 0;
  let flaggedCount = 0;
  const { rowBits } = table.data;
  for (let row = 0; row < table.length; row++) {
    packetCount += table.packetsAt(row);
    if (rowBits[row]! & (ROW_SRC_NOT_NUMERIC | ROW_DST_NOT_NUMERIC)) flaggedCount += 1;
  }
  return {
    id: command.id,
    routerId,
    device: command.device,
    command: command.command,
    startedAt: command.startedAt,
    finishedAt: command.finishedAt,
    outcome: command.outcome,
    format: result.format,
    parserVersion: result.parserVersion,
    flowCount: table.length,
    packetCount,
    flaggedCount,
    diagnosticCount: result.diagnostics.length,
    sections: result.sections,
  };
}

export const createFlowsSlice: SliceCreator<FlowsSlice> = () => (set) => ({
  collections: [],
  activeCollectionId: null,
  quickFilter: '',

  addCollection(routerId, collection) {
    const table = new FlowTable(collection.result.table);
    const summary = summarizeCollection(routerId, collection, table);
    putCollectionData(summary.id, {
      table,
      diagnostics: collection.result.diagnostics,
      command: collection.command,
    });
    set((s) => ({
      collections: [summary, ...s.collections.filter((c) => c.id !== summary.id)],
      activeCollectionId: summary.id,
    }));
  },

  selectCollection(collectionId) {
    set({ activeCollectionId: collectionId });
  },

  closeCollection(collectionId) {
    set((s) => {
      const collections = s.collections.filter((c) => c.id !== collectionId);
      const activeCollectionId = s.activeCollectionId === collectionId ? (collections[0]?.id ?? null) : s.activeCollectionId;
      return { collections, activeCollectionId };
    });
    // After the store no longer points at it, so no render reads a dropped entry.
    dropCollectionData(collectionId);
  },

  setQuickFilter(text) {
    set({ quickFilter: text });
  },
});
