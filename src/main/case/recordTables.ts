// Version 1–2's per-kind record tables: which field went to which typed column, and back, exactly. Only the upgrade to
// version 3 reads them (record_sets replaced them); tests write old files with them.
import type { Connection, Flow, ProcessEntry } from '../../shared/domain';
import type { CaseRecordTypes, RecordKind } from '../../shared/case/caseModel';

/**
 * One kind's mapping. `write` puts a record's values at `out[at..]` in `columns` order (after the collection and row
 * columns, which the caller fills); `read` builds the record back from a row in the same order. Both are written out
 * field by field rather than driven by a column list: a million flows go through them, and named property access
 * keeps V8 on its fast path.
 */
export interface RecordTable<R> {
  table: RecordKind;
  /** Value columns after (collection, row), in the order write/read use. */
  columns: readonly string[];
  /** How many own enumerable fields a record of exactly this type has; more means fields for `extra`. */
  fieldCount: number;
  fields: ReadonlySet<string>;
  /** Columns (indexes into `columns`) whose values repeat from row to row: read back as shared strings. */
  repetitive: readonly number[];
  write(record: R, out: unknown[], at: number): void;
  read(row: readonly unknown[]): R;
}

const EMPTY_ARRAY_JSON = '[]';

function arrayJson(value: readonly unknown[] | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return value.length === 0 ? EMPTY_ARRAY_JSON : JSON.stringify(value);
}

function parseArray<T>(text: unknown): T[] {
  if (text === EMPTY_ARRAY_JSON) return [];
  return text === null ? (null as unknown as T[]) : (JSON.parse(text as string) as T[]);
}

/** The fields a parser added beyond the kind's own (JSON), or null when there are none — the common case, checked cheaply. */
function extraJson(record: object, table: Pick<RecordTable<unknown>, 'fieldCount' | 'fields'>): string | null {
  let count = 0;
  // Plain objects inherit no enumerable keys, so for-in counts own fields without building an array.
  for (const _key in record) count++;
  if (count === table.fieldCount) return null;
  const extra: Record<string, unknown> = {};
  let any = false;
  for (const [key, value] of Object.entries(record)) {
    if (table.fields.has(key)) continue;
    extra[key] = value;
    any = true;
  }
  return any ? JSON.stringify(extra) : null;
}

function withExtra<R>(record: R, extra: unknown): R {
  return extra === null ? record : Object.assign(record as object, JSON.parse(extra as string)) as R;
}

const flowFields = ['line', 'srcIf', 'srcAddr', 'dstIf', 'dstAddr', 'protocol', 'protocolHex', 'protocolName', 'srcPort', 'srcPortHex', 'srcService', 'dstPort', 'dstPortHex', 'dstService', 'packets', 'bytes', 'tos', 'flags', 'srcMask', 'dstMask', 'srcAs', 'dstAs', 'nextHop', 'activeSec', 'marks'] as const satisfies readonly (keyof Flow)[];

export const flowsTable: RecordTable<Flow> = {
  table: 'flows',
  columns: ['line', 'src_if', 'src_addr', 'dst_if', 'dst_addr', 'protocol', 'protocol_hex', 'protocol_name', 'src_port', 'src_port_hex', 'src_service', 'dst_port', 'dst_port_hex', 'dst_service', 'packets', 'bytes', 'tos', 'flags', 'src_mask', 'dst_mask', 'src_as', 'dst_as', 'next_hop', 'active_sec', 'marks', 'extra'],
  fieldCount: flowFields.length,
  fields: new Set(flowFields),
  // srcIf, srcAddr, dstIf, dstAddr, protocolHex, protocolName, srcPortHex, srcService, dstPortHex, dstService, nextHop
  repetitive: [1, 2, 3, 4, 6, 7, 9, 10, 12, 13, 22],
  write(f, out, at) {
    out[at] = f.line;
    out[at + 1] = f.srcIf;
    out[at + 2] = f.srcAddr;
    out[at + 3] = f.dstIf;
    out[at + 4] = f.dstAddr;
    out[at + 5] = f.protocol;
    out[at + 6] = f.protocolHex;
    out[at + 7] = f.protocolName;
    out[at + 8] = f.srcPort;
    out[at + 9] = f.srcPortHex;
    out[at + 10] = f.srcService;
    out[at + 11] = f.dstPort;
    out[at + 12] = f.dstPortHex;
    out[at + 13] = f.dstService;
    out[at + 14] = f.packets;
    out[at + 15] = f.bytes;
    out[at + 16] = f.tos;
    out[at + 17] = f.flags;
    out[at + 18] = f.srcMask;
    out[at + 19] = f.dstMask;
    out[at + 20] = f.srcAs;
    out[at + 21] = f.dstAs;
    out[at + 22] = f.nextHop;
    out[at + 23] = f.activeSec;
    out[at + 24] = arrayJson(f.marks);
    out[at + 25] = extraJson(f, flowsTable);
  },
  read(r) {
    const flow: Flow = {
      line: r[0] as number,
      srcIf: r[1] as string,
      srcAddr: r[2] as string,
      dstIf: r[3] as string,
      dstAddr: r[4] as string,
      protocol: r[5] as number,
      protocolHex: r[6] as string,
      protocolName: r[7] as string | null,
      srcPort: r[8] as number,
      srcPortHex: r[9] as string,
      srcService: r[10] as string | null,
      dstPort: r[11] as number,
      dstPortHex: r[12] as string,
      dstService: r[13] as string | null,
      packets: r[14] as number,
      bytes: r[15] as number | null,
      tos: r[16] as number | null,
      flags: r[17] as number | null,
      srcMask: r[18] as number | null,
      dstMask: r[19] as number | null,
      srcAs: r[20] as number | null,
      dstAs: r[21] as number | null,
      nextHop: r[22] as string | null,
      activeSec: r[23] as number | null,
      marks: parseArray(r[24]),
    };
    return withExtra(flow, r[25]);
  },
};

const connectionFields = ['line', 'proto', 'localAddr', 'localPort', 'remoteAddr', 'remotePort', 'state', 'pid', 'process', 'components', 'marks'] as const satisfies readonly (keyof Connection)[];

export const connectionsTable: RecordTable<Connection> = {
  table: 'connections',
  columns: ['line', 'proto', 'local_addr', 'local_port', 'remote_addr', 'remote_port', 'state', 'pid', 'process', 'components', 'marks', 'extra'],
  fieldCount: connectionFields.length,
  fields: new Set(connectionFields),
  // proto, localAddr, remoteAddr, state, process
  repetitive: [1, 2, 4, 6, 8],
  write(c, out, at) {
    out[at] = c.line;
    out[at + 1] = c.proto;
    out[at + 2] = c.localAddr;
    out[at + 3] = c.localPort;
    out[at + 4] = c.remoteAddr;
    out[at + 5] = c.remotePort;
    out[at + 6] = c.state;
    out[at + 7] = c.pid;
    out[at + 8] = c.process;
    out[at + 9] = arrayJson(c.components);
    out[at + 10] = arrayJson(c.marks);
    out[at + 11] = extraJson(c, connectionsTable);
  },
  read(r) {
    const connection: Connection = {
      line: r[0] as number,
      proto: r[1] as string,
      localAddr: r[2] as string,
      localPort: r[3] as number | null,
      remoteAddr: r[4] as string | null,
      remotePort: r[5] as number | null,
      state: r[6] as string | null,
      pid: r[7] as number | null,
      process: r[8] as string | null,
      components: parseArray(r[9]),
      marks: parseArray(r[10]),
    };
    return withExtra(connection, r[11]);
  },
};

const processFields = ['line', 'name', 'pid', 'ppid', 'priority', 'threads', 'handles', 'privateKb', 'cpuSec', 'elapsedSec', 'depth', 'user', 'startedAt', 'commandLine'] as const satisfies readonly (keyof ProcessEntry)[];

export const processesTable: RecordTable<ProcessEntry> = {
  table: 'processes',
  columns: ['line', 'name', 'pid', 'ppid', 'priority', 'threads', 'handles', 'private_kb', 'cpu_sec', 'elapsed_sec', 'depth', 'user', 'started_at', 'command_line', 'extra'],
  fieldCount: processFields.length,
  fields: new Set(processFields),
  // name, user
  repetitive: [1, 11],
  write(p, out, at) {
    out[at] = p.line;
    out[at + 1] = p.name;
    out[at + 2] = p.pid;
    out[at + 3] = p.ppid;
    out[at + 4] = p.priority;
    out[at + 5] = p.threads;
    out[at + 6] = p.handles;
    out[at + 7] = p.privateKb;
    out[at + 8] = p.cpuSec;
    out[at + 9] = p.elapsedSec;
    out[at + 10] = p.depth;
    out[at + 11] = p.user;
    out[at + 12] = p.startedAt;
    out[at + 13] = p.commandLine;
    out[at + 14] = extraJson(p, processesTable);
  },
  read(r) {
    const entry: ProcessEntry = {
      line: r[0] as number,
      name: r[1] as string,
      pid: r[2] as number,
      ppid: r[3] as number | null,
      priority: r[4] as number | null,
      threads: r[5] as number | null,
      handles: r[6] as number | null,
      privateKb: r[7] as number | null,
      cpuSec: r[8] as number | null,
      elapsedSec: r[9] as number | null,
      depth: r[10] as number | null,
      user: r[11] as string | null,
      startedAt: r[12] as string | null,
      commandLine: r[13] as string | null,
    };
    return withExtra(entry, r[14]);
  },
};

export const recordTables: { [K in RecordKind]: RecordTable<CaseRecordTypes[K]> } = {
  flows: flowsTable,
  connections: connectionsTable,
  processes: processesTable,
};
