// Flow rows and other bulky per-collection data, kept outside zustand and React state (collections reach 1 M rows).
import type { CommandRecord, Diagnostic, Flow } from '../../../shared/domain';

export interface CollectionData {
  rows: Flow[];
  diagnostics: Diagnostic[];
  command: CommandRecord;
}

const collections = new Map<string, CollectionData>();

/** Entries never change once stored, so components may read them during render by collection id. */
export function putCollectionData(collectionId: string, data: CollectionData): void {
  collections.set(collectionId, data);
}

export function getCollectionData(collectionId: string | null): CollectionData | undefined {
  return collectionId === null ? undefined : collections.get(collectionId);
}

export function dropCollectionData(collectionId: string): void {
  collections.delete(collectionId);
}

const noRows: Flow[] = [];
export function getFlowRows(collectionId: string | null): Flow[] {
  return getCollectionData(collectionId)?.rows ?? noRows;
}
