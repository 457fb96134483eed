// The router's flow cache statistics ("IP Flow Switching Cache", "IP Sub Flow Cache") as a definition list.
import type { FlowCacheStatistics } from '../../../../shared/domain';
import { formatCount } from '../format';

type Item = { term: string; value: (s: FlowCacheStatistics) => string | null };

function count(value: number | null): string | null {
  return value === null ? null : formatCount(value);
}

const items: Item[] = [
  { term: 'Cache size', value: (s) => (s.cacheBytes === null ? null : `${formatCount(s.cacheBytes)} bytes`) },
  { term: 'Active flows', value: (s) => count(s.activeFlows) },
  { term: 'Inactive flows', value: (s) => count(s.inactiveFlows) },
  { term: 'Flows added', value: (s) => count(s.addedFlows) },
  { term: 'Ager polls', value: (s) => count(s.agerPolls) },
  { term: 'Alloc failures', value: (s) => count(s.allocFailures) },
  { term: 'Active timeout', value: (s) => (s.activeTimeoutMinutes === null ? null : `${s.activeTimeoutMinutes} min`) },
  { term: 'Inactive timeout', value: (s) => (s.inactiveTimeoutSeconds === null ? null : `${s.inactiveTimeoutSeconds} s`) },
  { term: 'Sub flow cache', value: (s) => (s.subFlowCacheBytes === null ? null : `${formatCount(s.subFlowCacheBytes)} bytes`) },
  { term: 'Sub flows active', value: (s) => count(s.subFlowActive) },
  { term: 'Sub flows inactive', value: (s) => count(s.subFlowInactive) },
  { term: 'Sub flows added', value: (s) => count(s.subFlowAdded) },
  { term: 'Added to flow', value: (s) => count(s.subFlowAddedToFlow) },
  { term: 'Last clearing', value: (s) => s.lastClearing },
];

export function CacheStats({ stats }: { stats: FlowCacheStatistics | null }) {
  if (!stats) return <p className="muted" data-testid="cache-stats">The router printed no cache statistics.</p>;
  const shown = items.map((item) => ({ term: item.term, value: item.value(stats) })).filter((i) => i.value !== null);
  return (
    <div data-testid="cache-stats">
      <dl className="cache-stats">
        {shown.map((item) => (
          <div key={item.term}>
            <dt>{item.term}</dt>
            <dd>{item.value}</dd>
          </div>
        ))}
      </dl>
      {stats.lines.length > 0 && (
        <details className="raw-lines">
          <summary>As printed ({stats.lines.length} lines)</summary>
          <pre>{stats.lines.join('\n')}</pre>
        </details>
      )}
    </div>
  );
}
