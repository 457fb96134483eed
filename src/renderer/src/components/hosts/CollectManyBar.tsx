// At the top of the host list: tick all hosts or none, the options, "Collect from N selected", and while it runs an
// overall bar with the counts, the elapsed time and Cancel; once it ends, what came of it.
import { useEffect, useId, useState } from 'react';
import { COLLECT_MANY_LIMITS, endedCount, type CollectManyWhat } from '../../../../shared/sweep/collectMany';
import { useActions, useAppStore } from '../../store/appStore';
import type { CollectManyOptions, CollectManyRun } from '../../store/collectManySlice';
import { readOnlyReason } from '../../store/readOnly';
import { formatCount } from '../format';
import './collectMany.css';

const whatLabel: Record<CollectManyWhat, string> = {
  both: 'connections and processes',
  connections: 'connections only',
  processes: 'processes only',
};

function seconds(ms: number): string {
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** The elapsed time, ticking while the run goes on (main reports only when something changes). */
function useElapsed(run: CollectManyRun): number {
  const [now, setNow] = useState(() => Date.now());
  const live = run.phase !== 'finished';
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [live]);
  return live ? Math.max(run.elapsedMs, now - run.startedAt) : run.elapsedMs;
}

/** The counts in words; only the states some host is in. */
function countsText(run: CollectManyRun): string {
  const { counts } = run;
  const parts = [
    counts.running > 0 ? `${formatCount(counts.running)} running` : null,
    counts.queued > 0 ? `${formatCount(counts.queued)} queued` : null,
    `${formatCount(counts.done)} done`,
    counts.failed > 0 ? `${formatCount(counts.failed)} failed` : null,
    counts.timeout > 0 ? `${formatCount(counts.timeout)} timed out` : null,
    counts.cancelled > 0 ? `${formatCount(counts.cancelled)} cancelled` : null,
  ];
  return parts.filter(Boolean).join(' · ');
}

function RunProgress({ run }: { run: CollectManyRun }) {
  const { cancelCollectMany, dismissCollectMany } = useActions();
  const elapsed = useElapsed(run);
  const ended = endedCount(run.counts);
  const finished = run.phase === 'finished';
  const headline = finished
    ? `${run.cancelled ? 'Cancelled' : 'Finished'}: ${formatCount(run.counts.done)} of ${formatCount(run.total)} hosts collected in ${seconds(elapsed)}`
    : `${formatCount(ended)} of ${formatCount(run.total)} hosts ended · ${seconds(elapsed)}`;
  return (
    <div className="collect-many-run" data-testid="collect-many-run" data-phase={run.phase}>
      <div
        className="collect-many-bar"
        role="progressbar"
        aria-label="Hosts ended"
        aria-valuemin={0}
        aria-valuemax={run.total}
        aria-valuenow={ended}
        aria-valuetext={`${ended} of ${run.total} hosts ended`}
      >
        <span className="collect-many-bar-done" style={{ width: `${(run.counts.done / run.total) * 100}%` }} />
        <span className="collect-many-bar-failed" style={{ width: `${((run.counts.failed + run.counts.timeout) / run.total) * 100}%` }} />
        <span className="collect-many-bar-cancelled" style={{ width: `${(run.counts.cancelled / run.total) * 100}%` }} />
      </div>
      <div className="collect-many-status" role="status" aria-live="polite">
        <span data-testid="collect-many-headline">{headline}</span>
        <span className="muted" data-testid="collect-many-counts">
          {countsText(run)}
        </span>
      </div>
      <div className="collect-many-run-actions">
        {finished ? (
          <button type="button" className="link-button" data-testid="dismiss-collect-many" onClick={dismissCollectMany} title="Clear the hosts' states from the list; their collections stay">
            Dismiss
          </button>
        ) : (
          <button
            type="button"
            className="secondary-danger"
            data-testid="cancel-collect-many"
            disabled={run.phase === 'cancelling'}
            onClick={() => void cancelCollectMany()}
            title="Stop at once: no more hosts start, running tool processes are killed; what was collected stays"
          >
            {run.phase === 'cancelling' ? 'Cancelling…' : 'Cancel'}
          </button>
        )}
      </div>
    </div>
  );
}

type NumberField = 'concurrency' | 'timeoutSeconds' | 'retries';

const fields: { name: NumberField; label: string; min: number; max: number; title: string }[] = [
  { name: 'concurrency', label: 'At once', min: 1, max: COLLECT_MANY_LIMITS.maxConcurrency, title: 'Hosts collected from at the same time' },
  { name: 'timeoutSeconds', label: 'Timeout (s)', min: COLLECT_MANY_LIMITS.minTimeoutMs / 1000, max: COLLECT_MANY_LIMITS.maxTimeoutMs / 1000, title: 'Give up on a host after this long (both collections), stopping its tool runs' },
  { name: 'retries', label: 'Retries', min: 0, max: COLLECT_MANY_LIMITS.maxRetries, title: 'Try a host again when it did not answer, its connection failed or it timed out; a refused logon is not retried' },
];

/** The problem with a typed value, or null when it is a whole number in range. */
function fieldProblem(text: string, min: number, max: number): string | null {
  if (!/^\d+$/.test(text.trim())) return `a whole number from ${min} to ${max}`;
  const value = Number(text);
  return value < min || value > max ? `from ${min} to ${max}` : null;
}

function OptionsFields({ options, disabled, onProblems }: { options: CollectManyOptions; disabled: boolean; onProblems: (count: number) => void }) {
  const { setCollectManyOptions } = useActions();
  const baseId = useId();
  const [texts, setTexts] = useState<Record<NumberField, string>>(() => ({ concurrency: String(options.concurrency), timeoutSeconds: String(options.timeoutSeconds), retries: String(options.retries) }));
  const problems = Object.fromEntries(fields.map((field) => [field.name, fieldProblem(texts[field.name], field.min, field.max)])) as Record<NumberField, string | null>;
  const problemCount = Object.values(problems).filter(Boolean).length;
  useEffect(() => {
    onProblems(problemCount);
    // Hidden, the fields hold nothing: the options keep their last valid values.
    return () => onProblems(0);
  }, [problemCount, onProblems]);

  return (
    <div className="collect-many-options" data-testid="collect-many-options">
      <label className="collect-many-field">
        <span>Collect</span>
        <select data-testid="collect-many-what" value={options.what} disabled={disabled} onChange={(e) => setCollectManyOptions({ what: e.target.value as CollectManyWhat })}>
          {(Object.keys(whatLabel) as CollectManyWhat[]).map((what) => (
            <option key={what} value={what}>
              {whatLabel[what]}
            </option>
          ))}
        </select>
      </label>
      {fields.map((field) => {
        const problem = problems[field.name];
        const problemId = `${baseId}-${field.name}-problem`;
        return (
          <label key={field.name} className="collect-many-field" title={field.title}>
            <span>{field.label}</span>
            <input
              type="number"
              inputMode="numeric"
              min={field.min}
              max={field.max}
              data-testid={`collect-many-${field.name}`}
              value={texts[field.name]}
              disabled={disabled}
              aria-invalid={problem !== null || undefined}
              aria-describedby={problem === null ? undefined : problemId}
              onChange={(e) => {
                const text = e.target.value;
                setTexts((current) => ({ ...current, [field.name]: text }));
                if (fieldProblem(text, field.min, field.max) === null) setCollectManyOptions({ [field.name]: Number(text) });
              }}
            />
            {problem !== null && (
              <span id={problemId} className="field-problem" data-testid={`collect-many-${field.name}-problem`}>
                {field.label}: {problem}
              </span>
            )}
          </label>
        );
      })}
    </div>
  );
}

export function CollectManyBar() {
  const hosts = useAppStore((s) => s.hosts);
  const selected = useAppStore((s) => s.collectManySelected);
  const options = useAppStore((s) => s.collectManyOptions);
  const run = useAppStore((s) => s.collectManyRun);
  const error = useAppStore((s) => s.collectManyError);
  const readOnly = useAppStore(readOnlyReason);
  const { selectForCollectMany, collectFromMany } = useActions();
  const [showOptions, setShowOptions] = useState(false);
  const [optionProblems, setOptionProblems] = useState(0);
  if (hosts.length === 0) return null;

  const count = hosts.filter((host) => selected[host.id]).length;
  const busy = run !== null && run.phase !== 'finished';
  const off = readOnly !== null || busy;
  const all = count === hosts.length;

  return (
    <div className="collect-many" data-testid="collect-many-panel">
      <div className="collect-many-head">
        <label className="collect-many-all" title={readOnly ?? 'Tick every listed host, or none'}>
          <input
            type="checkbox"
            data-testid="collect-many-select-all"
            checked={all}
            ref={(box) => {
              if (box) box.indeterminate = count > 0 && !all;
            }}
            disabled={off}
            onChange={() => selectForCollectMany(all ? [] : hosts.map((host) => host.id))}
          />
          <span>{count === 0 ? 'Select all' : `${formatCount(count)} of ${formatCount(hosts.length)} selected`}</span>
        </label>
        <span className="toolbar-spacer" />
        <button type="button" className="link-button" aria-expanded={showOptions} data-testid="collect-many-options-toggle" onClick={() => setShowOptions((shown) => !shown)}>
          Options
        </button>
        <button
          type="button"
          className="primary"
          data-testid="collect-many"
          disabled={off || count === 0 || optionProblems > 0}
          onClick={() => void collectFromMany()}
          title={readOnly ?? `Collect ${whatLabel[options.what]} from the selected hosts, ${options.concurrency} at a time, ${options.timeoutSeconds} s per host, ${options.retries} ${options.retries === 1 ? 'retry' : 'retries'}`}
        >
          Collect from {count === 0 ? 'selected' : formatCount(count)}
        </button>
      </div>
      {showOptions && <OptionsFields options={options} disabled={off} onProblems={setOptionProblems} />}
      {error !== null && (
        <p className="collect-many-error" role="alert" data-testid="collect-many-error">
          {error}
        </p>
      )}
      {run !== null && <RunProgress run={run} />}
    </div>
  );
}
