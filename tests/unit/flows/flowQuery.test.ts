// Sorting and filtering a flow table column-wise gives the rows a plain row-by-row reading of the same records gives
// (flowColumnsSpec.ts is that reading), for any records and any query; and the flags from the columns equal the
// flags of each record.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { internalAddressTest, internalIpv4Test } from '../../../src/shared/correlation/internalRanges';
import type { FlagRules, Flow } from '../../../src/shared/domain';
import { DEFAULT_FLAG_RULES, flowFlagMask } from '../../../src/shared/flags/flagRules';
import { FLOW_QUERY_COLUMNS, flowColumnValue, flowQuickFilterText, type FlowColumnId } from '../../../src/shared/flows/flowColumnsSpec';
import { flowFlagMasks } from '../../../src/shared/flows/flowFlagMasks';
import { columnFilterTest, FlowView, quickFilterWords, type ColumnFilter, type FilterCondition, type FlowQuery, type FlowSort } from '../../../src/shared/flows/flowQuery';
import { FlowTable } from '../../../src/shared/flows/flowTable';
import { digitsContain, ipv4Matcher, numberMatcher } from '../../../src/shared/flows/flowTextMatch';
import { parseIpv4 } from '../../../src/shared/parsers/cisco/flowFields';
import { flowRecord, type PrintedFlowFields } from '../../../src/shared/flows/flowRecord';

const internal = { text: internalAddressTest(['198.51.0.0/16']), ipv4: internalIpv4Test(['198.51.0.0/16']) };

/** A flow as show ip cache flow prints it; an address that is not a dotted quad or IPv6 is marked, as the parser marks it. */
function flowOf(fields: Omit<PrintedFlowFields, 'marks'>): Flow {
  const numeric = (address: string) => /^\d+\.\d+\.\d+\.\d+$/.test(address) || address.includes(':');
  return flowRecord({ ...fields, marks: [...(numeric(fields.srcAddr) ? [] : ['src-addr-not-numeric' as const]), ...(numeric(fields.dstAddr) ? [] : ['dst-addr-not-numeric' as const])] });
}

const address = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(fc.constantFrom(10, 172, 192, 198, 203, 8), fc.integer({ min: 0, max: 255 }), fc.constantFrom(0, 1, 5, 50, 168, 255), fc.integer({ min: 0, max: 255 })).map((octets) => octets.join('.')) },
  { weight: 1, arbitrary: fc.constantFrom('10.xx.50.81', '10.bb.21.1', 'fe80::1c2d', '010.1.1.1', '') },
);
const port = fc.oneof(fc.constantFrom(0, 22, 53, 80, 443, 445, 1826, 3389, 8080, 49152, 60123, 65535), fc.integer({ min: 0, max: 65535 }));
const flowArbitrary = fc
  .record({
    srcIf: fc.constantFrom('Gi0/0', 'Gi0/1', 'Fa0/0', 'Tu1', 'Null', 'Local'),
    srcAddr: address,
    dstIf: fc.constantFrom('Gi0/0', 'Gi0/2', 'Fa0/0', 'Local'),
    dstAddr: address,
    protocol: fc.constantFrom(6, 6, 17, 1, 47, 200),
    srcPort: port,
    dstPort: port,
    packets: fc.oneof(fc.integer({ min: 1, max: 20000 }), fc.constantFrom(2 ** 33, 1.5)),
    activeSec: fc.option(fc.integer({ min: 0, max: 4000 })),
  })
  .map((fields, ) => fields);

const flowsArbitrary = fc.array(flowArbitrary, { minLength: 0, maxLength: 60 }).map((rows) => rows.map((fields, i) => flowOf({ ...fields, line: 10 + i * 2 })));

/** The grid's order of two values of a column (flowColumnsSpec's reading), ascending. */
function compareColumn(a: Flow, b: Flow, column: FlowColumnId, masks: [number, number]): number {
  if (column === 'flags') return popcount(masks[0]) - popcount(masks[1]);
  if (column === 'srcAddr' || column === 'dstAddr') {
    const value = (flow: Flow) => {
      const text = flow[column];
      const number = parseIpv4(text, 0, text.length);
      return number >= 0 ? { text: '', number } : { text, number: -1 };
    };
    const [x, y] = [value(a), value(b)];
    if ((x.number >= 0) !== (y.number >= 0)) return x.number >= 0 ? -1 : 1;
    if (x.number >= 0) return x.number - y.number;
    return x.text < y.text ? -1 : x.text > y.text ? 1 : 0;
  }
  const [x, y] = [a[column], b[column]];
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  return String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
}

function popcount(mask: number): number {
  let count = 0;
  for (let bits = mask; bits; bits &= bits - 1) count++;
  return count;
}

function referenceRows(flows: readonly Flow[], masks: Uint8Array, query: FlowQuery): number[] {
  const words = quickFilterWords(query.quickFilter);
  const filters = Object.entries(query.filters).map(([column, filter]) => [column as FlowColumnId, columnFilterTest(filter as ColumnFilter)] as const);
  const kept = flows
    .map((flow, row) => ({ flow, row }))
    .filter(({ flow, row }) => filters.every(([column, test]) => test(flowColumnValue(flow, column, masks[row]!))))
    .filter(({ flow, row }) => words.every((word) => FLOW_QUERY_COLUMNS.some((column) => flowQuickFilterText(flow, column, masks[row]!).toLowerCase().includes(word))));
  kept.sort((a, b) => {
    for (const { colId, sort } of query.sort) {
      const order = compareColumn(a.flow, b.flow, colId, [masks[a.row]!, masks[b.row]!]);
      if (order !== 0) return sort === 'asc' ? order : -order;
    }
    return a.row - b.row;
  });
  return kept.map(({ row }) => row);
}

/** Words the data has (parts of addresses, ports, names), so filters match some rows and not others. */
function wordsOf(flows: readonly Flow[]): fc.Arbitrary<string> {
  const pieces = flows.flatMap((flow) => [flow.srcAddr.slice(0, 5), flow.dstAddr.slice(-4), String(flow.dstPort), flow.dstPortHex, flow.srcIf, flow.protocolName ?? 'x', String(flow.packets).slice(0, 2)]);
  return fc.oneof(fc.constantFrom('tcp', '01bd', 'microsoft', '.1', '10.', 'high', 'gi0', 'zzz', '4', ...pieces), fc.string({ maxLength: 3 }));
}

function conditionArbitrary(column: FlowColumnId, word: fc.Arbitrary<string>): fc.Arbitrary<FilterCondition> {
  if (column === 'line' || column === 'srcPort' || column === 'dstPort' || column === 'protocol' || column === 'packets') {
    return fc.record({
      filterType: fc.constant('number' as const),
      type: fc.constantFrom('equals', 'notEqual', 'greaterThan', 'greaterThanOrEqual', 'lessThan', 'lessThanOrEqual', 'inRange', 'blank', 'notBlank'),
      filter: fc.option(fc.constantFrom(0, 6, 17, 22, 80, 445, 1000, 8080, 49151, 20, 40)),
      filterTo: fc.option(fc.constantFrom(100, 1000, 50000)),
    }) as fc.Arbitrary<FilterCondition>;
  }
  return fc.record({ filterType: fc.constant('text' as const), type: fc.constantFrom('equals', 'notEqual', 'contains', 'notContains', 'startsWith', 'endsWith', 'blank', 'notBlank'), filter: fc.option(word) }) as fc.Arbitrary<FilterCondition>;
}

function queryArbitrary(flows: readonly Flow[]): fc.Arbitrary<FlowQuery> {
  const word = wordsOf(flows);
  const sort: fc.Arbitrary<FlowSort[]> = fc.uniqueArray(fc.record({ colId: fc.constantFrom(...FLOW_QUERY_COLUMNS), sort: fc.constantFrom('asc' as const, 'desc' as const) }), { maxLength: 3, selector: (key) => key.colId });
  const filter = fc.constantFrom(...FLOW_QUERY_COLUMNS).chain((column) =>
    fc.oneof(
      conditionArbitrary(column, word),
      fc.record({ filterType: fc.constant(column === 'flags' || column.endsWith('If') || column.endsWith('Addr') ? ('text' as const) : ('number' as const)), operator: fc.constantFrom('AND' as const, 'OR' as const), conditions: fc.array(conditionArbitrary(column, word), { minLength: 2, maxLength: 2 }) }),
    ).map((model) => [column, model] as const),
  );
  return fc.record({
    sort,
    filters: fc.array(filter, { maxLength: 2 }).map((entries) => Object.fromEntries(entries) as FlowQuery['filters']),
    quickFilter: fc.array(word, { maxLength: 2 }).map((words) => words.join(' ')),
  });
}

const rulesArbitrary: fc.Arbitrary<FlagRules> = fc.record({
  highPortAbove: fc.constantFrom(0, 1024, 49151),
  uncommonPorts: fc.boolean(),
  unknownProtocols: fc.boolean(),
  internalToExternal: fc.boolean(),
  longLivedSeconds: fc.constantFrom(0, 1800),
  highVolumePackets: fc.constantFrom(0, 100, 10000),
});

describe('FlowView', () => {
  it('gives the rows a row-by-row reading gives, for any records and query (property)', () => {
    fc.assert(
      fc.property(
        flowsArbitrary.chain((flows) => fc.tuple(fc.constant(flows), fc.array(queryArbitrary(flows), { minLength: 1, maxLength: 4 }), rulesArbitrary)),
        ([flows, queries, rules]) => {
          const table = FlowTable.fromFlows(flows);
          const masks = flowFlagMasks(table, rules, internal);
          expect([...masks]).toEqual(flows.map((flow) => flowFlagMask(flow, rules, internal.text)));
          const view = new FlowView(table, () => masks);
          for (const query of queries) expect([...view.rows(query)], JSON.stringify(query)).toEqual(referenceRows(flows, masks, query));
        },
      ),
      { numRuns: 400 },
    );
  }, 60_000);

  it('sorts by packets (descending, ties in collection order) and finds 445 by its hex, service and number', () => {
    const base = { srcIf: 'Gi0/0', dstIf: 'Gi0/1', protocol: 6, srcPort: 1826, activeSec: null };
    const flows = [
      flowOf({ ...base, line: 1, srcAddr: '10.1.1.5', dstAddr: '10.1.1.9', dstPort: 445, packets: 7 }),
      flowOf({ ...base, line: 2, srcAddr: '10.1.1.10', dstAddr: '203.0.113.4', dstPort: 80, packets: 90 }),
      flowOf({ ...base, line: 3, srcAddr: '10.xx.50.81', dstAddr: '10.1.1.9', dstPort: 445, packets: 7 }),
    ];
    const table = FlowTable.fromFlows(flows);
    const view = new FlowView(table, () => flowFlagMasks(table, DEFAULT_FLAG_RULES, internal));
    const rows = (query: Partial<FlowQuery>) => [...view.rows({ sort: [], filters: {}, quickFilter: '', ...query })];
    expect(rows({ sort: [{ colId: 'packets', sort: 'desc' }] })).toEqual([1, 0, 2]);
    expect(rows({ sort: [{ colId: 'srcAddr', sort: 'asc' }] })).toEqual([0, 1, 2]);
    expect(rows({ quickFilter: '01BD' })).toEqual([0, 2]);
    expect(rows({ quickFilter: 'microsoft-ds 10.xx' })).toEqual([2]);
    expect(rows({ quickFilter: '1.1' })).toEqual([0, 1, 2]);
    expect(rows({ quickFilter: '0.11' })).toEqual([1]);
    expect(rows({ quickFilter: '9.9' })).toEqual([]);
    expect(rows({ quickFilter: 'internal' })).toEqual([1]);
    expect(rows({ filters: { dstPort: { filterType: 'number', type: 'equals', filter: 445 } }, sort: [{ colId: 'line', sort: 'desc' }] })).toEqual([2, 0]);
  });
});

describe('text in numbers and dotted quads', () => {
  it('finds digits in a number as its decimal text would (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.nat(), fc.constantFrom(0, 10, 100, 1000, 999, 2 ** 40, Number.MAX_SAFE_INTEGER)), fc.stringMatching(/^[0-9]{1,5}$/), (value, word) => {
        expect(digitsContain(value, word, Number(word), 10 ** word.length)).toBe(String(value).includes(word));
        expect(numberMatcher(word)!(value)).toBe(String(value).includes(word));
      }),
      { numRuns: 5000 },
    );
  });

  it('finds a word in an address as its dotted quad would (property)', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), fc.oneof(fc.stringMatching(/^[0-9.]{1,9}$/), fc.nat({ max: 0xffffffff }).map((other) => `${other >>> 24}.${(other >>> 16) & 255}.${(other >>> 8) & 255}.${other & 255}`.slice(other % 3, 15 - (other % 5)))), (value, word) => {
        const text = `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
        expect(ipv4Matcher(word)?.(value) ?? false, `${word} in ${text}`).toBe(text.includes(word));
        expect(ipv4Matcher(word, 'start')?.(value) ?? false, `${text} starts with ${word}`).toBe(text.startsWith(word));
        expect(ipv4Matcher(word, 'end')?.(value) ?? false, `${text} ends with ${word}`).toBe(text.endsWith(word));
        expect(ipv4Matcher(word, 'whole')?.(value) ?? false, `${text} is ${word}`).toBe(text === word);
      }),
      { numRuns: 5000 },
    );
  }, 60_000);

  it('finds pieces of an address’s own dotted quad in it, anchored or not (property)', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), fc.nat({ max: 15 }), fc.nat({ max: 15 }), (value, start, length) => {
        const text = `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
        const word = text.slice(start, start + length + 1) || text;
        for (const other of [value, (value ^ 0x01010101) >>> 0]) {
          const otherText = `${other >>> 24}.${(other >>> 16) & 255}.${(other >>> 8) & 255}.${other & 255}`;
          expect(ipv4Matcher(word)?.(other) ?? false).toBe(otherText.includes(word));
          expect(ipv4Matcher(word, 'start')?.(other) ?? false).toBe(otherText.startsWith(word));
          expect(ipv4Matcher(word, 'end')?.(other) ?? false).toBe(otherText.endsWith(word));
          expect(ipv4Matcher(word, 'whole')?.(other) ?? false).toBe(otherText === word);
        }
      }),
      { numRuns: 3000 },
    );
  }, 60_000);

  it('judges IPv4 values internal exactly as their text is judged (property)', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), (value) => {
        const text = `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
        expect(internal.ipv4(value)).toBe(internal.text(text));
      }),
      { numRuns: 20000 },
    );
  });
});
