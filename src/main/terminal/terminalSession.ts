// One open terminal: bytes from its transport decoded and streamed to the window in batches, input passed on, and the
// transcript kept — handed to the case in parts (a checkpoint every so often, and the rest at the end).
import { randomUUID } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import type { CaseDevice } from '../../shared/case/caseModel';
import { typedLines, TranscriptBuilder } from '../../shared/terminal/transcript';
import type { TerminalEndReason, TerminalExit, TerminalSessionInfo } from '../../shared/terminal/terminalTypes';
import type { TerminalPartEvidence } from '../../shared/case/evidence';
import type { TerminalTransport, TransportExit } from './terminalTransport';

export interface TerminalSessionTiming {
  /** A checkpoint goes to the case this often while something new was typed or printed. */
  checkpointMs: number;
  /** …or as soon as this many characters of transcript wait. */
  checkpointChars: number;
  /** Closed after this long with nothing typed or printed. */
  idleMs: number;
  /** Output is sent to the window at most this often (and at once when a batch is big). */
  outputBatchMs: number;
  outputBatchChars: number;
}

export const DEFAULT_TIMING: TerminalSessionTiming = { checkpointMs: 30_000, checkpointChars: 1024 * 1024, idleMs: 30 * 60_000, outputBatchMs: 8, outputBatchChars: 64 * 1024 };

export interface TerminalSessionHooks {
  output(data: string): void;
  /** Keeps one part of the transcript; resolves to its collection id, or null when it was not kept. */
  keep(part: TerminalPartEvidence): Promise<string | null>;
  ended(exit: TerminalExit): void;
}

export class TerminalSession {
  readonly sessionId = randomUUID();
  readonly startedAt: number;
  private readonly decoder = new StringDecoder('utf8');
  private readonly transcript: TranscriptBuilder;
  private pendingOutput = '';
  private outputTimer: NodeJS.Timeout | null = null;
  private readonly checkpointTimer: NodeJS.Timeout;
  private idleTimer: NodeJS.Timeout | null = null;
  private ending: Promise<TerminalExit> | null = null;
  private readonly collectionIds: string[] = [];
  /** Parts are kept one after the other, in order. */
  private keeping: Promise<unknown> = Promise.resolve();
  private partsNotKept = 0;
  recording = false;

  constructor(
    readonly kind: 'router' | 'local',
    readonly routerId: string | null,
    readonly device: CaseDevice,
    private readonly transport: TerminalTransport,
    size: { cols: number; rows: number },
    private readonly hooks: TerminalSessionHooks,
    private readonly timing: TerminalSessionTiming,
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = now();
    this.transcript = new TranscriptBuilder({ width: size.cols, height: size.rows, title: `${transport.title} on ${device.label}`, env: { TERM: 'xterm-256color' } }, this.startedAt);
    transport.onData((chunk) => this.received(chunk));
    transport.onExit((exit) => void this.end(exit.reason, exit));
    this.checkpointTimer = setInterval(() => this.checkpoint(), timing.checkpointMs);
    this.checkpointTimer.unref();
    this.touch();
  }

  info(): TerminalSessionInfo {
    return { sessionId: this.sessionId, kind: this.kind, routerId: this.routerId, device: this.device.label, title: this.transport.title, startedAt: new Date(this.startedAt).toISOString(), recording: this.recording };
  }

  get isOpen(): boolean {
    return this.ending === null;
  }

  private received(chunk: Buffer | string): void {
    if (this.ending) return;
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    if (text.length === 0) return;
    this.transcript.output(this.now(), text);
    this.pendingOutput += text;
    // A keystroke's echo goes at once; a burst that follows it within the batch time goes as one batch.
    if (this.outputTimer === null) {
      this.flushOutput();
      this.outputTimer = setTimeout(() => this.endOutputBatch(), this.timing.outputBatchMs);
    } else if (this.pendingOutput.length >= this.timing.outputBatchChars) this.flushOutput();
    if (this.transcript.pendingLength >= this.timing.checkpointChars) this.checkpoint();
    this.touch();
  }

  /** The batch time is over: what arrived meanwhile goes, and the next output starts a new batch (or goes at once). */
  private endOutputBatch(): void {
    this.outputTimer = null;
    if (this.pendingOutput.length === 0) return;
    this.flushOutput();
    this.outputTimer = setTimeout(() => this.endOutputBatch(), this.timing.outputBatchMs);
  }

  private flushOutput(): void {
    if (this.pendingOutput.length === 0) return;
    const data = this.pendingOutput;
    this.pendingOutput = '';
    this.hooks.output(data);
  }

  input(data: string): void {
    if (this.ending) return;
    this.transcript.input(this.now(), data);
    this.transport.write(data);
    this.touch();
  }

  resize(cols: number, rows: number): void {
    if (this.ending) return;
    this.transcript.resize(this.now(), cols, rows);
    this.transport.resize(cols, rows);
  }

  private touch(): void {
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => void this.end('idle', null), this.timing.idleMs);
    this.idleTimer.unref();
  }

  /** Hands what accumulated to the case as one part; `outcome` 'checkpoint' while the session goes on. */
  private keepPart(outcome: string, exitCode: number | null): Promise<unknown> {
    const part = this.transcript.takePart(this.now(), { evenIfEmpty: outcome !== 'checkpoint' });
    if (part === null) return this.keeping;
    const evidence: TerminalPartEvidence = {
      id: `${this.sessionId}-${part.part}`,
      sessionId: this.sessionId,
      device: this.device,
      tool: this.transport.tool,
      toolVersion: this.transport.toolVersion,
      argv: this.transport.argv,
      transcript: part.text,
      part: part.part,
      startedAt: new Date(part.startedAt).toISOString(),
      finishedAt: new Date(part.finishedAt).toISOString(),
      outcome,
      exitCode,
      typed: typedLines(part.inputs),
      maskedSecrets: this.transcript.maskedSecrets,
      events: part.events,
    };
    this.keeping = this.keeping.then(async () => {
      const id = await this.hooks.keep(evidence);
      if (id === null) this.partsNotKept += 1;
      else this.collectionIds.push(id);
      this.recording = id !== null;
    });
    return this.keeping;
  }

  private checkpoint(): void {
    if (this.ending || !this.transcript.hasPending) return;
    void this.keepPart('checkpoint', null);
  }

  /** Ends the session once (later calls get the same end): the transport stops, the last part goes to the case. */
  end(reason: TerminalEndReason, exit: TransportExit | null): Promise<TerminalExit> {
    if (this.ending) return this.ending;
    this.ending = (async () => {
      clearInterval(this.checkpointTimer);
      if (this.idleTimer !== null) clearTimeout(this.idleTimer);
      if (exit === null) this.transport.close();
      const tail = this.decoder.end();
      if (tail.length > 0) {
        this.transcript.output(this.now(), tail);
        this.pendingOutput += tail;
      }
      if (this.outputTimer !== null) clearTimeout(this.outputTimer);
      this.outputTimer = null;
      this.flushOutput();
      await this.keepPart(reason, exit?.exitCode ?? null);
      const result: TerminalExit = { sessionId: this.sessionId, reason, exitCode: exit?.exitCode ?? null, message: this.endSentence(reason, exit), collectionIds: [...this.collectionIds] };
      this.hooks.ended(result);
      return result;
    })();
    return this.ending;
  }

  private endSentence(reason: TerminalEndReason, exit: TransportExit | null): string {
    const what = `The terminal on ${this.device.label}`;
    const how: Record<TerminalEndReason, string> = {
      closed: 'was closed',
      exited: `ended (the shell exited${exit?.exitCode !== null && exit?.exitCode !== undefined ? ` with code ${exit.exitCode}` : exit?.signal ? ` on ${exit.signal}` : ''})`,
      'connection-lost': `lost its connection${exit?.detail ? ` (${exit.detail})` : ''}`,
      idle: `was closed after ${Math.round(this.timing.idleMs / 60_000)} min with nothing typed or printed`,
      shutdown: 'was closed because FlowPivot is closing',
    };
    const kept = this.collectionIds.length > 0
      ? this.partsNotKept === 0
        ? ` Its transcript is in the case (${this.collectionIds.length === 1 ? '1 collection' : `${this.collectionIds.length} collections`}).`
        : ` Only part of its transcript is in the case: ${this.partsNotKept} part(s) were not kept (no case was recording then).`
      : ' Its transcript was NOT kept: no case was recording.';
    return `${what} ${how[reason]}.${kept}`;
  }
}
