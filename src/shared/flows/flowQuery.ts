// Sorting and filtering a flow table column-wise, as the flows grid asks for them (its sort model, its column filters'
// models and the quick filter): stable radix sorts on 32-bit keys, and filters evaluated once per distinct value where a
// column has few (interfaces, protocols, ports, flag sets) and from the numbers where it has many (addresses, counters).
// The rules are those of flowColumnsSpec.ts on a Flow record; rows that keep fields outside the columns are judged on
// their record.
import { FLOW_QUERY_COLUMNS, flagLabels, flowColumnValue, flowQuickFilterText, type FlowColumnId } from './flowColumnsSpec';
import { ipv4Matcher, numberMatcher } from './flowTextMatch';
import { radixSort } from './radixSort';
import { ROW_DST_TEXT, ROW_SRC_TEXT, type FlowTable } from './flowTable';
import type { Flow } from '../domain';
import { serviceName } from '../iana';
import { protocolNameOf, toIosHex } from '../parsers/cisco/flowFields';

export type SortDirection = 'asc' | 'desc';
export interface FlowSort {
  colId: FlowColumnId;
  sort: SortDirection;
}

export type TextFilterType = 'equals' | 'notEqual' | 'contains' | 'notContains' | 'startsWith' | 'endsWith' | 'blank' | 'notBlank';
export type NumberFilterType = 'equals' | 'notEqual' | 'greaterThan' | 'greaterThanOrEqual' | 'lessThan' | 'lessThanOrEqual' | 'inRange' | 'blank' | 'notBlank';
export interface TextCondition {
  filterType: 'text';
  type: TextFilterType;
  filter?: string | null;
}
export interface NumberCondition {
  filterType: 'number';
  type: NumberFilterType;
  filter?: number | null;
  filterTo?: number | null;
}
export type FilterCondition = TextCondition | NumberCondition;
/** One column's filter, as the grid's text and number filters model it: a condition, or conditions joined. */
export type ColumnFilter = FilterCondition | { filterType: 'text' | 'number'; operator: 'AND' | 'OR'; conditions: FilterCondition[] };

export interface FlowQuery {
  sort: readonly FlowSort[];
  filters: Partial<Record<FlowColumnId, ColumnFilter>>;
  /** Words that must all occur, each in some column's quick-filter text (case-insensitive). */
  quickFilter: string;
}

type ValueTest = (value: string | number) => boolean;

/** A text condition as the grid's text filter judges it (case-insensitive), compiled once for many values. */
function textConditionTest(condition: TextCondition): (text: string) => boolean {
  const filter = (condition.filter ?? '').toLowerCase();
  switch (condition.type) {
    case 'equals':
      return (text) => text.toLowerCase() === filter;
    case 'notEqual':
      return (text) => text.toLowerCase() !== filter;
    case 'contains':
      return (text) => text.toLowerCase().includes(filter);
    case 'notContains':
      return (text) => !text.toLowerCase().includes(filter);
    case 'startsWith':
      return (text) => text.toLowerCase().startsWith(filter);
    case 'endsWith':
      return (text) => text.toLowerCase().endsWith(filter);
    case 'blank':
      return (text) => text.trim() === '';
    case 'notBlank':
      return (text) => text.trim() !== '';
  }
}

/** A number condition as the grid's number filter judges it (inRange excludes its ends; no number given: all pass). */
function numberConditionTest(condition: NumberCondition): (value: number) => boolean {
  const filter = condition.filter;
  if (condition.type === 'blank') return () => false;
  if (condition.type === 'notBlank' || filter === null || filter === undefined) return () => true;
  switch (condition.type) {
    case 'equals':
      return (value) => value === filter;
    case 'notEqual':
      return (value) => value !== filter;
    case 'greaterThan':
      return (value) => value > filter;
    case 'greaterThanOrEqual':
      return (value) => value >= filter;
    case 'lessThan':
      return (value) => value < filter;
    case 'lessThanOrEqual':
      return (value) => value <= filter;
    case 'inRange': {
      const to = condition.filterTo;
      if (to === null || to === undefined) return () => true;
      const low = Math.min(filter, to);
      const high = Math.max(filter, to);
      return (value) => value > low && value < high;
    }
  }
}

function conditionsOf(filter: ColumnFilter): { operator: 'AND' | 'OR'; conditions: FilterCondition[] } {
  return 'conditions' in filter ? { operator: filter.operator, conditions: filter.conditions } : { operator: 'AND', conditions: [filter] };
}

/** A column's whole filter as one test of a value. */
export function columnFilterTest(filter: ColumnFilter): ValueTest {
  const { operator, conditions } = conditionsOf(filter);
  const tests: ValueTest[] = conditions.map((condition) => {
    if (condition.filterType === 'text') {
      const test = textConditionTest(condition);
      return (value) => test(String(value));
    }
    const test = numberConditionTest(condition);
    return (value) => test(typeof value === 'number' ? value : Number(value));
  });
  if (tests.length === 1) return tests[0]!;
  return operator === 'AND' ? (value) => tests.every((test) => test(value)) : (value) => tests.some((test) => test(value));
}

/** The quick filter's words, lower case, as the grid splits them. */
export function quickFilterWords(text: string): string[] {
  return text.trim().toLowerCase().split(/\s+/).filter((word) => word !== '');
}

function tableOf(size: number, test: (value: number) => boolean): Uint8Array {
  const table = new Uint8Array(size);
  for (let value = 0; value < size; value++) table[value] = test(value) ? 1 : 0;
  return table;
}

let portTexts: { numbers: string[]; tcp: string[]; udp: string[] } | null = null;

/** Every port's quick-filter parts in lower case: "445 01bd", and the TCP and UDP service names (or ''). */
function portQuickFilterTexts(): { numbers: string[]; tcp: string[]; udp: string[] } {
  portTexts ??= {
    numbers: Array.from({ length: 65536 }, (_, port) => `${port} ${toIosHex(port, 4).toLowerCase()}`),
    tcp: Array.from({ length: 65536 }, (_, port) => (serviceName(port, 6) ?? '').toLowerCase()),
    udp: Array.from({ length: 65536 }, (_, port) => (serviceName(port, 17) ?? '').toLowerCase()),
  };
  return portTexts;
}

/** Ranks of texts in code-unit order (the grid's string order): equal texts, equal ranks. */
function textRanks(texts: readonly string[]): Map<string, number> {
  const distinct = [...new Set(texts)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return new Map(distinct.map((text, rank) => [text, rank]));
}

/** Sort keys of one column, most significant first: each a u32 per row, compared ascending. */
type ColumnKeys = Uint32Array[];

/**
 * A flow table's rows as the grid shows them under a query. Sort orders, filters and the flags mask are worked out
 * once and kept (a table never changes), each only when a query first needs it.
 */
export class FlowView {
  private readonly keys = new Map<FlowColumnId, ColumnKeys>();
  private readonly orders = new Map<string, Uint32Array>();
  private last: { key: string; rows: Uint32Array } | null = null;
  private identity: Uint32Array | null = null;

  private masks: Uint8Array | null = null;

  /** `flagMasks`: the rows' flags under the analyst's rules, worked out the first time a query needs them. */
  constructor(
    readonly table: FlowTable,
    private readonly flagMasksOf: () => Uint8Array,
  ) {}

  get flagMasks(): Uint8Array {
    return (this.masks ??= this.flagMasksOf());
  }

  /** Works out ahead what the first filter would (the flags, the ports' texts): for a window with time to spare. */
  prepare(): void {
    void this.flagMasks;
    portQuickFilterTexts();
  }

  /** The rows (positions in the table) that pass the query's filters, in its sort order. */
  rows(query: FlowQuery): Uint32Array {
    const key = JSON.stringify([query.sort, query.filters, quickFilterWords(query.quickFilter)]);
    if (this.last?.key === key) return this.last.rows;
    const order = this.order(query.sort);
    const pass = this.passMask(query);
    let rows = order;
    if (pass !== null) {
      const kept = new Uint32Array(order.length);
      let count = 0;
      for (let i = 0; i < order.length; i++) if (pass[order[i]!] === 1) kept[count++] = order[i]!;
      rows = kept.slice(0, count);
    }
    this.last = { key, rows };
    return rows;
  }

  private allRows(): Uint32Array {
    if (this.identity === null) {
      this.identity = new Uint32Array(this.table.length);
      for (let row = 0; row < this.identity.length; row++) this.identity[row] = row;
    }
    return this.identity;
  }

  // ---- sorting

  private order(sort: readonly FlowSort[]): Uint32Array {
    if (sort.length === 0) return this.allRows();
    const key = JSON.stringify(sort);
    let order = this.orders.get(key);
    if (!order) {
      order = this.allRows();
      // Least significant column first: each pass is stable, so earlier columns decide and later ones break ties.
      for (const { colId, sort: direction } of [...sort].reverse()) {
        for (const column of [...this.columnKeys(colId)].reverse()) {
          order = radixSort(order, direction === 'asc' ? column : descending(column));
        }
      }
      this.orders.set(key, order);
    }
    return order;
  }

  private columnKeys(column: FlowColumnId): ColumnKeys {
    let keys = this.keys.get(column);
    if (!keys) {
      keys = this.buildKeys(column);
      this.keys.set(column, keys);
    }
    return keys;
  }

  private buildKeys(column: FlowColumnId): ColumnKeys {
    const { table } = this;
    const d = table.data;
    const n = d.length;
    switch (column) {
      case 'line':
      case 'srcPort':
      case 'dstPort':
      case 'protocol':
      case 'packets': {
        const values = Float64Array.from(d[column]);
        for (const row of d.overrideRows) values[row] = Number(table.flowAt(row)[column]);
        return numberKeys(values);
      }
      case 'flags': {
        const counts = new Uint32Array(n);
        for (let row = 0; row < n; row++) {
          let mask = this.flagMasks[row]!;
          while (mask) {
            counts[row]!++;
            mask &= mask - 1;
          }
        }
        return [counts];
      }
      case 'srcIf':
      case 'dstIf': {
        const texts = d.names.slice();
        const overrideTexts: string[] = [];
        for (const row of d.overrideRows) overrideTexts.push(String(table.flowAt(row)[column]));
        const ranks = textRanks([...texts, ...overrideTexts]);
        const nameRanks = Uint32Array.from(texts, (text) => ranks.get(text)!);
        const ids = d[column];
        const key = new Uint32Array(n);
        for (let row = 0; row < n; row++) key[row] = nameRanks[ids[row]!]!;
        d.overrideRows.forEach((row, k) => (key[row] = ranks.get(overrideTexts[k]!)!));
        return [key];
      }
      case 'srcAddr':
      case 'dstAddr': {
        // Numeric IPv4 addresses first, by value; text (IPv6, names, anonymised) after them, in code-unit order.
        const textBit = column === 'srcAddr' ? ROW_SRC_TEXT : ROW_DST_TEXT;
        const textRows = [...d.overrideRows].filter((row) => (d.rowBits[row]! & textBit) !== 0);
        const texts = textRows.map((row) => String(table.flowAt(row)[column]));
        const ranks = textRanks(texts);
        const high = new Uint32Array(n);
        textRows.forEach((row, k) => (high[row] = 1 + ranks.get(texts[k]!)!));
        return [high, d[column]];
      }
    }
  }

  // ---- filtering: each filter and quick-filter word is a mask over the rows, computed column by column in row order

  /** 1 for the rows that pass every filter and contain every quick-filter word; null when nothing filters. */
  private passMask(query: FlowQuery): Uint8Array | null {
    const masks: Uint8Array[] = [];
    for (const column of FLOW_QUERY_COLUMNS) {
      const filter = query.filters[column];
      if (filter) masks.push(this.columnFilterMask(column, filter));
    }
    for (const word of quickFilterWords(query.quickFilter)) masks.push(this.quickFilterMask(word));
    if (masks.length === 0) return null;
    const pass = masks[0]!;
    for (const mask of masks.slice(1)) for (let row = 0; row < pass.length; row++) pass[row]! &= mask[row]!;
    return pass;
  }

  /** Sets the mask of each row that keeps fields outside the columns by reading its record. */
  private judgeOverrides(mask: Uint8Array, passes: (flow: Flow, row: number) => boolean): Uint8Array {
    for (const row of this.table.data.overrideRows) mask[row] = passes(this.table.flowAt(row), row) ? 1 : 0;
    return mask;
  }

  private columnFilterMask(column: FlowColumnId, filter: ColumnFilter): Uint8Array {
    const { table, flagMasks } = this;
    const d = table.data;
    const n = d.length;
    const mask = new Uint8Array(n);
    const passes = columnFilterTest(filter);
    const onRecord = (flow: Flow, row: number) => passes(flowColumnValue(flow, column, flagMasks[row]!));
    switch (column) {
      case 'line':
      case 'srcPort':
      case 'dstPort':
      case 'protocol':
      case 'packets': {
        const values = d[column];
        for (let row = 0; row < n; row++) mask[row] = passes(values[row]!) ? 1 : 0;
        return this.judgeOverrides(mask, onRecord);
      }
      case 'flags': {
        const byMask = tableOf(256, (flags) => passes(flagLabels(flags)));
        for (let row = 0; row < n; row++) mask[row] = byMask[flagMasks[row]!]!;
        return mask;
      }
      case 'srcIf':
      case 'dstIf': {
        const byName = Uint8Array.from(d.names, (name) => (passes(name) ? 1 : 0));
        const ids = d[column];
        for (let row = 0; row < n; row++) mask[row] = byName[ids[row]!]!;
        return this.judgeOverrides(mask, onRecord);
      }
      case 'srcAddr':
      case 'dstAddr': {
        const addresses = d[column];
        const test = ipv4FilterTest(filter);
        if (test !== null) for (let row = 0; row < n; row++) mask[row] = test(addresses[row]!) ? 1 : 0;
        else {
          const text = column === 'srcAddr' ? (row: number) => table.srcAddrAt(row) : (row: number) => table.dstAddrAt(row);
          for (let row = 0; row < n; row++) mask[row] = passes(text(row)) ? 1 : 0;
        }
        return this.judgeOverrides(mask, onRecord);
      }
    }
  }

  /** 1 for the rows where `word` occurs in some column's quick-filter text. */
  private quickFilterMask(word: string): Uint8Array {
    const { table, flagMasks } = this;
    const d = table.data;
    const n = d.length;
    const mask = new Uint8Array(n);
    const mark = (column: ArrayLike<number>, hits: ArrayLike<number>) => {
      for (let row = 0; row < n; row++) mask[row]! |= hits[column[row]!]!;
    };
    mark(flagMasks, tableOf(256, (flags) => flagLabels(flags).toLowerCase().includes(word)));
    const byName = Uint8Array.from(d.names, (name) => (name.toLowerCase().includes(word) ? 1 : 0));
    if (byName.includes(1)) {
      mark(d.srcIf, byName);
      mark(d.dstIf, byName);
    }
    mark(d.protocol, tableOf(256, (protocol) => `${protocol} ${protocolNameOf(protocol) ?? ''} ${toIosHex(protocol, 2)}`.toLowerCase().includes(word)));
    // A port's text is "number service hex": the number and hex parts are the same for every protocol.
    const ports = portQuickFilterTexts();
    const byPort = tableOf(65536, (port) => ports.numbers[port]!.includes(word));
    const byTcpService = tableOf(65536, (port) => ports.tcp[port]!.includes(word));
    const byUdpService = tableOf(65536, (port) => ports.udp[port]!.includes(word));
    const anyService = byTcpService.includes(1) || byUdpService.includes(1);
    if (byPort.includes(1)) {
      mark(d.srcPort, byPort);
      mark(d.dstPort, byPort);
    }
    if (anyService) {
      for (let row = 0; row < n; row++) {
        const protocol = d.protocol[row]!;
        const services = protocol === 6 ? byTcpService : protocol === 17 ? byUdpService : null;
        if (services !== null) mask[row]! |= services[d.srcPort[row]!]! | services[d.dstPort[row]!]!;
      }
    }
    const inAddress = ipv4Matcher(word);
    if (inAddress !== null) for (let row = 0; row < n; row++) if (mask[row] === 0 && (inAddress(d.srcAddr[row]!) || inAddress(d.dstAddr[row]!))) mask[row] = 1;
    const inNumber = numberMatcher(word);
    if (inNumber !== null) for (let row = 0; row < n; row++) if (mask[row] === 0 && inNumber(d.line[row]!)) mask[row] = 1;
    // Counters are whole numbers, read from their digits (the common small ones from a table); any other number by its text.
    const smallCounts = inNumber === null ? null : tableOf(65536, inNumber);
    for (let row = 0; row < n; row++) {
      if (mask[row] !== 0) continue;
      const packets = d.packets[row]!;
      const small = packets < 65536 && smallCounts !== null ? smallCounts[packets] : undefined;
      if (small !== undefined ? small === 1 : Number.isInteger(packets) ? inNumber !== null && inNumber(packets) : String(packets).includes(word)) mask[row] = 1;
    }
    return this.judgeOverrides(mask, (flow, row) => FLOW_QUERY_COLUMNS.some((column) => flowQuickFilterText(flow, column, flagMasks[row]!).toLowerCase().includes(word)));
  }
}

/**
 * A column filter on addresses answered from their IPv4 values (contains, starts or ends with, equals, and their
 * negations; blank never holds for a dotted quad); null when it needs the addresses' text.
 */
function ipv4FilterTest(filter: ColumnFilter): ((value: number) => boolean) | null {
  const { operator, conditions } = conditionsOf(filter);
  const tests: ((value: number) => boolean)[] = [];
  for (const condition of conditions) {
    if (condition.filterType !== 'text') return null;
    const word = (condition.filter ?? '').toLowerCase();
    const test = ipv4TextTest(condition.type, word);
    if (test === null) return null;
    tests.push(test);
  }
  if (tests.length === 1) return tests[0]!;
  return operator === 'AND' ? (value) => tests.every((test) => test(value)) : (value) => tests.some((test) => test(value));
}

function ipv4TextTest(type: TextFilterType, word: string): ((value: number) => boolean) | null {
  const never = () => false;
  const always = () => true;
  switch (type) {
    case 'blank':
      return never;
    case 'notBlank':
      return always;
    case 'contains':
    case 'notContains': {
      const contains = word === '' ? always : (ipv4Matcher(word) ?? never);
      return type === 'contains' ? contains : (value) => !contains(value);
    }
    case 'startsWith':
    case 'endsWith':
    case 'equals':
    case 'notEqual': {
      const at = type === 'startsWith' ? 'start' : type === 'endsWith' ? 'end' : 'whole';
      const test = word === '' ? (type === 'equals' || type === 'notEqual' ? never : always) : (ipv4Matcher(word, at) ?? never);
      return type === 'notEqual' ? (value) => !test(value) : test;
    }
  }
}

/** Keys that order as `keys` in reverse. */
function descending(keys: Uint32Array): Uint32Array {
  const reversed = new Uint32Array(keys.length);
  for (let i = 0; i < keys.length; i++) reversed[i] = 0xffffffff - keys[i]!;
  return reversed;
}

/** Sort keys of numbers: one u32 when every value is a whole number below 2^32; otherwise the float's bits, ordered. */
function numberKeys(values: Float64Array): ColumnKeys {
  const whole = new Uint32Array(values.length);
  let fits = true;
  for (let i = 0; i < values.length && fits; i++) {
    const value = values[i]!;
    whole[i] = value;
    fits = whole[i] === value;
  }
  if (fits) return [whole];
  const bits = new Uint32Array(values.buffer.slice(0));
  const high = new Uint32Array(values.length);
  const low = new Uint32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    // IEEE 754 doubles order as integers once negatives have every bit flipped and positives the sign bit.
    const hi = bits[i * 2 + 1]!;
    const lo = bits[i * 2]!;
    const negative = (hi & 0x80000000) !== 0;
    high[i] = negative ? ~hi >>> 0 : (hi | 0x80000000) >>> 0;
    low[i] = negative ? ~lo >>> 0 : lo;
  }
  return [high, low];
}
