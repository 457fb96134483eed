// The linked grids' selection: what the analyst pivots from (a flow, a socket or a process), the flow that led to the
// process picked, "investigate this flow" with its steps, and stopping a process behind one confirmation.
import type { ConnectionMatch } from '../../../shared/correlation/correlation';
import { investigationCandidates, type InvestigationCandidate } from '../../../shared/correlation/investigation';
import { canonicalAddress } from '../../../shared/correlation/socketAddress';
import type { Connection, Flow, HostOs, HostProfile, KillResult, ProcessEntry } from '../../../shared/domain';
import { AppError, type AppErrorData } from '../../../shared/errors';
import { processStartedAt, protectedProcessReason, sameImageName } from '../../../shared/processIdentity';
import { upsertById } from './copyOnWrite';
import { flowOfLine, getCollectionData } from './flowCache';
import { flowText } from './flowText';
import { getProcessRows } from './hostCache';
import { hostKeyOf, type HostCollectionSummary } from './hostsSlice';
import { pivotIndexOf } from './pivotIndex';
import { refusedReadOnly } from './readOnly';
import { internalTestOf } from './settingsSlice';
import type { AppState, SliceCreator } from './types';

/** A flow row of a collection; rows are known by their line in the router's output. */
export interface FlowRef {
  collectionId: string;
  line: number;
}

/** What the analyst selected last, which the other grids follow. */
export type PivotOrigin =
  | ({ kind: 'flow' } & FlowRef)
  | { kind: 'connection'; collectionId: string; hostKey: string; line: number }
  | { kind: 'process'; hostKey: string; pid: number };

/** The connections grid shows the host's sockets, or the selected flow's matches on every collected host. */
export type ConnectionsView = 'sockets' | 'matches';

export interface InvestigationStep {
  id: number;
  text: string;
  state: 'running' | 'done' | 'failed';
}

export interface Investigation {
  flow: FlowRef;
  flowText: string;
  state: 'running' | 'landed' | 'failed';
  steps: InvestigationStep[];
  /** The outcome in one sentence, once finished. */
  message: string | null;
}

/** The process a kill is about, as the analyst saw it, with what the confirmation shows. */
export interface KillTarget {
  hostKey: string;
  /** Null when the host is no longer in the host list: nothing can run on it. */
  hostId: string | null;
  /** "WS5081 (10.xx.50.81)". */
  hostName: string;
  process: ProcessEntry;
  /** The listing the process was seen in. */
  listing: { tool: string; finishedAt: string };
  /** ISO-8601 UTC, worked out as main does (processIdentity); null when the listing has no times. */
  expectStartedAt: string | null;
  /** Why stopping it harms the host itself; null for an ordinary process. */
  protectedReason: string | null;
  /** Its sockets in the host's newest connections, and when those were collected. */
  connections: Connection[];
  connectionsAt: string | null;
  /** The flow that led here, in words (also the kill's recorded reason); null when none did. */
  leadFlow: string | null;
}

export interface KillState {
  target: KillTarget;
  phase: 'confirm' | 'running' | 'refused' | 'failed' | 'done';
  /** Main's refusal or failure sentence, shown as is. */
  message: string | null;
  /** The refusal was for a protected process, which a deliberate second step may override. */
  canOverride: boolean;
  result: KillResult | null;
  /** After the kill the processes are listed again: whether the PID is still there. */
  relisted: 'pending' | 'gone' | 'still-listed' | 'failed' | null;
}

export type PivotDialogState = { type: 'kill-process' };

export interface PivotSlice {
  pivot: PivotOrigin | null;
  /** The flow whose match led to the process picked; kept while the analyst moves between that process's rows. */
  leadFlow: FlowRef | null;
  connectionsView: ConnectionsView;
  /** Row id of the match picked in the matches view. */
  selectedMatch: string | null;
  investigation: Investigation | null;
  kill: KillState | null;
  /** Selects a flow: its matches on every collected host, the strongest match's process picked. */
  pivotToFlow(flow: FlowRef): void;
  pivotToConnection(collectionId: string, hostKey: string, line: number, pid: number | null): void;
  pivotToProcess(hostKey: string, pid: number): void;
  pickMatch(match: ConnectionMatch): void;
  clearPivot(): void;
  setConnectionsView(view: ConnectionsView): void;
  /** Picks the flow's internal end, adds it as a host if unknown, collects it, and lands on the matching process. */
  investigateFlow(flow: FlowRef): Promise<void>;
  /** The no-match line's button: adds the host if unknown, collects its connections and processes, pivots again. */
  collectForFlow(flow: FlowRef, address: string): Promise<void>;
  dismissInvestigation(): void;
  /** Opens the kill confirmation for a process of a host's shown (or newest) listing. */
  askKill(hostKey: string, pid: number): void;
  /** Runs the kill; `allowProtected` only from the confirmation's deliberate second step. */
  confirmKill(allowProtected: boolean): Promise<void>;
}

/** Stable row id of a match, across rebuilds of the index. */
export function matchRowId(match: Pick<ConnectionMatch, 'hostKey' | 'connectionIndex' | 'hostEnd'>): string {
  return `${match.hostKey}#${match.connectionIndex}#${match.hostEnd}`;
}

export function flowAt(ref: FlowRef): Flow | null {
  return flowOfLine(ref.collectionId, ref.line);
}

/** When the router listed the flow: the collection's finish time. */
export function flowSeenAt(ref: FlowRef): string | null {
  return getCollectionData(ref.collectionId)?.command.finishedAt ?? null;
}

/** The flow's matches on every collected host, strongest first. */
export function matchesOfFlow(state: Pick<AppState, 'hostCollections'>, ref: FlowRef): ConnectionMatch[] {
  const flow = flowAt(ref);
  return flow === null ? [] : pivotIndexOf(state.hostCollections).connections.matchFlow(flow, flowSeenAt(ref));
}

/** The match to land on: the strongest with an owning process; between equals, the flow's source (who started it). */
export function bestMatch(matches: readonly ConnectionMatch[]): ConnectionMatch | null {
  const owned = matches.filter((match) => match.connection.pid !== null && match.connection.pid > 0);
  const top = owned[0];
  if (!top) return null;
  return owned.find((match) => match.strength === top.strength && match.hostEnd === 'src') ?? top;
}

/** "WS5081 (10.xx.50.81)", or the address alone. */
export function hostDisplayName(host: string, profile: HostProfile | undefined): string {
  return profile?.label ? `${profile.label} (${host})` : host;
}

const endWords = { src: 'source', dst: 'destination' } as const;

/**
 * Whether main refused because the process is protected (which the analyst may override), not because its PID was
 * reused. The error names no cause yet, so its reason is read: main's protected refusal ends by offering the override.
 */
function refusedForProtection(refusal: Extract<AppErrorData, { kind: 'kill-refused' }>): boolean {
  const cause = (refusal as { because?: unknown }).because;
  if (typeof cause === 'string') return cause === 'protected';
  return /override for protected processes/i.test(refusal.reason);
}

let nextStepId = 1;

export const createPivotSlice: SliceCreator<PivotSlice> = (api) => (set, get) => {
  function updateInvestigation(change: (investigation: Investigation) => Partial<Investigation>): void {
    set((s) => (s.investigation ? { investigation: { ...s.investigation, ...change(s.investigation) } } : {}));
  }

  function startStep(text: string): number {
    const id = nextStepId++;
    updateInvestigation((i) => ({ steps: [...i.steps, { id, text, state: 'running' }] }));
    return id;
  }

  function endStep(id: number, state: InvestigationStep['state'], text?: string): void {
    updateInvestigation((i) => ({ steps: i.steps.map((step) => (step.id === id ? { ...step, state, text: text ?? step.text } : step)) }));
  }

  /** The host in the list with this address, added (PsExec, the current logon) when there is none. */
  async function ensureHost(address: string): Promise<{ host: HostProfile; added: boolean }> {
    const wanted = canonicalAddress(address);
    const known = get().hosts.find((host) => canonicalAddress(host.address) === wanted);
    if (known) return { host: known, added: false };
    const host = await api.call('hosts.add', { address, via: 'psexec', os: 'windows' });
    set((s) => ({ hosts: upsertById(s.hosts, host) }));
    return { host, added: true };
  }

  /** Collects both; the connections' failure in words (the processes only name the PIDs), or null. */
  async function collectBoth(host: HostProfile): Promise<{ failed: string | null; warning: string | null }> {
    await Promise.all([get().collectConnections(host.id), get().collectProcesses(host.id)]);
    const notes = get().hostNotes[host.id];
    const dialog = get().dialog;
    if ((dialog?.type === 'host-key-unknown' || dialog?.type === 'host-key-changed') && dialog.deviceId === host.id) {
      return { failed: `${host.address} showed an SSH host key to decide on first: answer that question, then investigate again.`, warning: null };
    }
    return { failed: notes?.connections?.message ?? null, warning: notes?.processes?.message ?? null };
  }

  function candidatesOf(flow: Flow): InvestigationCandidate[] {
    const isInternal = internalTestOf(get().settings);
    return investigationCandidates(flow, isInternal, get().hosts.map((host) => host.address));
  }

  return {
    pivot: null,
    leadFlow: null,
    connectionsView: 'sockets',
    selectedMatch: null,
    investigation: null,
    kill: null,

    pivotToFlow(ref) {
      if (flowAt(ref) === null) return;
      const best = bestMatch(matchesOfFlow(get(), ref));
      set({ pivot: { kind: 'flow', ...ref }, leadFlow: ref, selectedMatch: best ? matchRowId(best) : null, connectionsView: 'matches' });
      get().pickProcess(best?.connection.pid ? { hostKey: best.hostKey, pid: best.connection.pid } : null);
    },

    pivotToConnection(collectionId, hostKey, line, pid) {
      set({ pivot: { kind: 'connection', collectionId, hostKey, line }, selectedMatch: null });
      get().pickProcess(pid !== null && pid > 0 ? { hostKey, pid } : null);
    },

    pivotToProcess(hostKey, pid) {
      set({ pivot: { kind: 'process', hostKey, pid }, selectedMatch: null, connectionsView: 'sockets' });
      get().pickProcess({ hostKey, pid });
    },

    pickMatch(match) {
      set({ selectedMatch: matchRowId(match) });
      const pid = match.connection.pid;
      get().pickProcess(pid !== null && pid > 0 ? { hostKey: match.hostKey, pid } : null);
    },

    clearPivot() {
      set({ pivot: null, leadFlow: null, selectedMatch: null, connectionsView: 'sockets' });
      get().pickProcess(null);
    },

    setConnectionsView(view) {
      set({ connectionsView: view });
    },

    async investigateFlow(ref) {
      const flow = flowAt(ref);
      if (flow === null || get().investigation?.state === 'running' || refusedReadOnly(get())) return;
      get().pivotToFlow(ref);
      set({ investigation: { flow: ref, flowText: flowText(flow), state: 'running', steps: [], message: null } });
      const finish = (state: Investigation['state'], message: string) => updateInvestigation(() => ({ state, message }));

      const candidates = candidatesOf(flow);
      if (candidates.length === 0) {
        finish('failed', `Neither ${flow.srcAddr} nor ${flow.dstAddr} is in an internal range, so there is no host of yours to collect. Add the range under Flag rules if one of them is yours.`);
        return;
      }
      const problems: string[] = [];
      for (const candidate of candidates) {
        const end = endWords[candidate.end];
        let host: HostProfile;
        const hostStep = startStep(`${candidate.address} (the flow's ${end}): looking it up in the host list…`);
        try {
          const found = await ensureHost(candidate.address);
          host = found.host;
          endStep(hostStep, 'done', found.added ? `${candidate.address} (the flow's ${end}): added to the host list, reached through PsExec.` : `${candidate.address} (the flow's ${end}): in the host list${host.label ? ` as ${host.label}` : ''}.`);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          endStep(hostStep, 'failed', `${candidate.address} could not be added: ${message}`);
          problems.push(message);
          continue;
        }
        const collectStep = startStep(`Collecting connections and processes on ${candidate.address}…`);
        const { failed, warning } = await collectBoth(host);
        if (failed !== null) {
          endStep(collectStep, 'failed', failed);
          problems.push(failed);
          continue;
        }
        endStep(collectStep, warning === null ? 'done' : 'failed', warning === null ? `Collected connections and processes on ${candidate.address}.` : `Collected the connections on ${candidate.address}; the processes failed: ${warning}`);

        const hostKey = hostKeyOf(host.id, host.address);
        const matches = matchesOfFlow(get(), ref).filter((match) => match.hostKey === hostKey);
        const best = bestMatch(matches);
        if (best === null || best.connection.pid === null) {
          const none = `No socket on ${candidate.address} matches the flow: the connection may have closed since the router saw it.`;
          endStep(startStep(none), 'failed');
          problems.push(none);
          continue;
        }
        get().pivotToFlow(ref);
        set({ selectedMatch: matchRowId(best) });
        get().pickProcess({ hostKey, pid: best.connection.pid });
        const name = best.process?.name ?? 'a process not in the listing';
        finish('landed', `PID ${best.connection.pid} (${name}) on ${hostDisplayName(candidate.address, host)}: ${best.reason}.`);
        return;
      }
      finish('failed', problems.length === 1 ? problems[0]! : `No host led to a process: ${problems.join(' ')}`);
    },

    async collectForFlow(ref, address) {
      if (refusedReadOnly(get())) return;
      let host: HostProfile;
      try {
        host = (await ensureHost(address)).host;
      } catch (error) {
        get().reportError(error);
        return;
      }
      await collectBoth(host);
      const pivot = get().pivot;
      if (pivot?.kind === 'flow' && pivot.collectionId === ref.collectionId && pivot.line === ref.line) get().pivotToFlow(ref);
    },

    dismissInvestigation() {
      if (get().investigation?.state !== 'running') set({ investigation: null });
    },

    askKill(hostKey, pid) {
      if (refusedReadOnly(get())) return;
      const state = get();
      const shown = state.hostCollections.find((c) => c.id === state.activeProcessesId);
      const listing: HostCollectionSummary | undefined =
        shown?.hostKey === hostKey ? shown : state.hostCollections.find((c) => c.kind === 'processes' && c.hostKey === hostKey);
      if (!listing) return;
      const process = getProcessRows(listing.id).find((row) => row.pid === pid);
      if (!process) return;
      const profile = state.hosts.find((host) => host.id === listing.hostId);
      const index = pivotIndexOf(state.hostCollections);
      const collected = index.hosts.get(hostKey);
      const connections = collected ? index.connections.connectionsOfPid(hostKey, pid).map((i) => collected.snapshot.connections[i]!) : [];
      let leadFlow: string | null = null;
      const lead = state.leadFlow;
      if (lead) {
        const flow = flowAt(lead);
        const led = matchesOfFlow(state, lead).some((match) => match.hostKey === hostKey && match.connection.pid === pid);
        const collection = state.collections.find((c) => c.id === lead.collectionId);
        if (flow && led) leadFlow = `${flowText(flow)}, seen by ${collection?.device ?? 'the router'} at ${flowSeenAt(lead) ?? 'an unknown time'}`;
      }
      const os: HostOs = profile?.os ?? 'windows';
      set({
        kill: {
          target: {
            hostKey,
            hostId: profile ? profile.id : null,
            hostName: hostDisplayName(listing.host, profile),
            process,
            listing: { tool: listing.tool, finishedAt: listing.finishedAt },
            expectStartedAt: processStartedAt(process, listing.finishedAt),
            protectedReason: protectedProcessReason(os, process),
            connections,
            connectionsAt: collected?.snapshot.connectionsAt ?? null,
            leadFlow,
          },
          phase: 'confirm',
          message: null,
          canOverride: false,
          result: null,
          relisted: null,
        },
        dialog: { type: 'kill-process' },
        dialogBusy: false,
        dialogError: null,
      });
    },

    async confirmKill(allowProtected) {
      const kill = get().kill;
      if (!kill || kill.phase === 'running' || kill.target.hostId === null || refusedReadOnly(get())) return;
      const { target } = kill;
      const hostId = target.hostId!;
      const update = (change: Partial<KillState>) => set((s) => (s.kill ? { kill: { ...s.kill, ...change } } : {}));
      update({ phase: 'running', message: null });
      let result: KillResult;
      try {
        result = await api.call('hosts.kill', {
          id: hostId,
          pid: target.process.pid,
          expectName: target.process.name,
          expectStartedAt: target.expectStartedAt,
          ...(allowProtected ? { allowProtected: true } : {}),
          ...(target.leadFlow ? { reason: target.leadFlow } : {}),
        });
      } catch (error) {
        const refusal = error instanceof AppError && error.data.kind === 'kill-refused' ? error.data : null;
        update({
          phase: refusal ? 'refused' : 'failed',
          message: error instanceof Error ? error.message : String(error),
          // Only a refusal for protection, of a process FlowPivot also judges protected: a reused PID is never overridden.
          canOverride: refusal !== null && !allowProtected && target.protectedReason !== null && refusedForProtection(refusal),
        });
        return;
      }
      update({ phase: 'done', result, relisted: 'pending' });
      // The grids must not go on showing what is gone: list the host again.
      await Promise.all([get().collectProcesses(hostId), get().collectConnections(hostId)]);
      const newest = get().hostCollections.find((c) => c.kind === 'processes' && c.hostKey === target.hostKey);
      const fresh = newest !== undefined && newest.finishedAt > result.requestedAt;
      update({ relisted: !fresh ? 'failed' : getProcessRows(newest.id).some((row) => row.pid === target.process.pid && sameImageName(row.name, target.process.name)) ? 'still-listed' : 'gone' });
    },
  };
};
