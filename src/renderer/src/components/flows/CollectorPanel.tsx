// "Listen for flow exports": the address and port the collector binds (loopback by default), start and stop, its live
// counts — malformed datagrams set apart, their reasons one click away — the exporters heard, and the lab's demo exports.
import { useId, useState } from 'react';
import { COLLECTOR_DEFAULTS, type CollectorStatus } from '../../../../shared/collector/collectorModel';
import { useActions, useAppStore } from '../../store/appStore';
import { readOnlyReason } from '../../store/readOnly';
import { formatCount, formatTime } from '../format';
import './collector.css';

function isLoopback(address: string | null): boolean {
  return address !== null && (address === '::1' || /^127\./.test(address));
}

function versionName(version: 5 | 9 | 10 | null): string {
  return version === null ? 'unreadable' : version === 10 ? 'IPFIX' : `NetFlow v${version}`;
}

function MalformedCount({ stats }: { stats: CollectorStatus['stats'] }) {
  const [open, setOpen] = useState(false);
  const reasons = Object.entries(stats.malformedByReason).sort((a, b) => b[1] - a[1]);
  const summary = reasons.map(([reason, count]) => `${reason}: ${count}`).join('\n');
  return (
    <span className="collector-malformed-wrap">
      <button
        type="button"
        className={`collector-count collector-malformed${stats.malformed > 0 ? ' has-malformed' : ''}`}
        data-testid="collector-malformed"
        aria-expanded={open}
        disabled={stats.malformed === 0}
        title={stats.malformed === 0 ? 'No malformed datagram so far' : `Malformed datagrams by reason:\n${summary}\n(click for the list)`}
        onClick={() => setOpen((was) => !was)}
      >
        {stats.malformed > 0 && <span aria-hidden="true">⚠ </span>}
        {formatCount(stats.malformed)} malformed
      </button>
      {open && reasons.length > 0 && (
        <ul className="collector-reasons" data-testid="collector-malformed-reasons" aria-label="Malformed datagrams by reason">
          {reasons.map(([reason, count]) => (
            <li key={reason}>
              <code>{reason}</code> {formatCount(count)}
            </li>
          ))}
        </ul>
      )}
    </span>
  );
}

function ExporterList({ status }: { status: CollectorStatus }) {
  if (status.stats.exporters.length === 0) return <p className="hint">No exporter heard yet: point a router&apos;s flow export at {status.address}:{status.port}, or send the lab&apos;s demo exports.</p>;
  return (
    <table className="collector-exporters" data-testid="collector-exporters">
      <caption className="visually-hidden">Exporters heard</caption>
      <thead>
        <tr>
          <th scope="col">Exporter</th>
          <th scope="col">Version</th>
          <th scope="col">Datagrams</th>
          <th scope="col">Flows</th>
          <th scope="col">Malformed</th>
          <th scope="col">Templates</th>
          <th scope="col">Last datagram</th>
        </tr>
      </thead>
      <tbody>
        {status.stats.exporters.map((exporter) => (
          <tr key={exporter.exporter} data-testid="collector-exporter" data-exporter={exporter.exporter}>
            <td>
              <code>{exporter.exporter}</code>
            </td>
            <td>{versionName(exporter.version)}</td>
            <td className="number">{formatCount(exporter.packets)}</td>
            <td className="number">{formatCount(exporter.flows)}</td>
            <td className={`number${exporter.malformed > 0 ? ' warning-text' : ''}`} data-testid="exporter-malformed">
              {formatCount(exporter.malformed)}
            </td>
            <td>{exporter.templates.length === 0 ? '—' : exporter.templates.join(', ')}</td>
            <td title={exporter.lastPacketAt}>{formatTime(exporter.lastPacketAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function CollectorPanel() {
  const status = useAppStore((s) => s.collector);
  const busy = useAppStore((s) => s.collectorBusy);
  const error = useAppStore((s) => s.collectorError);
  const note = useAppStore((s) => s.collectorNote);
  const readOnly = useAppStore(readOnlyReason);
  const { startCollector, stopCollector, sendDemoExports } = useActions();
  const [open, setOpen] = useState(false);
  const [address, setAddress] = useState<string>(COLLECTOR_DEFAULTS.address);
  const [port, setPort] = useState<string>(String(COLLECTOR_DEFAULTS.port));
  const addressId = useId();
  const portId = useId();
  const bodyId = useId();
  if (readOnly !== null) return null;
  const listening = status?.state === 'listening';
  const portNumber = Number(port);
  const portProblem = /^\d+$/.test(port) && portNumber >= 1 && portNumber <= 65535 ? null : 'a port from 1 to 65535';
  const stats = status?.stats;

  return (
    <section className="collector" aria-label="Flow export collector" data-testid="collector-panel" data-state={status?.state ?? 'stopped'}>
      <div className="collector-head">
        <button type="button" className="link-button collector-toggle" aria-expanded={open || listening} aria-controls={bodyId} data-testid="collector-toggle" onClick={() => setOpen((was) => !was)}>
          {open || listening ? '▾' : '▸'} Listen for flow exports
        </button>
        {listening && status && stats && (
          <>
            <span className="collector-listening" data-testid="collector-listening">
              <span className="status-dot state-connected" aria-hidden="true" /> Listening on UDP{' '}
              <code>{status.address?.includes(':') ? `[${status.address}]` : status.address}:{status.port}</code>
            </span>
            <span className="collector-count" data-testid="collector-packets">{formatCount(stats.packets)} datagrams</span>
            <span className="collector-count" data-testid="collector-flows">{formatCount(stats.flows)} flows</span>
            <MalformedCount stats={stats} />
            <span className="collector-count" data-testid="collector-pending" title="Data sets waiting for their template (kept for 10 s)">
              {formatCount(stats.pendingSets)} waiting for a template
            </span>
            <span className={`collector-count${stats.expiredSets > 0 ? ' warning-text' : ''}`} data-testid="collector-expired" title="Data sets dropped because their template never came; each is noted in its collection's diagnostics">
              {formatCount(stats.expiredSets)} dropped
            </span>
          </>
        )}
        {!listening && stats && stats.packets > 0 && (
          <span className="muted" data-testid="collector-last">
            Last run: {formatCount(stats.packets)} datagrams, {formatCount(stats.flows)} flows, {formatCount(stats.malformed)} malformed
          </span>
        )}
      </div>
      {(open || listening) && (
        <div className="collector-body" id={bodyId}>
          <form
            className="collector-form"
            onSubmit={(event) => {
              event.preventDefault();
              if (!listening && portProblem === null) void startCollector(address, portNumber);
            }}
          >
            <div className="field-inline">
              <label htmlFor={addressId}>Address</label>
              <input
                id={addressId}
                data-testid="collector-address"
                value={address}
                disabled={listening || busy !== null}
                spellCheck={false}
                size={18}
                onChange={(e) => setAddress(e.target.value)}
                title="An IPv4 or IPv6 address of this machine. 127.0.0.1 (the default) hears only this machine: NetFlow has no authentication, so listen on an interface's address only when routers must reach it."
              />
            </div>
            <div className="field-inline">
              <label htmlFor={portId}>UDP port</label>
              <input id={portId} data-testid="collector-port" inputMode="numeric" value={port} disabled={listening || busy !== null} size={6} aria-invalid={portProblem !== null} onChange={(e) => setPort(e.target.value.trim())} />
            </div>
            {listening ? (
              <button type="button" data-testid="collector-stop" disabled={busy !== null} onClick={() => void stopCollector()}>
                {busy === 'stopping' && <span className="spinner" aria-hidden="true" />}
                Stop
              </button>
            ) : (
              <button type="submit" className="primary" data-testid="collector-start" disabled={busy !== null || portProblem !== null} title={portProblem ?? undefined}>
                {busy === 'starting' && <span className="spinner" aria-hidden="true" />}
                Start listening
              </button>
            )}
            <button
              type="button"
              data-testid="collector-demo"
              disabled={!listening || busy !== null || !isLoopback(status?.address ?? null)}
              title={!listening ? 'Start listening first' : !isLoopback(status?.address ?? null) ? 'The lab sends only to loopback: listen on 127.0.0.1 or ::1 to try it' : 'The embedded lab sends its office scenario as NetFlow v9 (template, data, a template refresh) to this collector'}
              onClick={() => void sendDemoExports()}
            >
              {busy === 'sending' && <span className="spinner" aria-hidden="true" />}
              Send demo exports from the lab
            </button>
            {portProblem !== null && <span className="danger-text">Port: {portProblem}</span>}
          </form>
          {error && (
            <p className="danger-text collector-error" role="alert" data-testid="collector-error">
              {error}
            </p>
          )}
          {note && (
            <p className="hint" role="status" data-testid="collector-note">
              {note}
            </p>
          )}
          {listening && status && <ExporterList status={status} />}
          {listening && status && (
            <p className="hint">
              Every {status.flushSeconds} s (and on stop) each exporter&apos;s flows become a collection in the list above the grid{status.stats.collections > 0 ? ` (${formatCount(status.stats.collections)} so far)` : ''}, with the datagrams kept verbatim in the case.
            </p>
          )}
        </div>
      )}
    </section>
  );
}
