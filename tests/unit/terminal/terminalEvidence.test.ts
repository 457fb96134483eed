// A terminal session as the case shows it: its parts joined in order, its screen as text, its typed lines in the report.
import { describe, expect, it } from 'vitest';
import { terminalCollection, type TerminalPartEvidence } from '../../../src/shared/case/evidence';
import type { CaseCollectionContents, CaseReportInput } from '../../../src/shared/case/caseModel';
import { renderCaseReport } from '../../../src/shared/case/htmlReport';
import { screenText } from '../../../src/shared/terminal/transcript';
import { terminalSessionsOf } from '../../../src/renderer/src/store/caseTerminalSessions';
import { localShellArgv, localShellEnv } from '../../../src/main/terminal/localShell';

const device = { id: 'r1', kind: 'router' as const, label: 'edge-1 (127.0.0.1:2222)', address: '127.0.0.1', port: 2222, via: 'ssh', os: 'cisco-ios', username: 'netops', hostKeyFingerprint: null };

function part(partNumber: number, outcome: string, typed: string[], startedAt: string, finishedAt: string): TerminalPartEvidence {
  return { id: `s1-${partNumber}`, sessionId: 's1', device, tool: 'ssh', toolVersion: null, argv: null, transcript: '{"version":2}\n', part: partNumber, startedAt, finishedAt, outcome, exitCode: null, typed, maskedSecrets: partNumber === 2 ? 1 : 0, events: 3 };
}

function asContents(evidence: TerminalPartEvidence): CaseCollectionContents {
  const { records: _records, raw: _raw, ...collection } = terminalCollection(evidence);
  return { ...collection, kind: 'terminal', rawSha256: 'x'.repeat(64), recordCount: 0, records: [] };
}

describe('terminal sessions in a case', () => {
  it('joins a session\'s parts in part order, whatever order the case lists them in, with how it ended', () => {
    const collections = [
      asContents(part(2, 'closed', ['enable', '********', 'show users'], '2026-12-07T13:00:15.000Z', '2026-12-07T13:00:20.000Z')),
      asContents(part(1, 'checkpoint', ['terminal length 0'], '2026-12-07T13:00:00.000Z', '2026-12-07T13:00:15.000Z')),
    ];
    expect(terminalSessionsOf(collections)).toEqual([
      {
        sessionId: 's1',
        device: 'edge-1 (127.0.0.1:2222)',
        tool: 'ssh',
        startedAt: '2026-12-07T13:00:00.000Z',
        finishedAt: '2026-12-07T13:00:20.000Z',
        outcome: 'closed',
        exitCode: null,
        collectionIds: ['s1-1', 's1-2'],
        typed: ['terminal length 0', 'enable', '********', 'show users'],
        maskedSecrets: 1,
      },
    ]);
  });

  it('says a session whose end never reached the case ended at a checkpoint', () => {
    const [session] = terminalSessionsOf([asContents(part(1, 'checkpoint', [], '2026-12-07T13:00:00.000Z', '2026-12-07T13:00:15.000Z'))]);
    expect(session).toMatchObject({ outcome: 'checkpoint', collectionIds: ['s1-1'] });
  });

  it('lists the lines typed in the report, escaped, linked to their evidence', () => {
    const collection = terminalCollection(part(1, 'closed', ['show ip cache flow | include 01BD', '<b>not html</b>'], '2026-12-07T13:00:00.000Z', '2026-12-07T13:00:15.000Z'));
    const { records: _records, raw: _raw, ...summary } = collection;
    const input: CaseReportInput = {
      meta: { caseId: 'c', name: 'n', analyst: 'a', createdAt: '2026-12-07T13:00:00.000Z', updatedAt: '2026-12-07T13:00:00.000Z', schemaVersion: 4 },
      counts: { schemaVersion: 4, collections: 1, flows: 0, connections: 0, processes: 0, auditEntries: 2 },
      devices: [device],
      collections: [{ ...summary, rawSha256: 'a'.repeat(64), recordCount: 0 }],
      findings: [],
      notes: [],
      audit: [],
      verify: { ok: true, collectionsChecked: 1, auditEntriesChecked: 0, problems: [] },
      generatedAt: '2026-12-07T13:01:00.000Z',
      generator: 'FlowPivot test',
    };
    const html = renderCaseReport(input);
    const section = html.slice(html.indexOf('<section id="terminal-sessions">'), html.indexOf('</section>', html.indexOf('<section id="terminal-sessions">')));
    expect(section).toContain('<code class="text">show ip cache flow | include 01BD</code>');
    expect(section).toContain('&lt;b&gt;not html&lt;/b&gt;');
    expect(section).toContain('href="#collection-1"');
    expect(html).toContain('<a href="#terminal-sessions">Terminal sessions</a>');
  });
});

describe('a terminal screen as text', () => {
  it('drops escape sequences and applies carriage returns and backspaces on their line', () => {
    expect(screenText('\u001b[32mok\u001b[0m\r\nRouter>')).toBe('ok\nRouter>');
    // IOS erases its pager marker with backspaces, spaces and backspaces again.
    const more = ' --More-- ';
    expect(screenText(`line 1\r\n${more}${'\b'.repeat(more.length)}${' '.repeat(more.length)}${'\b'.repeat(more.length)}line 2\r\n`)).toBe('line 1\nline 2\n');
    expect(screenText('abc\rX')).toBe('Xbc');
  });
});

describe('the local shell', () => {
  it('is the analyst\'s $SHELL (an absolute path) or /bin/bash, and PowerShell on Windows, as an argv', () => {
    expect(localShellArgv('linux', { SHELL: '/usr/bin/zsh' })).toEqual(['/usr/bin/zsh']);
    expect(localShellArgv('linux', { SHELL: 'zsh; rm -rf /' })).toEqual(['/bin/bash']);
    expect(localShellArgv('darwin', {})).toEqual(['/bin/bash']);
    expect(localShellArgv('win32', { SHELL: '/bin/bash' })).toEqual(['powershell.exe', '-NoLogo']);
  });

  it('runs with FlowPivot\'s environment less Electron\'s own variables, as an xterm', () => {
    expect(localShellEnv({ PATH: '/usr/bin', ELECTRON_RUN_AS_NODE: '1', TERM: 'dumb' })).toEqual({ PATH: '/usr/bin', TERM: 'xterm-256color', COLORTERM: 'truecolor' });
  });
});
