// Sweeps many hosts for one socket (who has TCP 445 open, who talks to port 8080) and names the process holding it,
// with HostService's own collections: every tool run logged, a cancel stops the host's runs.
import type { ProcessEntry } from '../../shared/domain';
import { socketMatch, socketMatchesQuery, socketsNameProcesses, type SocketMatch, type SocketQuery } from '../../shared/sweep/socketQuery';
import { failedRecord, foundRecords, type SocketSweepRecord } from '../../shared/sweep/sweepRecords';
import { hostEnding } from '../sweep/hostEnding';
import { runSweep, type SweepOptions, type SweepOutcome, type SweepSummary } from '../sweep/sweepEngine';
import type { HostService } from './hostService';

/** What one host has of the query. */
export interface HostSockets {
  hostId: string;
  /** The host's address as configured. */
  host: string;
  sockets: SocketMatch[];
  /** Why the processes could not be listed to name the sockets' PIDs (the sockets are found all the same); else null. */
  namingProblem: string | null;
}

export type SocketSweepOptions = Omit<SweepOptions<string, HostSockets>, 'isRetryable'>;

/** PID → name, from a process listing. */
function processNames(processes: readonly ProcessEntry[]): Map<number, string> {
  return new Map(processes.map((process) => [process.pid, process.name]));
}

export class SweepService {
  constructor(private readonly hosts: HostService) {}

  /**
   * For each host (by id): its sockets of the query's protocol with the port at either end, each with its PID and
   * process name. When the socket listing names no processes (netstat -ano), the process listing is taken to name them.
   * Results come through options.onResult as each host finishes; an aborted host has its HostService runs cancelled.
   */
  findSocket(hostIds: readonly string[], query: SocketQuery, options: SocketSweepOptions): Promise<SweepSummary> {
    return runSweep(hostIds, (hostId, signal) => this.findOnHost(hostId, query, signal), options);
  }

  private async findOnHost(hostId: string, query: SocketQuery, signal: AbortSignal): Promise<HostSockets> {
    const cancel = () => this.hosts.cancel(hostId);
    signal.addEventListener('abort', cancel, { once: true });
    try {
      const connections = await this.hosts.collectConnections(hostId);
      const matching = connections.result.records.filter((socket) => socketMatchesQuery(socket, query));
      let names: Map<number, string> | null = null;
      let namingProblem: string | null = null;
      if (matching.length > 0 && !socketsNameProcesses(matching) && !signal.aborted) {
        try {
          names = processNames((await this.hosts.collectProcesses(hostId)).result.records);
        } catch (error) {
          // The sockets are what was asked for: a failed listing leaves their processes unnamed, and says why.
          if (signal.aborted) throw error;
          namingProblem = error instanceof Error ? error.message : String(error);
        }
      }
      return { hostId, host: connections.host, sockets: matching.map((socket) => socketMatch(socket, names)), namingProblem };
    } finally {
      signal.removeEventListener('abort', cancel);
    }
  }
}

/** The records of one host's outcome; `host` is the address as listed, `timeoutMs` the sweep's per-host timeout. */
export function socketSweepRecords(outcome: SweepOutcome<string, HostSockets>, host: string, timeoutMs: number): SocketSweepRecord[] {
  const ending = hostEnding(outcome, host, timeoutMs);
  if (ending.status === 'ok') return foundRecords(host, outcome.result!.sockets, outcome.result!.namingProblem);
  return [failedRecord(host, ending.status, ending.sentence!)];
}
