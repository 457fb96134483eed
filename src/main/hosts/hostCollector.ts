// What every way of reaching a host offers: its sockets, its processes, and stopping one — with the raw runs kept.
import type { ConnectionCollection, HostCommandRecord, HostOs, HostVia, KillResult, ProcessCollection } from '../../shared/domain';

/** What a caller passes to each operation. */
export interface HostOperationOptions {
  /** Cancels the operation: the running process or SSH channel is stopped and the call rejects with 'host-command-cancelled'. */
  signal?: AbortSignal;
  /** Overrides the host's timeout for this call (ms). */
  timeoutMs?: number;
  /** Plain-words progress ("running pslist on 10.xx.50.81"), for the UI and the CLI's stderr. */
  onProgress?: (message: string) => void;
}

export interface ConnectionOptions extends HostOperationOptions {
  /** Windows: `netstat -anob`, naming each socket's executable (needs an elevated shell on the host). */
  withOwners?: boolean;
}

export interface KillOptions extends HostOperationOptions {
  /** Linux: after TERM, wait this long and send KILL if the process is still there. Windows tools always force. */
  escalateAfterMs?: number;
}

/**
 * What a collector's kill did: how it ended, the analyst's sentence, and every command it ran (the kill and the check
 * afterwards). HostService checks the process before and turns this into the KillResult with who, when and why.
 */
export interface KillRun {
  outcome: KillResult['outcome'];
  message: string;
  commands: HostCommandRecord[];
}

/** A host the collector was made for: address as typed, how to reach it, and the credentials it resolved. */
export interface HostTarget {
  hostId: string | null;
  address: string;
  via: HostVia;
  os: HostOs;
  /** Empty: current logon (PsExec) or the local user. */
  username: string;
  /** Never logged; masked in every recorded argv. */
  password: string | null;
  port: number;
  privateKey: Buffer | null;
  privateKeyPath: string | null;
  passphrase: string | null;
  timeoutMs: number;
}

/**
 * One way of reaching one host. Every method resolves with the command records of what ran (stdout/stderr verbatim)
 * and rejects only with an AppError whose sentence names the host; a failed tool run is logged before the rejection.
 */
export interface HostCollector {
  readonly target: HostTarget;
  collectConnections(options?: ConnectionOptions): Promise<ConnectionCollection>;
  collectProcesses(options?: HostOperationOptions): Promise<ProcessCollection>;
  kill(pid: number, options?: KillOptions): Promise<KillRun>;
  /** Closes what the collector holds open (an SSH connection); safe to call twice. */
  dispose(): Promise<void>;
}
