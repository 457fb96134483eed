// The case's terminal sessions, read-only: where and when each ran, what was typed (secrets masked), and its
// transcript's output as the screen showed it, read back from the case file.
import { screenText, transcriptOutput } from '../../../../shared/terminal/transcript';
import { useActions, useAppStore } from '../../store/appStore';
import type { CaseLog } from '../../store/caseSlice';
import { utcText } from './CaseLogDialog';
import '../terminal/terminal.css';

function Transcript() {
  const transcript = useAppStore((s) => s.caseTranscript);
  if (!transcript) return null;
  if (transcript.state === 'loading') {
    return (
      <p className="muted small" role="status">
        <span className="spinner" aria-hidden="true" /> Reading the transcript…
      </p>
    );
  }
  if (transcript.state === 'failed') {
    return (
      <p className="form-error" role="alert">
        {transcript.message}
      </p>
    );
  }
  return (
    <pre className="terminal-transcript" data-testid="case-terminal-transcript" tabIndex={0}>
      {screenText(transcript.parts.map(transcriptOutput).join(''))}
    </pre>
  );
}

export function TerminalSessions({ log }: { log: CaseLog }) {
  const shownId = useAppStore((s) => s.caseTranscript?.sessionId ?? null);
  const { showCaseTranscript } = useActions();
  if (log.terminalSessions.length === 0) {
    return <p className="muted">No terminal sessions in this case: “Terminal” on a router, or a shell on this machine, keeps what is typed and printed here.</p>;
  }
  return (
    <ul className="case-notes" data-testid="case-terminal-sessions">
      {log.terminalSessions.map((session) => (
        <li key={session.sessionId} data-testid="case-terminal-session" data-session-id={session.sessionId}>
          <div className="muted small">
            {session.device} · {session.tool} · {utcText(session.startedAt)} → {utcText(session.finishedAt)} · {session.outcome}
            {session.exitCode !== null && ` (exit ${session.exitCode})`} · {session.collectionIds.length === 1 ? '1 part' : `${session.collectionIds.length} parts`}
            {session.maskedSecrets > 0 && ` · ${session.maskedSecrets} secret(s) masked`}
          </div>
          {session.typed.length > 0 && (
            <ol className="terminal-typed" data-testid="case-terminal-typed">
              {session.typed.map((line, index) => (
                <li key={index}>
                  <code>{line}</code>
                </li>
              ))}
            </ol>
          )}
          <button type="button" data-testid="case-terminal-show" onClick={() => void showCaseTranscript(shownId === session.sessionId ? null : session.sessionId)}>
            {shownId === session.sessionId ? 'Hide transcript' : 'Show transcript'}
          </button>
          {shownId === session.sessionId && <Transcript />}
        </li>
      ))}
    </ul>
  );
}
