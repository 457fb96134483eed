// The Watch panel for one host, between the flows and the host grids so a flow can still be picked: the target (from
// the selected flow, or typed), how often and how long, the progress, the alert with the owner named, the watched
// sockets, and Cancel. Enter starts, Escape closes when no watch runs.
import { useEffect, useId, useRef, useState } from 'react';
import type { Flow } from '../../../../shared/domain';
import { catchProbability } from '../../../../shared/watch/watchSchedule';
import { formatWatchTarget } from '../../../../shared/watch/watchTarget';
import { useActions, useAppStore } from '../../store/appStore';
import { flowOfLine } from '../../store/flowCache';
import { readOnlyReason } from '../../store/readOnly';
import type { WatchRun } from '../../store/watchSlice';
import { readWatchForm } from '../../store/watchForm';
import { formatPercent } from '../format';
import { formatPreciseTime } from './watchColumns';
import { WatchedSocketsGrid } from './WatchedSocketsGrid';

/** The sampling odds in words, for the interval typed: the socket of the lab's beacon is open 300 ms at a time. */
function samplingHint(intervalSeconds: string): string {
  const intervalMs = Number(intervalSeconds) * 1000;
  if (!Number.isFinite(intervalMs) || intervalMs <= 0) return '';
  const once = catchProbability(300, intervalMs);
  const inAMinute = catchProbability(300, intervalMs, 6);
  const odds = once >= 1 ? 'catches every opening' : `catches ${formatPercent(once)} of openings (${formatPercent(inAMinute)} chance in a minute of one every 10 s)`;
  return `A socket open 300 ms at a time: a listing every ${intervalSeconds} s ${odds}. A listing is one instant, and runs never overlap, so a run slower than the interval stretches it (PsExec takes about 0.2 s).`;
}

function useSecondsLeft(endsAt: string | null, running: boolean): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [running]);
  return endsAt === null ? null : Math.max(0, (Date.parse(endsAt) - now) / 1000);
}

function WatchProgressLine({ run }: { run: WatchRun }) {
  const running = run.phase !== 'finished';
  const left = useSecondsLeft(run.endsAt, running);
  const outcome = run.summary === null ? null : run.summary.outcome === 'cancelled' ? 'Cancelled' : run.summary.outcome === 'failed' ? 'Failed' : 'Finished';
  return (
    <div className="watch-progress" role="status" data-testid="watch-progress" data-phase={run.phase}>
      {running && <span className="spinner" aria-hidden="true" />}
      <span data-testid="watch-snapshots">
        {run.snapshot} snapshot{run.snapshot === 1 ? '' : 's'}
      </span>
      <span>· {run.socketsKnown} sockets known</span>
      {running && left !== null && <span data-testid="watch-time-left">· {left.toFixed(0)} s left</span>}
      {run.phase === 'cancelling' && <span>· cancelling…</span>}
      {outcome && <strong data-testid="watch-outcome">· {outcome}</strong>}
      {run.problem && <span className="watch-problem">· last run failed: {run.problem}</span>}
    </div>
  );
}

function WatchAlertBox({ run }: { run: WatchRun }) {
  const alert = run.alert;
  if (alert === null) return null;
  const socket = alert.socket;
  return (
    <div className="watch-alert" role="alert" data-testid="watch-alert">
      <strong>Caught {formatWatchTarget(alert.target)}</strong>{' '}
      <span>
        {socket.proto} {socket.localAddr}:{socket.localPort ?? '*'} → {socket.remoteAddr ?? '*'}:{socket.remotePort ?? '*'} ({alert.match}) at {formatPreciseTime(alert.caughtAt)}, snapshot {alert.snapshot}
      </span>
      <ul className="watch-owners">
        {alert.owners.length === 0 && <li>No PID listed for it.</li>}
        {alert.owners.map((owner) => (
          <li key={owner.pid} data-testid="watch-owner">
            PID <strong>{owner.pid}</strong>{' '}
            {owner.name === null ? (
              <span className="muted">{alert.processCollectionId === null ? `not named: the process list failed (${alert.processProblem ?? 'no reason given'})` : 'had exited before the process list ran'}</span>
            ) : (
              <>
                <strong data-testid="watch-owner-name">{owner.name}</strong>
                {owner.startedAt && <span> started {formatPreciseTime(owner.startedAt)}</span>}
                {owner.process?.commandLine && <span className="muted"> · {owner.process.commandLine}</span>}
              </>
            )}
          </li>
        ))}
      </ul>
      {alert.processesAt && <span className="muted small">Process list taken at {formatPreciseTime(alert.processesAt)}; kept in the case with every snapshot, and a note on the owner.</span>}
    </div>
  );
}

export function WatchPanel() {
  const hostId = useAppStore((s) => s.watchPanelHost);
  const host = useAppStore((s) => s.hosts.find((candidate) => candidate.id === s.watchPanelHost) ?? null);
  const form = useAppStore((s) => s.watchForm);
  const run = useAppStore((s) => (s.watchPanelHost === null ? undefined : s.watchRuns[s.watchPanelHost]));
  const flowRef = useAppStore((s) => (s.pivot?.kind === 'flow' ? s.pivot : s.leadFlow));
  const readOnly = useAppStore(readOnlyReason);
  const { setWatchForm, startWatch, cancelWatch, closeWatch, takeFlowAsWatchTarget } = useActions();
  const ids = { target: useId(), every: useId(), for: useId() };
  const targetInput = useRef<HTMLInputElement>(null);
  // Opened for a host: the keyboard goes to the target, as the analyst types it next.
  useEffect(() => {
    if (hostId !== null) targetInput.current?.focus();
  }, [hostId]);
  if (hostId === null || host === null) return null;

  const flow: Flow | null = flowRef ? flowOfLine(flowRef.collectionId, flowRef.line) : null;
  const running = run !== undefined && run.phase !== 'finished';
  const read = readWatchForm(form);
  const name = host.label || host.address;

  return (
    <section
      className="watch-panel"
      aria-label={`Watch ${name}`}
      data-testid="watch-panel"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !running) closeWatch();
      }}
    >
      <form
        className="watch-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (!running) void startWatch(hostId);
        }}
      >
        <h2>Watch {name}</h2>
        <label htmlFor={ids.target}>Target</label>
        <input
          id={ids.target}
          ref={targetInput}
          data-testid="watch-target"
          value={form.target}
          placeholder="udp:10.0.0.5:51515"
          size={26}
          disabled={running}
          onChange={(event) => setWatchForm({ target: event.target.value })}
          title="PROTO:ADDR:PORT — one end of the flow, either direction; a UDP socket bound to the port on this host matches too. * for any part."
        />
        <button type="button" data-testid="watch-use-flow" disabled={running || flow === null} onClick={() => flow && takeFlowAsWatchTarget(flow, host.address)} title={flow ? 'Take the target from the selected flow: its end on this host, else its destination' : 'Select a flow in the flows grid first'}>
          Use selected flow
        </button>
        <label htmlFor={ids.every}>Every (s)</label>
        <input id={ids.every} data-testid="watch-interval" type="number" min={0.1} step={0.05} value={form.intervalSeconds} disabled={running} onChange={(event) => setWatchForm({ intervalSeconds: event.target.value })} className="watch-number" />
        <label htmlFor={ids.for}>For (s)</label>
        <input id={ids.for} data-testid="watch-duration" type="number" min={1} step={1} value={form.durationSeconds} disabled={running} onChange={(event) => setWatchForm({ durationSeconds: event.target.value })} className="watch-number" />
        {running ? (
          <button type="button" className="secondary-danger" data-testid="watch-cancel" disabled={run.phase === 'cancelling'} onClick={() => void cancelWatch(hostId)}>
            Cancel
          </button>
        ) : (
          <button type="submit" className="primary" data-testid="watch-start" disabled={readOnly !== null || 'problem' in read} title={readOnly ?? ('problem' in read ? read.problem : 'List the sockets again and again; alert when the target shows')}>
            Start watch
          </button>
        )}
        <button type="button" className="icon-button" aria-label="Close the watch panel" data-testid="watch-close" disabled={running} onClick={closeWatch}>
          ✕
        </button>
      </form>
      <p className="muted small watch-hint" data-testid="watch-hint">
        {'problem' in read && form.target !== '' ? read.problem : samplingHint(form.intervalSeconds)}
      </p>
      {run?.error && (
        <p className="host-note host-note-error" role="alert" data-testid="watch-error">
          {run.error}
        </p>
      )}
      {run !== undefined && run.error === null && run.intervalMs > 0 && (
        <>
          <WatchProgressLine run={run} />
          <WatchAlertBox run={run} />
          <WatchedSocketsGrid run={run} host={host.address} />
        </>
      )}
    </section>
  );
}
