// The first-run offer (start the embedded lab) and, while the lab runs, what to log in with, which fingerprint to
// expect, and the fleet's PID-reuse demo on the picked process.
import { useId, useState } from 'react';
import { useActions, useAppStore } from '../store/appStore';
import { getProcessRows } from '../store/hostCache';
import { readOnlyReason } from '../store/readOnly';
import { selectShowFirstRun } from '../store/selectors';

export function FirstRunPanel() {
  const show = useAppStore(selectShowFirstRun);
  const lab = useAppStore((s) => s.lab);
  const labBusy = useAppStore((s) => s.labBusy);
  const scenarios = useAppStore((s) => s.labScenarios);
  const readOnly = useAppStore(readOnlyReason);
  const { startLab, openRouterForm } = useActions();
  const [scenario, setScenario] = useState('');
  const scenarioId = useId();
  if (!show) return null;
  return (
    <section className="sidebar-section first-run" aria-labelledby="first-run-heading" data-testid="first-run">
      <h2 id="first-run-heading">Welcome to FlowPivot</h2>
      <p>FlowPivot logs in to your Cisco routers over SSH, runs “show ip cache flow” and shows the flows with ports and protocols decoded.</p>
      {lab ? (
        <p>The embedded lab router below runs on this machine only: collect its flows to try FlowPivot, or add one of your routers.</p>
      ) : (
        <p>No router is set up yet: add one, or try FlowPivot on the embedded lab router, which runs on this machine only.</p>
      )}
      {!lab && scenarios.length > 1 && (
        <div className="field">
          <label htmlFor={scenarioId}>Lab scenario</label>
          <select id={scenarioId} data-testid="lab-scenario" value={scenario} onChange={(e) => setScenario(e.target.value)}>
            <option value="">Default</option>
            {scenarios.map((s) => (
              <option key={s.name} value={s.name} title={s.description}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="button-row">
        {!lab && (
          <button type="button" className="primary" data-testid="start-lab" disabled={labBusy !== null || readOnly !== null} title={readOnly ?? undefined} onClick={() => void startLab(scenario || undefined)}>
            {labBusy === 'starting' && <span className="spinner" aria-hidden="true" />}
            Start the embedded lab
          </button>
        )}
        <button type="button" disabled={readOnly !== null} title={readOnly ?? undefined} onClick={() => openRouterForm(null)}>
          Add router
        </button>
      </div>
    </section>
  );
}

export function LabPanel() {
  const lab = useAppStore((s) => s.lab);
  const labBusy = useAppStore((s) => s.labBusy);
  const readOnly = useAppStore(readOnlyReason);
  const { stopLab } = useActions();
  if (!lab) return null;
  return (
    <section className="sidebar-section lab" aria-labelledby="lab-heading" data-testid="lab-panel">
      <div className="section-head">
        <h2 id="lab-heading">
          <span className="status-dot state-connected" aria-hidden="true" /> Embedded lab running
        </h2>
        <button type="button" data-testid="stop-lab" disabled={labBusy !== null || readOnly !== null} title={readOnly ?? undefined} onClick={() => void stopLab()}>
          {labBusy === 'stopping' && <span className="spinner" aria-hidden="true" />}
          Stop
        </button>
      </div>
      <dl className="lab-facts">
        <dt>Address</dt>
        <dd>
          <code>
            {lab.host}:{lab.port}
          </code>
        </dd>
        <dt>Username</dt>
        <dd>
          <code>{lab.username}</code>
        </dd>
        <dt>Password</dt>
        <dd>
          <code>{lab.password}</code>
        </dd>
        <dt>Enable</dt>
        <dd>
          <code>{lab.enablePassword}</code>
        </dd>
        <dt>Scenario</dt>
        <dd>{lab.scenario}</dd>
        <dt>Host key</dt>
        <dd>
          <code className="fingerprint" data-testid="lab-fingerprint">
            {lab.fingerprint}
          </code>
        </dd>
      </dl>
      <p className="hint">Compare this fingerprint with the one FlowPivot shows when it first connects.</p>
      <PidReuseDemo />
    </section>
  );
}

/** The picked process of a lab host ends and another image takes its PID: a kill from the listing shown must be refused. */
function PidReuseDemo() {
  const picked = useAppStore((s) => s.pickedProcess);
  const listing = useAppStore((s) => (picked ? s.hostCollections.find((c) => c.kind === 'processes' && c.hostKey === picked.hostKey) : undefined));
  const isLab = useAppStore((s) => listing?.hostId != null && s.hosts.some((h) => h.id === listing.hostId && h.isLab));
  const busy = useAppStore((s) => s.labBusy !== null);
  const readOnly = useAppStore(readOnlyReason);
  const { simulatePidReuse } = useActions();
  const process = picked && listing ? getProcessRows(listing.id).find((row) => row.pid === picked.pid) : undefined;
  if (!picked || !listing || !isLab || !process) {
    return <p className="hint">Pick a process of a lab host to try a kill after its PID was reused.</p>;
  }
  return (
    <div className="lab-demo">
      <button type="button" data-testid="simulate-pid-reuse" disabled={busy || readOnly !== null} onClick={() => void simulatePidReuse(listing.host, process.pid)} title={readOnly ?? 'The lab ends this process and starts another image under the same PID'}>
        {busy && <span className="spinner" aria-hidden="true" />}
        Simulate PID reuse of {process.name} (PID {process.pid})
      </button>
    </div>
  );
}
