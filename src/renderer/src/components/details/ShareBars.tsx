// Horizontal bars for shares (protocol mix, top talkers): labels and values as text, the bar as a CSS width.
import { formatCount, formatPercent } from '../format';
import { metricOf, type Share, type ShareMetric } from './flowStatistics';

const metricWords: Record<ShareMetric, string> = { flows: 'flows', packets: 'packets', bytes: 'bytes' };

export function ShareBars({ shares, metric, total, testId, labelClass }: { shares: Share[]; metric: ShareMetric; total: number; testId: string; labelClass?: string }) {
  const largest = Math.max(1, ...shares.map((share) => metricOf(share, metric)));
  return (
    <ol className="share-bars" data-testid={testId}>
      {shares.map((share) => {
        const value = metricOf(share, metric);
        return (
          <li
            key={share.key}
            className="share-bar"
            data-key={share.key}
            title={`${share.label}: ${formatCount(share.flows)} flows, ${formatCount(share.packets)} packets${share.bytes === null ? '' : `, ${formatCount(share.bytes)} bytes`}`}
          >
            <span className={`share-label ${labelClass ?? ''}`}>{share.label}</span>
            <span className="share-track" aria-hidden="true">
              <span className="share-fill" style={{ width: `${(value / largest) * 100}%` }} />
            </span>
            <span className="share-value">
              {formatCount(value)} <span className="muted">{total > 0 ? formatPercent(value / total) : ''}</span>
              <span className="visually-hidden"> {metricWords[metric]}</span>
            </span>
          </li>
        );
      })}
    </ol>
  );
}

/** A row of toggle buttons choosing one value. */
export function Toggle<T extends string>({ label, options, value, onChange, testId }: { label: string; options: { value: T; label: string; disabled?: boolean; title?: string }[]; value: T; onChange: (value: T) => void; testId: string }) {
  return (
    <span className="view-switch" role="group" aria-label={label} data-testid={testId}>
      {options.map((option) => (
        <button key={option.value} type="button" aria-pressed={value === option.value} disabled={option.disabled} title={option.title} onClick={() => onChange(option.value)}>
          {option.label}
        </button>
      ))}
    </span>
  );
}
