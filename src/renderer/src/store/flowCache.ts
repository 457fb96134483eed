// Flow rows and other bulky per-collection data, kept outside zustand and React state (collections reach 1 M rows).
import { FlowIndex } from '../../../shared/correlation/correlation';
import type { CommandRecord, Diagnostic, Flow } from '../../../shared/domain';

export interface CollectionData {
  rows: Flow[];
  diagnostics: Diagnostic[];
  command: CommandRecord;
}

const collections = new Map<string, CollectionData>();
/** The reverse pivot's index of a collection's flows, built the first time a process or socket asks for its flows. */
const flowIndexes = new Map<string, FlowIndex>();

/** Entries never change once stored, so components may read them during render by collection id. */
export function putCollectionData(collectionId: string, data: CollectionData): void {
  collections.set(collectionId, data);
}

export function getCollectionData(collectionId: string | null): CollectionData | undefined {
  return collectionId === null ? undefined : collections.get(collectionId);
}

export function dropCollectionData(collectionId: string): void {
  collections.delete(collectionId);
  flowIndexes.delete(collectionId);
}

/** Flow indexes in the index are positions in getFlowRows(collectionId). */
export function getFlowIndex(collectionId: string): FlowIndex | null {
  const data = collections.get(collectionId);
  if (!data) return null;
  let index = flowIndexes.get(collectionId);
  if (!index) {
    index = new FlowIndex(data.rows);
    flowIndexes.set(collectionId, index);
  }
  return index;
}

const noRows: Flow[] = [];
export function getFlowRows(collectionId: string | null): Flow[] {
  return getCollectionData(collectionId)?.rows ?? noRows;
}
