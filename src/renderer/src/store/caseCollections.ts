// A case's collections in the shapes the live lists use (FlowCollection, ConnectionCollection, ProcessCollection), so
// the grids, charts and pivot show a case read back from its file exactly as they show what was just collected.
import type { CaseContents, CaseDevice } from '../../../shared/case/caseModel';
import type {
  CommandRecord,
  Connection,
  ConnectionCollection,
  FlowCollection,
  HostCommandRecord,
  HostVia,
  ProcessCollection,
  ProcessEntry,
  ShowIpCacheFlowSections,
} from '../../../shared/domain';

export type CaseCollectionWithRecords = CaseContents['collections'][number];

/** What the window shows of a case: its collections with records, oldest first, each in the live lists' shape. */
export type ShownCaseCollection =
  | { kind: 'flows'; routerId: string; collection: FlowCollection }
  | { kind: 'connections'; collection: ConnectionCollection }
  | { kind: 'processes'; collection: ProcessCollection };

const commandOutcomes: readonly CommandRecord['outcome'][] = ['ok', 'rejected', 'timeout', 'connection-lost'];
const hostOutcomes: readonly HostCommandRecord['outcome'][] = ['ok', 'failed', 'timeout', 'cancelled'];
const vias: readonly HostVia[] = ['psexec', 'ssh', 'local'];

/** An outcome the live type knows, else "ok": an import ("imported") is a complete reading of its file. */
function knownOutcome<T extends string>(outcome: string, known: readonly T[]): T {
  return (known as readonly string[]).includes(outcome) ? (outcome as T) : known[0]!;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * The statistics sections the flow details read. Other flow formats (Flexible NetFlow, imports) keep other sections:
 * what is not there shows as absent, never as a wrong number.
 */
export function flowSectionsOf(sections: unknown): ShowIpCacheFlowSections {
  const given = isRecord(sections) ? sections : {};
  return {
    totalPackets: typeof given.totalPackets === 'number' ? given.totalPackets : null,
    packetSizes: Array.isArray(given.packetSizes) ? (given.packetSizes as ShowIpCacheFlowSections['packetSizes']) : [],
    cache: isRecord(given.cache) ? (given.cache as unknown as ShowIpCacheFlowSections['cache']) : null,
    protocols: Array.isArray(given.protocols) ? (given.protocols as ShowIpCacheFlowSections['protocols']) : [],
    protocolTotal: isRecord(given.protocolTotal) ? (given.protocolTotal as unknown as ShowIpCacheFlowSections['protocolTotal']) : null,
  };
}

function flowCollectionOf(collection: Extract<CaseCollectionWithRecords, { kind: 'flows' }>): FlowCollection {
  const routerId = collection.deviceId ?? `device:${collection.device}`;
  return {
    command: {
      id: collection.id,
      routerId,
      device: collection.device,
      command: collection.command,
      startedAt: collection.startedAt,
      finishedAt: collection.finishedAt,
      // The verbatim output stays in the case file (case.raw): the grids need only the flows.
      rawLength: 0,
      outcome: knownOutcome(collection.outcome, commandOutcomes),
    },
    result: {
      format: collection.parserId ?? 'unknown',
      parserVersion: collection.parserVersion ?? '',
      table: collection.table,
      sections: flowSectionsOf(collection.sections),
      diagnostics: collection.diagnostics,
    },
  };
}

function hostCommandOf(collection: CaseCollectionWithRecords, device: CaseDevice | undefined): HostCommandRecord {
  return {
    id: collection.id,
    hostId: collection.deviceId,
    host: device?.address ?? collection.device,
    via: knownOutcome(device?.via ?? 'local', vias),
    tool: collection.tool,
    toolPath: null,
    toolVersion: collection.toolVersion,
    // An import has no argv: its "command" is what the case says was done ("import netstat.txt").
    argv: collection.argv ?? collection.command.split(' '),
    startedAt: collection.startedAt,
    finishedAt: collection.finishedAt,
    exitCode: collection.exitCode,
    signal: null,
    stdout: '',
    stderr: collection.stderr,
    outcome: knownOutcome(collection.outcome, hostOutcomes),
  };
}

/**
 * The case's flow, connection and process collections, oldest first (kills have no rows: the audit log shows them).
 * A host is its device in the case: collections of one device id are one host, so the newest of each kind wins.
 */
export function shownCaseCollections(collections: readonly CaseCollectionWithRecords[], devices: readonly CaseDevice[]): ShownCaseCollection[] {
  const deviceById = new Map(devices.map((device) => [device.id, device]));
  const byTime = [...collections].sort((a, b) => (a.finishedAt < b.finishedAt ? -1 : a.finishedAt > b.finishedAt ? 1 : 0));
  const shown: ShownCaseCollection[] = [];
  for (const collection of byTime) {
    if (collection.kind === 'flows') {
      const flows = flowCollectionOf(collection);
      shown.push({ kind: 'flows', routerId: flows.command.routerId, collection: flows });
      continue;
    }
    if (collection.kind !== 'connections' && collection.kind !== 'processes') continue;
    const device = collection.deviceId === null ? undefined : deviceById.get(collection.deviceId);
    const command = hostCommandOf(collection, device);
    const result = { format: collection.parserId ?? 'unknown', parserVersion: collection.parserVersion ?? '', sections: collection.sections, diagnostics: collection.diagnostics, structuralLines: [] };
    const base = { hostId: collection.deviceId, host: command.host, command };
    if (collection.kind === 'connections') shown.push({ kind: 'connections', collection: { ...base, result: { ...result, records: collection.records as Connection[] } } });
    else shown.push({ kind: 'processes', collection: { ...base, result: { ...result, records: collection.records as ProcessEntry[] } } });
  }
  return shown;
}
