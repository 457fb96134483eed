// The case's own record: the append-only audit log (what was done, by whom, when, chained by hashes), and the notes
// and findings the analyst kept, each pointing at its row of evidence.
import { useState } from 'react';
import type { AuditEntry, CaseFinding, CaseNote } from '../../../../shared/case/caseModel';
import { useActions, useAppStore } from '../../store/appStore';
import type { CaseLog } from '../../store/caseSlice';
import { shownCase } from '../../store/caseSlice';
import { Toggle } from '../details/ShareBars';
import { DialogButtons } from '../dialogs/DialogFooter';
import { Modal } from '../dialogs/Modal';
import { TerminalSessions } from './TerminalSessions';

type View = 'audit' | 'notes' | 'terminal';

/** "2024-06-13 08:10:00Z": the instant in UTC, to the second, as the audit log keeps it. */
export function utcText(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

function AuditTable({ audit }: { audit: AuditEntry[] }) {
  if (audit.length === 0) return <p className="muted">The audit log is empty.</p>;
  return (
    <div className="case-table-scroll">
      <table className="case-table audit-table" data-testid="audit-table">
        <thead>
          <tr>
            <th scope="col">Seq</th>
            <th scope="col">Time (UTC)</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            <th scope="col">Summary</th>
            <th scope="col">Hash</th>
          </tr>
        </thead>
        <tbody>
          {audit.map((entry) => (
            <tr key={entry.seq} data-testid="audit-row" data-action={entry.action}>
              <td className="cell-number">{entry.seq}</td>
              <td className="nowrap">{utcText(entry.at)}</td>
              <td>{entry.actor}</td>
              <td className="nowrap">{entry.action}</td>
              <td className="audit-summary">{entry.summary}</td>
              <td>
                <code title={`SHA-256 ${entry.hash}\nprevious ${entry.prevHash}`}>{entry.hash.slice(0, 12)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function targetText(log: CaseLog, target: CaseNote['target']): string {
  const collection = log.collections.find((c) => c.id === target.collectionId);
  const what = collection ? `${collection.device} · ${collection.command}` : `collection ${target.collectionId}`;
  return target.row === null ? what : `${what} · row ${target.row + 1}`;
}

function Notes({ log }: { log: CaseLog }) {
  if (log.notes.length === 0) return <p className="muted">No notes yet: “Add note…” in a row’s menu (right-click, or the Menu key) keeps one.</p>;
  return (
    <ul className="case-notes" data-testid="case-notes">
      {log.notes.map((note) => (
        <li key={note.id} data-testid="case-note">
          <div className="muted small">
            {targetText(log, note.target)} — {note.author}, {utcText(note.updatedAt)}
          </div>
          <p className="case-note-text">{note.text}</p>
          {note.tags.length > 0 && (
            <p>
              {note.tags.map((tag) => (
                <span key={tag} className="tag">
                  {tag}
                </span>
              ))}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}

function Finding({ finding }: { finding: CaseFinding }) {
  const { flow, connection, process } = finding;
  return (
    <li data-testid="case-finding">
      <div className="muted small">
        {finding.markedBy}, {utcText(finding.markedAt)}
      </div>
      <ol className="finding-chain">
        <li>
          Flow on {flow.device}: {flow.srcAddr}:{flow.srcPort} → {flow.dstAddr}:{flow.dstPort} (protocol {flow.protocol}), {flow.packets} packets
        </li>
        {connection && (
          <li>
            Socket on {connection.host}: {connection.proto} {connection.localAddr}:{connection.localPort ?? ''}
            {connection.remoteAddr !== null && ` ↔ ${connection.remoteAddr}:${connection.remotePort ?? ''}`} {connection.state ?? ''} ({connection.match})
            {connection.pid !== null && ` · PID ${connection.pid}`}
          </li>
        )}
        {process && (
          <li>
            Process on {process.host}: {process.name} (PID {process.pid}){process.commandLine ? ` — ${process.commandLine}` : ''}
          </li>
        )}
      </ol>
      {finding.note && <p className="case-note-text">{finding.note}</p>}
    </li>
  );
}

export function CaseLogDialog() {
  const log = useAppStore((s) => s.caseLog);
  const state = useAppStore((s) => s.caseLogState);
  const error = useAppStore((s) => s.caseLogError);
  const summary = useAppStore(shownCase);
  const { closeDialog, loadCaseLog } = useActions();
  const [view, setView] = useState<View>('audit');
  const current = log !== null && log.handle === summary?.handle ? log : null;
  return (
    <Modal title={`Case “${summary?.meta.name ?? ''}”: audit log, notes and findings`} onClose={closeDialog} testId="case-log-dialog" size="large">
      <div className="toolbar case-log-toolbar">
        <Toggle
          label="Shown"
          testId="case-log-view"
          value={view}
          onChange={setView}
          options={[
            { value: 'audit', label: `Audit log${current ? ` (${current.audit.length})` : ''}` },
            { value: 'notes', label: `Notes and findings${current ? ` (${current.notes.length + current.findings.length})` : ''}` },
            { value: 'terminal', label: `Terminal sessions${current ? ` (${current.terminalSessions.length})` : ''}` },
          ]}
        />
        <span className="toolbar-spacer" />
        {state === 'loading' && (
          <span className="muted small" role="status">
            <span className="spinner" aria-hidden="true" /> Reading the case…
          </span>
        )}
        {summary?.mode === 'live' && (
          <button type="button" data-testid="case-log-refresh" disabled={state === 'loading'} onClick={() => void loadCaseLog()}>
            Refresh
          </button>
        )}
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {current &&
        (view === 'audit' ? (
          <AuditTable audit={current.audit} />
        ) : view === 'terminal' ? (
          <TerminalSessions log={current} />
        ) : (
          <>
            <h3 className="case-log-heading">Findings</h3>
            {current.findings.length === 0 ? (
              <p className="muted">No findings yet: “Mark as finding…” on a flow’s match keeps the flow, its socket and its process.</p>
            ) : (
              <ul className="case-findings" data-testid="case-findings">
                {current.findings.map((finding) => (
                  <Finding key={finding.id} finding={finding} />
                ))}
              </ul>
            )}
            <h3 className="case-log-heading">Notes</h3>
            <Notes log={current} />
          </>
        ))}
      <DialogButtons onCancel={closeDialog} cancelLabel="Close" focusCancel />
    </Modal>
  );
}
