// Flow collections' tables and other bulky per-collection data, kept outside zustand and React state (collections
// reach a million rows): the table in columns, its views under the analyst's flag rules, and its reverse-pivot index.
import { FlowIndex } from '../../../shared/correlation/correlation';
import type { AnalystSettings, CommandSummary, Diagnostic, Flow } from '../../../shared/domain';
import { flowFlagMasks } from '../../../shared/flows/flowFlagMasks';
import { FlowView } from '../../../shared/flows/flowQuery';
import type { FlowTable } from '../../../shared/flows/flowTable';
import { internalTestsOf } from './settingsSlice';

export interface CollectionData {
  table: FlowTable;
  diagnostics: Diagnostic[];
  command: CommandSummary;
}

const collections = new Map<string, CollectionData>();
/** The reverse pivot's index of a collection's flows, built the first time a process or socket asks for its flows. */
const flowIndexes = new Map<string, FlowIndex>();
/** The grid's view of a collection under the settings it was made for (flags follow the analyst's rules). */
const views = new Map<string, { settings: AnalystSettings; view: FlowView }>();

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
  views.delete(collectionId);
}

export function getFlowTable(collectionId: string | null): FlowTable | null {
  return getCollectionData(collectionId)?.table ?? null;
}

/** The flow on output line `line` of the collection, or null. */
export function flowOfLine(collectionId: string, line: number): Flow | null {
  const table = getFlowTable(collectionId);
  if (!table) return null;
  const row = table.rowOfLine(line);
  return row < 0 ? null : table.flowAt(row);
}

/** Flow indexes in the index are rows of getFlowTable(collectionId). */
export function getFlowIndex(collectionId: string): FlowIndex | null {
  const table = getFlowTable(collectionId);
  if (!table) return null;
  let index = flowIndexes.get(collectionId);
  if (!index) {
    index = new FlowIndex(table);
    flowIndexes.set(collectionId, index);
  }
  return index;
}

/** The collection's view (sorts, filters, flags) under `settings`; the same object while they stay the same. */
export function getFlowView(collectionId: string | null, settings: AnalystSettings): FlowView | null {
  const table = getFlowTable(collectionId);
  if (!table || collectionId === null) return null;
  const known = views.get(collectionId);
  if (known && known.settings.flagRules === settings.flagRules && known.settings.internalRanges === settings.internalRanges) return known.view;
  const view = new FlowView(table, () => flowFlagMasks(table, settings.flagRules, internalTestsOf(settings)));
  views.set(collectionId, { settings, view });
  return view;
}
