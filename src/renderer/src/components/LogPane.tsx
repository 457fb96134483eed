// The session log at the bottom: connections, commands (with their raw output, verbatim) and errors; resizable.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { LogEntry } from '../../../shared/domain';
import { useActions, useAppStore } from '../store/appStore';
import { formatBytes, formatTime } from './format';
import { ResizeHandle } from './ResizeHandle';

/** Rendering stops here; older entries stay in the store and in main's log. */
const maxRendered = 1000;
/** A raw output beyond this is shown in part until asked for, so one huge capture does not freeze the window. */
const outputPreviewChars = 1_000_000;
const minHeight = 60;
const defaultHeight = 160;

function lineCount(text: string): number {
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines += 1;
  return lines;
}

function LogEntryRow({ entry }: { entry: LogEntry }) {
  const [expanded, setExpanded] = useState(false);
  const [whole, setWhole] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const { logDetail } = useActions();
  const rowRef = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (expanded) rowRef.current?.scrollIntoView({ block: 'nearest' });
  }, [expanded]);
  const hasOutput = entry.kind === 'command' && entry.detail !== null;
  const detail = whole ?? entry.detail ?? '';
  // Main sends at most the start of a big output (entry.detailLength is the whole length); the rest on request.
  const length = whole?.length ?? entry.detailLength ?? detail.length;
  const shown = whole !== null || detail.length <= outputPreviewChars ? detail : detail.slice(0, outputPreviewChars);
  const showAll = async () => {
    if (entry.detailLength === undefined) return setWhole(entry.detail ?? '');
    setLoading(true);
    try {
      setWhole((await logDetail(entry.id)) ?? entry.detail ?? '');
    } finally {
      setLoading(false);
    }
  };
  return (
    <li className={`log-entry level-${entry.level}`} data-testid="log-entry" data-kind={entry.kind} ref={rowRef}>
      <div className="log-line">
        <time dateTime={entry.at} title={entry.at}>
          {formatTime(entry.at)}
        </time>
        <span className={`log-level level-${entry.level}`}>{entry.level}</span>
        {entry.device && <span className="log-device">{entry.device}</span>}
        {entry.command && <code className="log-command">{entry.command}</code>}
        <span className="log-message">{entry.message}</span>
        {hasOutput && (
          <button type="button" className="link-button" aria-expanded={expanded} data-testid="log-entry-toggle" onClick={() => setExpanded((v) => !v)}>
            {expanded ? 'Hide output' : entry.detailLength === undefined ? `Show output (${lineCount(detail)} lines)` : `Show output (${formatBytes(entry.detailLength)})`}
          </button>
        )}
      </div>
      {hasOutput && expanded && (
        <>
          <pre className="raw-output" data-testid="log-entry-output" tabIndex={0}>
            {shown}
          </pre>
          {shown.length < length && (
            <p className="muted small">
              Showing the first {formatBytes(shown.length)} of {formatBytes(length)}.{' '}
              <button type="button" className="link-button" disabled={loading} onClick={() => void showAll()}>
                {loading ? 'Loading…' : 'Show all'}
              </button>
            </p>
          )}
        </>
      )}
    </li>
  );
}

export function LogPane() {
  const entries = useAppStore((s) => s.logEntries);
  const [height, setHeight] = useState(defaultHeight);
  const listRef = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);
  const dragStartHeight = useRef(height);
  const shown = entries.length > maxRendered ? entries.slice(entries.length - maxRendered) : entries;

  useLayoutEffect(() => {
    const list = listRef.current;
    if (list && stickToBottom.current) list.scrollTop = list.scrollHeight;
  }, [entries]);

  const maxHeight = () => window.innerHeight - 200;
  const clamp = (value: number) => Math.max(minHeight, Math.min(value, maxHeight()));

  return (
    <section className="log-pane" data-testid="log-pane" aria-labelledby="log-heading" style={{ height }}>
      <ResizeHandle
        between="rows"
        label="Resize the log"
        valueNow={height}
        valueMin={minHeight}
        valueMax={maxHeight()}
        onDrag={(delta, phase) => {
          if (phase === 'start') dragStartHeight.current = height;
          // The log grows upwards: dragging up (a negative delta) makes it taller.
          else setHeight(clamp(dragStartHeight.current - delta));
        }}
        onStep={(direction, big) => setHeight((h) => clamp(h - direction * (big ? 80 : 20)))}
      />
      <div className="section-head log-head">
        <h2 id="log-heading">Log</h2>
        <span className="muted small">
          {entries.length} entries{entries.length > shown.length ? ` (latest ${shown.length} shown)` : ''}
        </span>
      </div>
      <div
        className="log-scroll"
        ref={listRef}
        onScroll={(e) => {
          const el = e.currentTarget;
          stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
        }}
      >
        {shown.length === 0 ? (
          <p className="muted">Nothing yet: connections and commands appear here.</p>
        ) : (
          <ol className="log-list">
            {shown.map((entry) => (
              <LogEntryRow key={entry.id} entry={entry} />
            ))}
          </ol>
        )}
      </div>
    </section>
  );
}
