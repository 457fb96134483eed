// Run by the flows-at-scale spec under tsx (Playwright's loader cannot import the IANA tables' JSON): imports the lab
// large scenario's flows into a case and prints, as one JSON line, the rows the flow table gives under the spec's queries.
// Usage: node --import tsx tests/e2e/support/largeCase.ts CASE_FILE FLOWS QUERIES_JSON
import { CaseStore } from '../../../src/main/case/caseStore';
import { renderShowIpCacheFlow } from '../../../src/main/lab/renderShowIpCacheFlow';
import { largeFlowCache } from '../../../src/main/lab/scenarios/largeScenario';
import { internalAddressTest, internalIpv4Test } from '../../../src/shared/correlation/internalRanges';
import { DEFAULT_FLAG_RULES } from '../../../src/shared/flags/flagRules';
import { flowFlagMasks } from '../../../src/shared/flows/flowFlagMasks';
import { FlowView, type FlowQuery } from '../../../src/shared/flows/flowQuery';
import { FlowTable, type FlowTableData } from '../../../src/shared/flows/flowTable';
import { importText } from '../../../src/shared/case/importText';

const [path, flows, queriesJson] = process.argv.slice(2);
const text = [...renderShowIpCacheFlow(largeFlowCache(Number(flows))), ''].join('\r\n');
const store = CaseStore.create(path!, { name: 'Large cache', analyst: 'e2e' });
const imported = importText(text, 'core-router.txt', { id: 'large-flows', now: '2026-12-07T09:00:00.000Z' });
if ('error' in imported) throw new Error(imported.error);
store.upsertDevice(imported.device);
store.addCollection(imported.collection);
store.close();
const table = new FlowTable(imported.collection.records as FlowTableData);
// The window's defaults: the default flag rules and internal ranges.
const view = new FlowView(table, () => flowFlagMasks(table, DEFAULT_FLAG_RULES, { text: internalAddressTest(), ipv4: internalIpv4Test() }));
const queries = JSON.parse(queriesJson!) as Record<string, FlowQuery>;
const lines = Object.fromEntries(Object.entries(queries).map(([name, query]) => [name, [...view.rows(query)].map((row) => table.lineAt(row))]));
process.stdout.write(`${JSON.stringify(lines)}\n`);
