// What a case holds, counted: collections, flows, sockets, processes and audit entries.
import type { CaseCounts as Counts } from '../../../../shared/case/caseModel';
import { formatCount } from '../format';

const shown: { key: keyof Counts; one: string; many: string }[] = [
  { key: 'collections', one: 'collection', many: 'collections' },
  { key: 'flows', one: 'flow', many: 'flows' },
  { key: 'connections', one: 'socket', many: 'sockets' },
  { key: 'processes', one: 'process', many: 'processes' },
  { key: 'auditEntries', one: 'audit entry', many: 'audit entries' },
];

export function CaseCounts({ counts }: { counts: Counts }) {
  return (
    <p className="case-counts" data-testid="case-counts">
      {shown.map(({ key, one, many }, index) => (
        <span key={key}>
          {index > 0 && ' · '}
          <span data-testid={`case-count-${key}`}>{formatCount(counts[key])}</span> {counts[key] === 1 ? one : many}
        </span>
      ))}
    </p>
  );
}
