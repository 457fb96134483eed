// Terminals for what FlowPivot has no button for: a router's SSH shell (the router sessions' own connection path) or a
// shell on this machine, with everything typed and printed kept in the live case.
import { hostname, userInfo } from 'node:os';
import { routerDevice, thisMachineDevice, type TerminalPartEvidence } from '../../shared/case/evidence';
import { AppError } from '../../shared/errors';
import type { TerminalExit, TerminalSessionInfo, TerminalTarget } from '../../shared/terminal/terminalTypes';
import type { EventBus } from '../services/eventBus';
import { EVIDENCE_NOT_KEPT, type EvidenceRecorder } from '../services/evidenceRecorder';
import type { LogBook } from '../services/logBook';
import type { RouterService } from '../services/routerService';
import { localShellArgv, openLocalShell } from './localShell';
import { openSshShell } from './sshShell';
import type { TerminalTransport } from './terminalTransport';
import { DEFAULT_TIMING, TerminalSession, type TerminalSessionTiming } from './terminalSession';

export interface TerminalServiceOptions {
  /** A shell on this machine runs anything typed: off where whoever holds the API must not have that. */
  allowLocalShell: boolean;
  /** The local shell's argv (default: the analyst's shell, see localShellArgv). */
  localShell?: string[];
  env?: NodeJS.ProcessEnv;
  timing?: Partial<TerminalSessionTiming>;
  /** Sessions open at once, at most. */
  maxSessions?: number;
}

function currentUser(): string | null {
  try {
    return userInfo().username;
  } catch {
    return null;
  }
}

export class TerminalService {
  private readonly sessions = new Map<string, TerminalSession>();
  private evidence: EvidenceRecorder | null = null;
  private readonly timing: TerminalSessionTiming;

  constructor(
    private readonly routers: RouterService,
    private readonly events: EventBus,
    private readonly log: LogBook,
    private readonly options: TerminalServiceOptions,
  ) {
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
  }

  /** Where transcripts go (the case service: into the live case, if one is open). */
  recordInto(evidence: EvidenceRecorder | null): void {
    this.evidence = evidence;
  }

  list(): TerminalSessionInfo[] {
    return [...this.sessions.values()].map((session) => session.info());
  }

  async open(target: TerminalTarget, size: { cols: number; rows: number }): Promise<TerminalSessionInfo> {
    if (this.sessions.size >= (this.options.maxSessions ?? 8)) {
      throw new AppError({ kind: 'terminal-unavailable', target: 'router' in target ? 'the router' : 'this machine', reason: `${this.sessions.size} terminals are open already; close one first` });
    }
    const session = 'router' in target ? await this.openRouter(target.router, size) : this.openLocal(size);
    this.sessions.set(session.sessionId, session);
    session.recording = this.evidence?.isRecording() ?? false;
    const kept = session.recording ? 'what is typed and printed is kept in the live case' : 'no case is open, so nothing typed or printed is kept';
    this.log.add({ level: session.recording ? 'info' : 'warning', kind: 'connection', routerId: session.routerId, device: session.device.label, command: null, message: `Terminal opened on ${session.device.label} (${session.info().title}), ${size.cols}×${size.rows}; ${kept}.`, detail: null });
    return session.info();
  }

  private async openRouter(routerId: string, size: { cols: number; rows: number }): Promise<TerminalSession> {
    const { options, device, identity } = await this.routers.sshConnectOptions(routerId);
    try {
      const shell = await openSshShell(options, size);
      return this.attach('router', routerId, routerDevice({ ...identity, hostKeyFingerprint: shell.hostKeyFingerprint }), shell, size);
    } catch (error) {
      const appError = error instanceof AppError ? error : new AppError({ kind: 'internal', detail: (error as Error).message });
      this.log.add({ level: 'error', kind: 'connection', routerId, device, command: null, message: `Terminal on ${device} not opened: ${appError.message}`, detail: null });
      throw appError;
    }
  }

  private openLocal(size: { cols: number; rows: number }): TerminalSession {
    const env = this.options.env ?? process.env;
    if (!this.options.allowLocalShell) {
      throw new AppError({ kind: 'terminal-unavailable', target: 'this machine', reason: 'local shells are turned off for this FlowPivot (FLOWPIVOT_NO_LOCAL_SHELL)' });
    }
    const argv = this.options.localShell ?? localShellArgv(process.platform, env);
    const shell = openLocalShell(argv, size, env);
    const device = thisMachineDevice(hostname(), process.platform === 'win32' ? 'windows' : process.platform, currentUser());
    return this.attach('local', null, device, shell, size);
  }

  private attach(kind: 'router' | 'local', routerId: string | null, device: TerminalPartEvidence['device'], transport: TerminalTransport, size: { cols: number; rows: number }): TerminalSession {
    const session: TerminalSession = new TerminalSession(
      kind,
      routerId,
      device,
      transport,
      size,
      {
        output: (data) => this.events.emit('terminal.output', { sessionId: session.sessionId, data }),
        keep: (part) => this.keep(part, routerId),
        ended: (exit) => {
          this.sessions.delete(exit.sessionId);
          this.log.add({ level: exit.reason === 'connection-lost' ? 'warning' : 'info', kind: 'connection', routerId, device: device.label, command: null, message: exit.message, detail: null });
          this.events.emit('terminal.exit', exit);
        },
      },
      this.timing,
    );
    return session;
  }

  private async keep(part: TerminalPartEvidence, routerId: string | null): Promise<string | null> {
    if (this.evidence === null) return null;
    try {
      return (await this.evidence.terminalTranscript(part)) ? part.id : null;
    } catch (error) {
      this.log.add({ level: 'error', kind: 'error', routerId, device: part.device.label, command: 'terminal session', message: `Part ${part.part} of the terminal transcript on ${part.device.label} was NOT kept in the case: ${(error as Error).message}`, detail: EVIDENCE_NOT_KEPT });
      return null;
    }
  }

  private session(sessionId: string): TerminalSession {
    const session = this.sessions.get(sessionId);
    if (!session?.isOpen) throw new AppError({ kind: 'terminal-not-open', sessionId });
    return session;
  }

  input(sessionId: string, data: string): void {
    this.session(sessionId).input(data);
  }

  resize(sessionId: string, cols: number, rows: number): void {
    this.session(sessionId).resize(cols, rows);
  }

  /** Ends the session; one that is ending already (its shell just exited) answers with that end. */
  close(sessionId: string): Promise<TerminalExit> {
    const session = this.sessions.get(sessionId);
    if (!session) throw new AppError({ kind: 'terminal-not-open', sessionId });
    return session.end('closed', null);
  }

  /** Ends every session, each transcript kept first (FlowPivot is closing). */
  async disposeAll(): Promise<void> {
    await Promise.all([...this.sessions.values()].map((session) => session.end('shutdown', null)));
  }
}
