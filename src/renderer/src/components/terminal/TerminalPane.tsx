// The terminal pane below the grids: one tab per terminal (a router's shell, or this machine's), the screen of the
// chosen one, and how each ended. Everything typed and printed is kept in the live case.
import { useRef, useState } from 'react';
import { useAppStore, useActions } from '../../store/appStore';
import { readOnlyReason } from '../../store/readOnly';
import { ResizeHandle } from '../ResizeHandle';
import { XtermScreen } from './XtermScreen';

const minHeight = 160;
const defaultHeight = 300;

/** Room kept above the pane for the flows and below it for the log. */
function clampHeight(height: number): number {
  return Math.max(minHeight, Math.min(height, window.innerHeight - 260));
}

export function TerminalPane() {
  const terminals = useAppStore((s) => s.terminals);
  const active = useAppStore((s) => s.activeTerminal);
  const opening = useAppStore((s) => s.terminalOpening);
  const recording = useAppStore((s) => s.liveCase !== null);
  const readOnly = useAppStore(readOnlyReason);
  const { openTerminal, closeTerminal, dismissTerminal, selectTerminal } = useActions();
  const [height, setHeight] = useState(defaultHeight);
  const startHeight = useRef(defaultHeight);
  if (readOnly !== null) return null;
  const shown = terminals.find((tab) => tab.sessionId === active) ?? null;

  return (
    <section className={`terminal-pane${terminals.length === 0 ? ' terminal-pane-empty' : ''}`} style={terminals.length === 0 ? undefined : { height: clampHeight(height) }} aria-label="Terminal" data-testid="terminal-pane">
      {terminals.length > 0 && (
        <ResizeHandle
          between="rows"
          label="Resize the terminal"
          valueNow={height}
          valueMin={minHeight}
          valueMax={window.innerHeight}
          onDrag={(delta, phase) => {
            if (phase === 'start') startHeight.current = height;
            setHeight(clampHeight(startHeight.current - delta));
          }}
          onStep={(direction, big) => setHeight(clampHeight(height - direction * (big ? 80 : 20)))}
        />
      )}
      <div className="terminal-bar" role="tablist" aria-label="Terminals">
        <strong className="terminal-heading">Terminal</strong>
        {terminals.map((tab) => (
          <button
            key={tab.sessionId}
            type="button"
            role="tab"
            aria-selected={tab.sessionId === active}
            className={`terminal-tab${tab.sessionId === active ? ' active' : ''}${tab.state === 'ended' ? ' ended' : ''}`}
            data-testid="terminal-tab"
            data-state={tab.state}
            title={`${tab.title} · started ${tab.startedAt}`}
            onClick={() => selectTerminal(tab.sessionId)}
          >
            {tab.device}
            {tab.state === 'ended' && ' (ended)'}
          </button>
        ))}
        <span className="toolbar-spacer" />
        {shown?.state === 'open' && (
          <button type="button" data-testid="terminal-close" onClick={() => void closeTerminal(shown.sessionId)} title="End this session; its transcript goes into the case">
            Close session
          </button>
        )}
        {shown?.state === 'ended' && (
          <button type="button" className="link-button" data-testid="terminal-dismiss" onClick={() => dismissTerminal(shown.sessionId)}>
            Remove tab
          </button>
        )}
        <button
          type="button"
          data-testid="open-local-terminal"
          disabled={opening !== null}
          onClick={() => void openTerminal({ local: true })}
          title="A shell on this machine (your $SHELL, PowerShell on Windows); what you type and what it prints is kept in the case"
        >
          {opening === 'local' && <span className="spinner" aria-hidden="true" />}
          Shell on this machine
        </button>
      </div>
      {terminals.length === 0 ? (
        <p className="muted terminal-hint">
          For what FlowPivot has no button for: “Terminal” on a router opens its CLI over SSH (same credentials and host-key checks), or open a shell on this machine. What is typed and printed is kept in the case
          {recording ? '.' : ' once one is open.'}
        </p>
      ) : (
        <>
          {!recording && (
            <p className="warning-box small" data-testid="terminal-not-recording">
              No case open: what is typed and printed in these terminals is not being kept.
            </p>
          )}
          {shown?.endMessage && (
            <p className="hint" role="status" data-testid="terminal-ended">
              {shown.endMessage}
            </p>
          )}
          <div className="terminal-screens">
            {terminals.map((tab) => (
              <XtermScreen key={tab.sessionId} sessionId={tab.sessionId} active={tab.sessionId === active} open={tab.state === 'open'} />
            ))}
          </div>
        </>
      )}
    </section>
  );
}
