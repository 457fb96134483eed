// Between the flows and the host grids: what is selected and what it links to, the selected flow's hosts that are not
// collected yet (with the button that collects them), "investigate this flow" step by step, and marking the flow with
// its socket and process as a finding of the case.
import { useState } from 'react';
import type { HostProfile } from '../../../../shared/domain';
import { useActions, useAppStore } from '../../store/appStore';
import { getConnectionRows } from '../../store/hostCache';
import { flowText } from '../../store/flowText';
import { noteDisabledReason } from '../../store/caseSlice';
import { hostDisplayName, type Investigation } from '../../store/pivotSlice';
import { readOnlyReason } from '../../store/readOnly';
import { endpointText, localService, remoteService } from '../hosts/connectionEndpoints';
import { matchKindLabel } from './matchColumns';
import { usePivotView, type PivotView } from './pivotView';

const endWords = { src: 'source', dst: 'destination' } as const;

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function hostNameOf(view: PivotView, hosts: HostProfile[], hostKey: string): string {
  const host = view.index.hosts.get(hostKey);
  if (!host) return hostKey;
  return hostDisplayName(host.host, hosts.find((h) => h.id === host.hostId));
}

function InvestigationPanel({ investigation }: { investigation: Investigation }) {
  const { dismissInvestigation } = useActions();
  // Once it landed, the outcome is what matters: the steps fold away (one click shows them again).
  const [stepsOpen, setStepsOpen] = useState(false);
  const showSteps = investigation.state !== 'landed' || stepsOpen;
  return (
    <div className={`investigation investigation-${investigation.state}`} data-testid="investigation" data-state={investigation.state} role="status" aria-live="polite">
      <div className="investigation-head">
        {investigation.state === 'running' && <span className="spinner" aria-hidden="true" />}
        <strong>{investigation.state === 'running' ? 'Investigating' : investigation.state === 'landed' ? 'Investigated' : 'Could not investigate'}</strong>
        <span className="investigation-flow">{investigation.flowText}</span>
        <span className="toolbar-spacer" />
        {investigation.state === 'landed' && (
          <button type="button" className="link-button" aria-expanded={stepsOpen} data-testid="investigation-steps-toggle" onClick={() => setStepsOpen((open) => !open)}>
            {stepsOpen ? 'Hide the steps' : `${investigation.steps.length} steps`}
          </button>
        )}
        {investigation.state !== 'running' && (
          <button type="button" className="icon-button" aria-label="Dismiss the investigation" onClick={dismissInvestigation}>
            ✕
          </button>
        )}
      </div>
      <ol className="investigation-steps" hidden={!showSteps}>
        {investigation.steps.map((step) => (
          <li key={step.id} className={`investigation-step step-${step.state}`} data-testid="investigation-step" data-state={step.state}>
            <span className="step-mark" aria-hidden="true">
              {step.state === 'running' ? <span className="spinner" /> : step.state === 'done' ? '✓' : '✗'}
            </span>
            {step.text}
          </li>
        ))}
      </ol>
      {investigation.message && (
        <p className={investigation.state === 'failed' ? 'investigation-message danger-text' : 'investigation-message'} data-testid="investigation-message">
          {investigation.message}
        </p>
      )}
    </div>
  );
}

function FlowSummary({ view }: { view: PivotView }) {
  const hosts = useAppStore((s) => s.hosts);
  const picked = useAppStore((s) => s.pickedProcess);
  const activity = useAppStore((s) => s.hostActivity);
  const notes = useAppStore((s) => s.hostNotes);
  const running = useAppStore((s) => s.investigation?.state === 'running');
  const readOnly = useAppStore(readOnlyReason);
  const findingOff = useAppStore(noteDisabledReason);
  const { investigateFlow, collectForFlow, askFinding } = useActions();
  const { flow, flowRef, matches } = view;
  if (!flow || !flowRef) return null;
  const hostCount = new Set(matches.map((m) => m.hostKey)).size;
  const pickedMatch = picked ? matches.find((m) => m.hostKey === picked.hostKey && m.connection.pid === picked.pid) : undefined;
  return (
    <>
      <div className="pivot-line">
        <span className="pivot-kind">Flow</span>
        <span className="pivot-what" data-testid="pivot-summary">
          {flowText(flow)}
        </span>
        <span className="pivot-links" data-testid="pivot-links">
          {matches.length === 0 ? 'no matching socket' : `${plural(matches.length, 'matching socket', 'matching sockets')} on ${plural(hostCount, 'host', 'hosts')}`}
          {pickedMatch && (
            <>
              {' '}
              · <strong>PID {pickedMatch.connection.pid}</strong> {pickedMatch.process?.name ?? ''} on {hostNameOf(view, hosts, pickedMatch.hostKey)} ({matchKindLabel[pickedMatch.kind]})
            </>
          )}
        </span>
        <span className="toolbar-spacer" />
        <button
          type="button"
          data-testid="pivot-mark-finding"
          disabled={findingOff !== null}
          onClick={() => askFinding(flowRef, pickedMatch ?? null)}
          title={findingOff ?? (pickedMatch ? 'Keep this flow, the socket and the process picked in the case as a finding' : 'Keep this flow in the case as a finding (pick a matching socket first to keep the chain)')}
        >
          Mark as finding…
        </button>
        <button type="button" className="primary" data-testid="pivot-investigate" disabled={running || readOnly !== null} onClick={() => void investigateFlow(flowRef)} title={readOnly ?? 'Collect the flow’s internal host and land on the process (I)'}>
          Investigate
        </button>
      </div>
      {view.internalEnds === 0 && (
        <p className="pivot-note" data-testid="no-internal-end">
          Neither {flow.srcAddr} nor {flow.dstAddr} is in an internal range, so no host of yours is at either end. Add a range under Flag rules if one is yours.
        </p>
      )}
      {view.uncollected.map((end) => {
        const busy = end.hostId !== null && activity[end.hostId] !== undefined;
        const failure = end.hostId === null ? undefined : notes[end.hostId]?.connections;
        const why =
          end.hostId === null
            ? 'this host is not in the host list and has not been collected.'
            : failure?.level === 'error'
              ? `its connections could not be collected: ${failure.message}`
              : 'this host has not been collected.';
        return (
          <p key={end.address} className="pivot-note no-match" data-testid="no-match" data-address={end.address} data-failed={failure?.level === 'error' || undefined}>
            <span>
              No match on <strong>{end.address}</strong> (the flow’s {endWords[end.end]}): {why}
            </span>
            <button type="button" data-testid="no-match-collect" disabled={busy || readOnly !== null} title={readOnly ?? undefined} onClick={() => void collectForFlow(flowRef, end.address)}>
              {busy && <span className="spinner" aria-hidden="true" />}
              {end.hostId === null ? 'Add & collect' : failure?.level === 'error' ? 'Try again' : 'Collect'}
            </button>
          </p>
        );
      })}
      {view.internalEnds > 0 && view.uncollected.length === 0 && matches.length === 0 && (
        <p className="pivot-note" data-testid="no-match-collected">
          No socket on the collected hosts matches this flow: the connection may have closed before the host was collected. Collect it again, or look at the flows’ time.
        </p>
      )}
    </>
  );
}

function ProcessSummary({ view, hostKey, pid }: { view: PivotView; hostKey: string; pid: number }) {
  const hosts = useAppStore((s) => s.hosts);
  const readOnly = useAppStore(readOnlyReason);
  const { askKill } = useActions();
  const process = view.index.connections.processOf(hostKey, pid);
  const sockets = view.index.connections.connectionsOfPid(hostKey, pid).length;
  return (
    <div className="pivot-line">
      <span className="pivot-kind">Process</span>
      <span className="pivot-what" data-testid="pivot-summary">
        {process?.name ?? 'not in the process listing'} (PID {pid}) on {hostNameOf(view, hosts, hostKey)}
      </span>
      <span className="pivot-links" data-testid="pivot-links">
        {plural(sockets, 'socket', 'sockets')} · {plural(view.linkedFlowLines.size, 'flow', 'flows')} of the shown collection
      </span>
      <span className="toolbar-spacer" />
      <button type="button" className="secondary-danger" data-testid="pivot-kill" disabled={process === null || readOnly !== null} onClick={() => askKill(hostKey, pid)} title={readOnly ?? 'Stop this process, after a confirmation (Delete)'}>
        Kill…
      </button>
    </div>
  );
}

function ConnectionSummary({ view, collectionId, hostKey, line }: { view: PivotView; collectionId: string; hostKey: string; line: number }) {
  const hosts = useAppStore((s) => s.hosts);
  const connection = getConnectionRows(collectionId).find((c) => c.line === line);
  if (!connection) return null;
  const process = view.index.connections.processOf(hostKey, connection.pid);
  return (
    <div className="pivot-line">
      <span className="pivot-kind">Socket</span>
      <span className="pivot-what" data-testid="pivot-summary">
        {connection.proto} {endpointText(connection.localAddr, connection.localPort, localService(connection))}
        {connection.remoteAddr !== null && ` ↔ ${endpointText(connection.remoteAddr, connection.remotePort, remoteService(connection))}`} on {hostNameOf(view, hosts, hostKey)}
      </span>
      <span className="pivot-links" data-testid="pivot-links">
        {connection.pid === null ? 'no owning PID' : `PID ${connection.pid}${process ? ` ${process.name}` : ''}`} · {plural(view.linkedFlowLines.size, 'flow', 'flows')} of the shown collection
      </span>
    </div>
  );
}

export function PivotBar() {
  const pivot = useAppStore((s) => s.pivot);
  const investigation = useAppStore((s) => s.investigation);
  const { clearPivot } = useActions();
  const view = usePivotView();
  if (!pivot && !investigation) return null;
  return (
    <section className="pivot-bar" aria-label="Selection across the grids" data-testid="pivot-bar" data-kind={pivot?.kind}>
      {pivot && (
        <div className="pivot-selection">
          <div className="pivot-body">
            {pivot.kind === 'flow' && <FlowSummary view={view} />}
            {pivot.kind === 'process' && <ProcessSummary view={view} hostKey={pivot.hostKey} pid={pivot.pid} />}
            {pivot.kind === 'connection' && <ConnectionSummary view={view} collectionId={pivot.collectionId} hostKey={pivot.hostKey} line={pivot.line} />}
          </div>
          <button type="button" className="link-button pivot-clear" data-testid="pivot-clear" onClick={clearPivot} title="Clear the selection in every grid (Esc in a grid)">
            Clear <kbd>Esc</kbd>
          </button>
        </div>
      )}
      {investigation && <InvestigationPanel investigation={investigation} />}
    </section>
  );
}
