// The case report as an analyst opens it: a file on disk in a browser with JavaScript off, readable and complete.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import type { AuditEntry, CaseReportInput } from '../../src/shared/case/caseModel';
import { renderCaseReport } from '../../src/shared/case/htmlReport';

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

const HOSTILE_NOTE = '<script>document.title = "pwned"</script><img src=x onerror="document.title=\'pwned\'">';

function auditLog(summaries: [AuditEntry['action'], string][]): AuditEntry[] {
  let prevHash = '0'.repeat(64);
  return summaries.map(([action, summary], index) => {
    const entry = { seq: index + 1, at: `2024-06-13T08:${String(10 + index).padStart(2, '0')}:00.000Z`, actor: 'j.doe', action, summary, detail: { n: index } };
    const hash = sha256(prevHash + JSON.stringify(entry));
    const audited = { ...entry, prevHash, hash };
    prevHash = hash;
    return audited;
  });
}

function sampleCase(): CaseReportInput {
  const audit = auditLog([
    ['case-created', 'Case "WS-1 beaconing" created'],
    ['host-key', 'Accepted the host key of lab router (127.0.0.1:2222)'],
    ['collection', 'Collected show ip cache flow on lab router: 11 flows'],
    ['collection', 'Collected netstat -ano on WS-1: 20 connections'],
    ['collection', 'Collected pslist on WS-1: 36 processes'],
    ['kill', 'Killed winupd.exe (PID 3756) on WS-1'],
  ]);
  const base = { deviceId: 'host-ws1', device: 'WS-1', source: 'collected' as const, argv: null, exitCode: 0, outcome: 'ok', stderr: null, importedFrom: null, diagnostics: [], sections: null };
  return {
    meta: { caseId: 'case-2024-0613', name: 'WS-1 beaconing to the proxy', analyst: 'j.doe', createdAt: '2024-06-13T08:10:00.000Z', updatedAt: '2024-06-13T08:15:00.000Z', schemaVersion: 2 },
    counts: { schemaVersion: 2, collections: 4, flows: 11, connections: 20, processes: 36, auditEntries: audit.length },
    devices: [
      { id: 'rtr-lab', kind: 'router', label: 'lab router', address: '127.0.0.1', port: 2222, via: 'ssh', os: 'cisco-ios', username: 'analyst', hostKeyFingerprint: 'SHA256:q4R6pV1m3bWcQe0hYt8ZkF2nX7uLs9JdAa5gHi6oPrE' },
      { id: 'host-ws1', kind: 'host', label: 'WS-1', address: '10.xx.50.81', port: null, via: 'psexec', os: 'windows', username: 'CORP\\ir-admin', hostKeyFingerprint: null },
    ],
    collections: [
      { ...base, id: 'col-flows', deviceId: 'rtr-lab', device: 'lab router', kind: 'flows', command: 'show ip cache flow', tool: 'ssh', toolVersion: null, exitCode: null, startedAt: '2024-06-13T08:12:00.000Z', finishedAt: '2024-06-13T08:12:01.000Z', rawSha256: sha256('flows'), parserId: 'ios-ip-cache-flow', parserVersion: '1.0.0', recordCount: 11 },
      { ...base, id: 'col-netstat', kind: 'connections', command: 'psexec \\\\10.xx.50.81 -accepteula -nobanner netstat -ano', tool: 'PsExec', toolVersion: '2.43', startedAt: '2024-06-13T08:13:00.000Z', finishedAt: '2024-06-13T08:13:02.000Z', rawSha256: sha256('netstat'), parserId: 'win-netstat', parserVersion: '1.0.0', recordCount: 20 },
      { ...base, id: 'col-pslist', kind: 'processes', command: 'pslist \\\\10.xx.50.81', tool: 'PsList', toolVersion: '1.4', startedAt: '2024-06-13T08:14:00.000Z', finishedAt: '2024-06-13T08:14:02.000Z', rawSha256: sha256('pslist'), parserId: 'pslist', parserVersion: '1.0.0', recordCount: 36 },
      { ...base, id: 'col-kill', kind: 'kill', command: 'pskill \\\\10.xx.50.81 3756', tool: 'PsKill', toolVersion: '1.16', outcome: 'killed', startedAt: '2024-06-13T08:15:00.000Z', finishedAt: '2024-06-13T08:15:01.000Z', rawSha256: sha256('kill'), parserId: 'pskill', parserVersion: '1.0.0', recordCount: 0 },
    ],
    findings: [
      {
        id: 'finding-beacon',
        markedAt: '2024-06-13T08:14:30.000Z',
        markedBy: 'j.doe',
        note: 'Beacons to the proxy; unsigned binary.',
        flow: { collectionId: 'col-flows', row: 3, device: 'lab router', srcAddr: '10.xx.50.81', srcPort: 1822, dstAddr: '10.xx.50.241', dstPort: 8080, protocol: 6, packets: 7 },
        connection: { collectionId: 'col-netstat', row: 9, host: 'WS-1', proto: 'TCP', localAddr: '10.xx.50.81', localPort: 1822, remoteAddr: '10.xx.50.241', remotePort: 8080, state: 'ESTABLISHED', pid: 3756, match: 'exact' },
        process: { collectionId: 'col-pslist', row: 35, host: 'WS-1', pid: 3756, name: 'winupd.exe', startedAt: null, commandLine: 'C:\\WINDOWS\\system32\\winupd.exe' },
      },
    ],
    notes: [{ id: 'note-1', target: { collectionId: 'col-pslist', row: 35 }, text: HOSTILE_NOTE, tags: ['suspect'], author: 'j.doe', createdAt: '2024-06-13T08:14:40.000Z', updatedAt: '2024-06-13T08:14:40.000Z' }],
    audit,
    verify: { ok: true, collectionsChecked: 4, auditEntriesChecked: audit.length, problems: [] },
    generatedAt: '2024-06-13T09:00:00.000Z',
    generator: 'FlowPivot 0.1.0',
  };
}

let folder: string;

test.beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'flowpivot-report-'));
});

test.afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

test('a case report opens from disk with JavaScript off and shows the case, its chain, its timeline and its integrity', async ({ browser }, testInfo) => {
  const input = sampleCase();
  const file = join(folder, 'case-report.html');
  writeFileSync(file, renderCaseReport(input), 'utf8');

  const context = await browser.newContext({ javaScriptEnabled: false });
  const requests: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  const page = await context.newPage();
  await page.goto(pathToFileURL(file).href);

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('WS-1 beaconing to the proxy');
  await expect(page).toHaveTitle('WS-1 beaconing to the proxy — FlowPivot case report');

  const banner = page.locator('#integrity');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('All 4 evidence hashes and the 6-entry audit chain verified');

  const finding = page.locator('#findings article').first();
  await expect(finding).toBeVisible();
  await expect(finding.locator('.hop.flow')).toContainText('10.xx.50.81:1822 → 10.xx.50.241:8080');
  await expect(finding.locator('.hop.socket')).toContainText('ESTABLISHED · PID 3756');
  await expect(finding.locator('.hop.process')).toContainText('winupd.exe · PID 3756 on WS-1');

  const timelineRows = page.locator('#timeline tbody tr');
  await expect(timelineRows).toHaveCount(input.audit.length);
  await expect(timelineRows.nth(5)).toContainText('Killed winupd.exe (PID 3756) on WS-1');
  // The full hash is one click away, with no script behind the click.
  const killHash = timelineRows.nth(5).locator('details');
  await expect(killHash.locator('code.hash').first()).toBeHidden();
  await killHash.locator('summary').click();
  await expect(killHash.locator('code.hash').first()).toHaveText(input.audit[5]!.hash);

  await expect(page.locator('#evidence tbody tr')).toHaveCount(input.collections.length);
  await expect(page.locator('#evidence')).toContainText(input.collections[0]!.rawSha256);

  // The hostile note shows as its text; it neither ran nor became an element.
  await expect(page.locator('#notes')).toContainText(HOSTILE_NOTE);
  await expect(page.locator('img, script')).toHaveCount(0);
  await expect(page).not.toHaveTitle(/pwned/);
  expect(requests).toEqual([pathToFileURL(file).href]);

  // Back to the top by the fragment, which keeps the opened hash: sticky table headers would otherwise be drawn where
  // the last scroll left them in a full-page capture.
  await page.goto(`${pathToFileURL(file).href}#top`);
  const shot = testInfo.outputPath('case-report.png');
  await page.screenshot({ path: shot, fullPage: true });
  await testInfo.attach('case-report', { path: shot, contentType: 'image/png' });
  // The print style sheet, as the PDF an analyst would file.
  const pdf = testInfo.outputPath('case-report.pdf');
  await page.pdf({ path: pdf, format: 'A4', landscape: true, printBackground: true });
  await testInfo.attach('case-report-print', { path: pdf, contentType: 'application/pdf' });
  await context.close();
});

test('a tampered case shows every problem in the integrity banner', async ({ browser }, testInfo) => {
  const input = sampleCase();
  input.verify = {
    ok: false,
    collectionsChecked: 4,
    auditEntriesChecked: input.audit.length,
    problems: [
      { kind: 'raw-altered', where: 'collection col-netstat: psexec netstat -ano on WS-1', message: 'the stored output no longer hashes to the audited SHA-256' },
      { kind: 'audit-chain-broken', where: 'audit entry 6 (kill)', message: 'prevHash does not match the hash of entry 5' },
    ],
  };
  const file = join(folder, 'tampered.html');
  writeFileSync(file, renderCaseReport(input), 'utf8');
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(pathToFileURL(file).href);

  const banner = page.getByRole('alert');
  await expect(banner).toBeVisible();
  await expect(banner.getByRole('heading')).toHaveText('Integrity check FAILED: 2 problems');
  await expect(banner.getByRole('listitem')).toHaveText([
    'collection col-netstat: psexec netstat -ano on WS-1 (raw-altered): the stored output no longer hashes to the audited SHA-256',
    'audit entry 6 (kill) (audit-chain-broken): prevHash does not match the hash of entry 5',
  ]);
  await expect(page.locator('.integrity.ok')).toHaveCount(0);
  const shot = testInfo.outputPath('tampered-report.png');
  await page.screenshot({ path: shot });
  await testInfo.attach('tampered-report', { path: shot, contentType: 'image/png' });
  await context.close();
});
