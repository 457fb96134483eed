// A case's integrity as its last check found it (when it was opened, or the last Verify): every evidence hash and the
// audit chain verified, or each problem where it is and what is wrong, in words.
import type { VerifyReport } from '../../../../shared/case/caseModel';
import { formatCount } from '../format';

export function IntegrityStatus({ verify }: { verify: VerifyReport }) {
  if (verify.ok) {
    return (
      <p className="integrity integrity-ok" data-testid="case-integrity" data-ok="true">
        <span aria-hidden="true">✓</span> Integrity verified as last checked: {formatCount(verify.collectionsChecked)} evidence {verify.collectionsChecked === 1 ? 'hash' : 'hashes'} and the{' '}
        {formatCount(verify.auditEntriesChecked)}-entry audit chain
      </p>
    );
  }
  return (
    <div className="integrity integrity-failed" data-testid="case-integrity" data-ok="false" role="alert">
      <p>
        <span aria-hidden="true">✗</span> Integrity check FAILED: {formatCount(verify.problems.length)} {verify.problems.length === 1 ? 'problem' : 'problems'}
      </p>
      <ul data-testid="case-integrity-problems">
        {verify.problems.map((problem, index) => (
          <li key={`${problem.kind}-${index}`}>
            <strong>{problem.where}</strong> ({problem.kind}): {problem.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
