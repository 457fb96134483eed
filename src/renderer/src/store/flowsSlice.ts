// Flow collections: the store keeps each collection's summary and sections; rows live in flowCache.
import type { FlowCollection, ShowIpCacheFlowSections } from '../../../shared/domain';
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

export function summarizeCollection(routerId: string, { command, result }: FlowCollection): CollectionSummary {
  let packetCount = 0;
  let flaggedCount = 0;
  for (const flow of result.records) {
    packetCount += flow.packets;
    if (flow.marks.length > 0) flaggedCount += 1;
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
    flowCount: result.records.length,
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
    const summary = summarizeCollection(routerId, collection);
    putCollectionData(summary.id, {
      rows: collection.result.records,
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
