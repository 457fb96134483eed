// Where the live services hand what they collected and did, as it happens: the open case (the window's, or the one a
// command line names with --case). Services know only this interface; the case file is the case service's business.
import type { CollectedFlows, ConnectionCollection, KillResult, ProcessCollection } from '../../shared/domain';
import type { HostIdentity, RouterIdentity, TerminalPartEvidence } from '../../shared/case/evidence';
import type { NoteTarget } from '../../shared/case/caseModel';

export interface EvidenceRecorder {
  routerCollection(router: RouterIdentity, collection: CollectedFlows<unknown>): Promise<void>;
  hostCollection(host: HostIdentity, kind: 'connections', collection: ConnectionCollection): Promise<void>;
  hostCollection(host: HostIdentity, kind: 'processes', collection: ProcessCollection): Promise<void>;
  kill(host: HostIdentity, result: KillResult): Promise<void>;
  /** A note the app itself writes on a collection or one of its rows (a watch's alert), with its audit entry. */
  note(note: { target: NoteTarget; text: string; tags: string[] }): Promise<void>;
  /** Keeps a part of a terminal session's transcript; false when no case is recording (nothing was kept). */
  terminalTranscript(part: TerminalPartEvidence): Promise<boolean>;
  /** Whether a case is recording now (what is handed over is kept). */
  isRecording(): boolean;
}

/** The log entry detail that marks "this was NOT kept in the case" (the command line exits 1 on it). */
export const EVIDENCE_NOT_KEPT = 'evidence-not-kept';
