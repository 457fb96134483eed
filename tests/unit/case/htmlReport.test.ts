import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AuditAction, AuditEntry, CaseCollection, CaseReportInput, VerifyReport } from '../../../src/shared/case/caseModel';
import { renderCaseReport } from '../../../src/shared/case/htmlReport';

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

const ROUTER_RAW = `lab-rtr#show ip cache flow
IP packet size distribution (1093 total packets):
SrcIf         SrcIPaddress    DstIf         DstIPaddress    Pr SrcP DstP  Pkts
Fa0/1         10.xx.50.81     Fa0/0         10.xx.50.241    06 071E 1F90     7
Fa0/1         10.bb.50.64     Fa0/1         10.xx.50.81     06 0722 01BD    43
lab-rtr#`;
const NETSTAT_RAW = 'TCP 10.xx.50.81:1822 10.xx.50.241:8080 ESTABLISHED 3756\r\nTCP 10.xx.50.81:445 10.bb.50.64:1826 ESTABLISHED 4\r\n';
const PSLIST_RAW = 'System 4 8 67 316 0 0:00:48.343 0:00:00.000\r\nwinupd 3756 8 9 187 4388 0:00:21.750 3:58:41.115\r\n';
const PSKILL_RAW = 'Process 3756 killed on 10.xx.50.81.\r\n';

const HOSTILE_SCRIPT = '<script>alert(1)</script>';
const HOSTILE_ATTRIBUTE = '" onmouseover="x';

type ReportCollection = Omit<CaseCollection, 'raw'>;

function collection(fields: Partial<ReportCollection> & Pick<ReportCollection, 'id' | 'kind' | 'command' | 'tool' | 'rawSha256' | 'recordCount'>): ReportCollection {
  return {
    deviceId: 'host-ws1',
    device: 'WS-1 (10.xx.50.81)',
    source: 'collected',
    toolVersion: null,
    argv: null,
    startedAt: '2024-06-13T08:15:02.114Z',
    finishedAt: '2024-06-13T08:15:04.870Z',
    exitCode: 0,
    outcome: 'ok',
    stderr: null,
    parserId: null,
    parserVersion: null,
    importedFrom: null,
    diagnostics: [],
    sections: null,
    ...fields,
  };
}

/** A chained audit log: each hash over the previous one and the entry, as the case's own chain does in spirit. */
function auditLog(entries: { at: string; action: AuditAction; summary: string; detail: Record<string, unknown> }[]): AuditEntry[] {
  let prevHash = '0'.repeat(64);
  return entries.map((entry, index) => {
    const seq = index + 1;
    const hash = sha256(prevHash + JSON.stringify({ seq, actor: 'j.doe', ...entry }));
    const audited: AuditEntry = { seq, actor: 'j.doe', ...entry, prevHash, hash };
    prevHash = hash;
    return audited;
  });
}

function sampleCase(): CaseReportInput {
  const collections: ReportCollection[] = [
    collection({
      id: 'col-rtr-flows-01',
      deviceId: 'rtr-lab',
      device: 'lab router (127.0.0.1:2222)',
      kind: 'flows',
      command: 'show ip cache flow',
      tool: 'ssh',
      startedAt: '2024-06-13T08:10:40.001Z',
      finishedAt: '2024-06-13T08:10:41.502Z',
      exitCode: null,
      rawSha256: sha256(ROUTER_RAW),
      parserId: 'ios-ip-cache-flow',
      parserVersion: '1.0.0',
      recordCount: 2,
      diagnostics: [{ line: 2, severity: 'info', message: 'packet size distribution kept as a section', text: 'IP packet size distribution (1093 total packets):' }],
    }),
    collection({
      id: 'col-ws1-netstat-02',
      kind: 'connections',
      command: 'psexec \\\\10.xx.50.81 -accepteula -nobanner netstat -ano',
      tool: 'PsExec',
      toolVersion: '2.43',
      argv: ['\\\\10.xx.50.81', '-accepteula', '-nobanner', 'netstat', '-ano'],
      rawSha256: sha256(NETSTAT_RAW),
      parserId: 'win-netstat',
      parserVersion: '1.0.0',
      recordCount: 2,
    }),
    collection({
      id: 'col-ws1-pslist-03',
      kind: 'processes',
      command: 'pslist \\\\10.xx.50.81',
      tool: 'PsList',
      toolVersion: '1.4',
      startedAt: '2024-06-13T08:15:05.010Z',
      finishedAt: '2024-06-13T08:15:07.220Z',
      rawSha256: sha256(PSLIST_RAW),
      parserId: 'pslist',
      parserVersion: '1.0.0',
      recordCount: 2,
    }),
    collection({
      id: 'col-ws1-kill-04',
      kind: 'kill',
      command: 'pskill \\\\10.xx.50.81 3756',
      tool: 'PsKill',
      toolVersion: '1.16',
      startedAt: '2024-06-13T08:31:12.400Z',
      finishedAt: '2024-06-13T08:31:13.004Z',
      outcome: 'killed',
      rawSha256: sha256(PSKILL_RAW),
      parserId: 'pskill',
      parserVersion: '1.0.0',
      recordCount: 0,
    }),
    collection({
      id: 'col-import-05',
      deviceId: null,
      device: 'WS-1 netstat from the on-site responder',
      kind: 'connections',
      source: 'imported',
      command: 'netstat -ano',
      tool: 'import',
      importedFrom: 'C:\\evidence\\ws1 <netstat>.txt',
      exitCode: null,
      outcome: 'imported',
      rawSha256: sha256(`${NETSTAT_RAW}imported`),
      parserId: 'win-netstat',
      parserVersion: '1.0.0',
      recordCount: 2,
    }),
  ];
  const audit = auditLog([
    { at: '2024-06-13T08:02:11.000Z', action: 'case-created', summary: 'Case "WS-1 beaconing" created by j.doe', detail: { caseId: 'case-2024-0613' } },
    { at: '2024-06-13T08:10:40.120Z', action: 'host-key', summary: 'Accepted the host key of lab router (127.0.0.1:2222)', detail: { fingerprint: 'SHA256:q4R6pV1m3bWcQe0hYt8ZkF2nX7uLs9JdAa5gHi6oPrE' } },
    { at: '2024-06-13T08:10:41.600Z', action: 'collection', summary: 'Collected show ip cache flow on lab router: 2 flows', detail: { collectionId: 'col-rtr-flows-01', rawSha256: sha256(ROUTER_RAW) } },
    { at: '2024-06-13T08:15:04.900Z', action: 'collection', summary: 'Collected netstat -ano on WS-1: 2 connections', detail: { collectionId: 'col-ws1-netstat-02' } },
    { at: '2024-06-13T08:15:07.300Z', action: 'collection', summary: 'Collected pslist on WS-1: 2 processes', detail: { collectionId: 'col-ws1-pslist-03' } },
    { at: '2024-06-13T08:31:13.050Z', action: 'kill', summary: 'Killed winupd.exe (PID 3756) on WS-1', detail: { collectionId: 'col-ws1-kill-04', pid: 3756, name: 'winupd.exe', outcome: 'killed' } },
    { at: '2024-06-13T08:40:00.000Z', action: 'import', summary: 'Imported C:\\evidence\\ws1 <netstat>.txt as win-netstat', detail: { collectionId: 'col-import-05' } },
  ]);
  return {
    meta: { caseId: 'case-2024-0613', name: 'WS-1 beaconing to the proxy', analyst: 'j.doe', createdAt: '2024-06-13T08:02:11.000Z', updatedAt: '2024-06-13T08:40:00.000Z', schemaVersion: 2 },
    counts: { schemaVersion: 2, collections: 5, flows: 2, connections: 4, processes: 2, auditEntries: 7 },
    devices: [
      { id: 'rtr-lab', kind: 'router', label: 'lab router (127.0.0.1:2222)', address: '127.0.0.1', port: 2222, via: 'ssh', os: 'cisco-ios', username: 'analyst', hostKeyFingerprint: 'SHA256:q4R6pV1m3bWcQe0hYt8ZkF2nX7uLs9JdAa5gHi6oPrE' },
      { id: 'host-ws1', kind: 'host', label: 'WS-1 (10.xx.50.81)', address: '10.xx.50.81', port: null, via: 'psexec', os: 'windows', username: 'CORP\\ir-admin', hostKeyFingerprint: null },
      { id: 'host-v6', kind: 'host', label: 'jump host', address: 'fe80::1', port: 22, via: 'ssh', os: 'linux', username: 'ir', hostKeyFingerprint: 'SHA256:AbCdEf' },
    ],
    collections,
    findings: [
      {
        id: 'finding-beacon',
        markedAt: '2024-06-13T08:20:00.000Z',
        markedBy: 'j.doe',
        note: 'Beacons to the proxy every 30 s; binary not signed.',
        flow: { collectionId: 'col-rtr-flows-01', row: 0, device: 'lab router (127.0.0.1:2222)', srcAddr: '10.xx.50.81', srcPort: 1822, dstAddr: '10.xx.50.241', dstPort: 8080, protocol: 6, packets: 7 },
        connection: { collectionId: 'col-ws1-netstat-02', row: 0, host: 'WS-1', proto: 'TCP', localAddr: '10.xx.50.81', localPort: 1822, remoteAddr: '10.xx.50.241', remotePort: 8080, state: 'ESTABLISHED', pid: 3756, match: 'exact' },
        process: { collectionId: 'col-ws1-pslist-03', row: 1, host: 'WS-1', pid: 3756, name: 'winupd.exe', startedAt: null, commandLine: 'C:\\WINDOWS\\system32\\winupd.exe -k "svc"' },
      },
      {
        id: 'finding-smb',
        markedAt: '2024-06-13T08:22:00.000Z',
        markedBy: 'j.doe',
        note: '',
        flow: { collectionId: 'col-rtr-flows-01', row: 1, device: 'lab router (127.0.0.1:2222)', srcAddr: '10.bb.50.64', srcPort: 1826, dstAddr: '10.xx.50.81', dstPort: 445, protocol: 6, packets: 43 },
        connection: { collectionId: 'col-ws1-netstat-02', row: 1, host: 'WS-1', proto: 'TCP', localAddr: '10.xx.50.81', localPort: 445, remoteAddr: null, remotePort: null, state: 'LISTENING', pid: 4, match: 'listener' },
        process: { collectionId: 'col-ws1-pslist-03', row: 0, host: 'WS-1', pid: 4, name: 'System', startedAt: null, commandLine: null },
      },
      {
        id: 'finding-gre',
        markedAt: '2024-06-13T08:25:00.000Z',
        markedBy: 'j.doe',
        note: 'GRE to nowhere; no host collected yet.',
        flow: { collectionId: 'col-gone', row: 5, device: 'lab router (127.0.0.1:2222)', srcAddr: '2001:db8::5', srcPort: 0, dstAddr: '2001:db8::9', dstPort: 0, protocol: 47, packets: 1 },
        connection: null,
        process: null,
      },
    ],
    notes: [
      { id: 'note-1', target: { collectionId: 'col-ws1-pslist-03', row: 1 }, text: `Looks like a fake updater ${HOSTILE_SCRIPT}`, tags: ['suspect', '<b>c2</b>'], author: 'j.doe', createdAt: '2024-06-13T08:21:00.000Z', updatedAt: '2024-06-13T08:21:30.000Z' },
      { id: 'note-2', target: { collectionId: 'col-rtr-flows-01', row: null }, text: `Whole capture${HOSTILE_ATTRIBUTE}`, tags: [], author: 'k.lee', createdAt: '2024-06-13T08:26:00.000Z', updatedAt: '2024-06-13T08:26:00.000Z' },
    ],
    audit,
    verify: { ok: true, collectionsChecked: 5, auditEntriesChecked: 7, problems: [] },
    generatedAt: '2024-06-13T09:00:00.000Z',
    generator: 'FlowPivot 0.1.0',
  };
}

/** The text between two markers of the document (sections nest no other sections, so ids are enough). */
function between(html: string, from: string, to: string): string {
  const start = html.indexOf(from);
  const end = html.indexOf(to, start);
  expect(start).toBeGreaterThanOrEqual(0);
  expect(end).toBeGreaterThan(start);
  return html.slice(start, end);
}

interface Tag {
  name: string;
  attributes: { name: string; value: string | null }[];
}

/**
 * Every start tag with its attributes. Exact for this document: case text never yields a raw "<", ">" or '"', so a
 * tag ends at the first ">" and every attribute value is double-quoted.
 */
function startTags(html: string): Tag[] {
  return [...html.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)([^>]*)>/g)].map((match) => ({
    name: match[1]!.toLowerCase(),
    attributes: [...match[2]!.matchAll(/\s+([^\s"'>/=]+)(?:="([^"]*)")?/g)].map((attribute) => ({ name: attribute[1]!.toLowerCase(), value: attribute[2] ?? null })),
  }));
}

const ALLOWED_TAGS = new Set(['html', 'head', 'meta', 'title', 'style', 'body', 'header', 'nav', 'ul', 'ol', 'li', 'a', 'section', 'article', 'footer', 'h1', 'h2', 'h3', 'h4', 'p', 'dl', 'dt', 'dd', 'div', 'span', 'strong', 'code', 'pre', 'time', 'br', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'details', 'summary']);
const ALLOWED_ATTRIBUTES = new Set(['lang', 'charset', 'http-equiv', 'content', 'name', 'id', 'class', 'href', 'title', 'role', 'aria-label', 'aria-hidden', 'scope']);

function expectInert(html: string): void {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<(form|input|button|iframe|object|embed|link|img|base|svg|math)\b/i);
  const tags = startTags(html);
  for (const tag of tags) {
    expect(ALLOWED_TAGS, `<${tag.name}>`).toContain(tag.name);
    for (const attribute of tag.attributes) {
      expect(ALLOWED_ATTRIBUTES, `${attribute.name} on <${tag.name}>`).toContain(attribute.name);
      expect(attribute.name).not.toMatch(/^on/);
      if (attribute.name === 'href') expect(attribute.value).toMatch(/^#[a-z0-9-]+$/);
    }
  }
  // No event handler once attribute values are set aside: what is left of every tag is its name and attribute names.
  const tagsWithoutValues = [...html.matchAll(/<[a-zA-Z][^>]*>/g)].map((match) => match[0].replace(/"[^"]*"/g, '""')).join('\n');
  expect(tagsWithoutValues).not.toMatch(/ on\w+=/i);
  const style = between(html, '<style>', '</style>');
  expect(style).not.toMatch(/url\(|@import|:\/\//i);
}

describe('the case as a self-contained HTML report', () => {
  it('is one HTML5 document with the CSP, a UTF-8 charset, an inline style and nothing that runs or loads', () => {
    const html = renderCaseReport(sampleCase());
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
    expect(html).toMatch(/<style>[^<]*thead th \{ position: sticky;[^<]*@media print/);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expectInert(html);
  });

  it('opens with the case name, analyst, created and updated times in UTC, and when and by what it was generated', () => {
    const header = between(renderCaseReport(sampleCase()), '<header', '</header>');
    expect(header).toContain('<h1>WS-1 beaconing to the proxy</h1>');
    expect(header).toContain('<dt>Analyst</dt><dd>j.doe</dd>');
    expect(header).toContain('<dt>Created (UTC)</dt><dd><time>2024-06-13T08:02:11.000Z</time></dd>');
    expect(header).toContain('<dt>Updated (UTC)</dt><dd><time>2024-06-13T08:40:00.000Z</time></dd>');
    expect(header).toContain('<dt>Report generated (UTC)</dt><dd><time>2024-06-13T09:00:00.000Z</time> by FlowPivot 0.1.0</dd>');
  });

  it('says every evidence hash and the audit chain verified when verification passed', () => {
    const banner = between(renderCaseReport(sampleCase()), '<section id="integrity"', '</section>');
    expect(banner).toContain('class="integrity ok"');
    expect(banner).toContain('All 5 evidence hashes and the 7-entry audit chain verified.');
    expect(banner).not.toContain('covered');
  });

  it('lists the counts and every device with its address, via, OS, user and host-key fingerprint', () => {
    const summary = between(renderCaseReport(sampleCase()), '<section id="summary"', '</section>');
    expect(summary).toContain('<tr><th scope="row">Connection records</th><td class="num">4</td></tr>');
    expect(summary).toContain('<tr><th scope="row">Findings</th><td class="num">3</td></tr>');
    expect(summary).toContain('<td>lab router (127.0.0.1:2222)</td><td>router</td><td><code>127.0.0.1:2222</code></td><td>ssh</td><td>cisco-ios</td><td>analyst</td><td><code class="hash">SHA256:q4R6pV1m3bWcQe0hYt8ZkF2nX7uLs9JdAa5gHi6oPrE</code></td>');
    expect(summary).toContain('<td><code>10.xx.50.81</code></td><td>psexec</td><td>windows</td><td>CORP\\ir-admin</td><td><span class="none">—</span></td>');
    expect(summary).toContain('<code>[fe80::1]:22</code>');
  });

  it('renders each marked chain from the flow to the socket to the process, with its note and evidence rows', () => {
    const findings = between(renderCaseReport(sampleCase()), '<section id="findings"', '<section id="timeline"');
    const [beacon, smb, gre] = findings.split('<article').slice(1);
    expect(beacon).toContain('Finding 1: 10.xx.50.81:1822 → 10.xx.50.241:8080 TCP · winupd.exe (PID 3756) on WS-1');
    expect(beacon).toContain('Marked by j.doe at <time>2024-06-13T08:20:00.000Z</time> UTC');
    expect(beacon).toContain('<p>Seen by lab router (127.0.0.1:2222)</p>');
    expect(beacon).toContain('<p>TCP · 7 packets</p>');
    expect(beacon).toContain('<code>TCP 10.xx.50.81:1822 → 10.xx.50.241:8080</code>');
    expect(beacon).toContain('<p>ESTABLISHED · PID 3756</p>');
    expect(beacon).toContain('Matched: exact 5-tuple');
    expect(beacon).toContain('<strong>winupd.exe</strong> · PID 3756 on WS-1');
    expect(beacon).toContain('<pre>C:\\WINDOWS\\system32\\winupd.exe -k &quot;svc&quot;</pre>');
    expect(beacon).toContain('Beacons to the proxy every 30 s; binary not signed.');
    expect(beacon).toContain('Evidence: <a href="#collection-1">collection <code>col-rtr-flows-01</code></a> (show ip cache flow on lab router (127.0.0.1:2222)), row 0');
    expect(beacon).toContain('<a href="#collection-2">collection <code>col-ws1-netstat-02</code></a>');
    expect(beacon).toContain('<a href="#collection-3">collection <code>col-ws1-pslist-03</code></a> (pslist \\\\10.xx.50.81 on WS-1 (10.xx.50.81)), row 1');

    expect(smb).toContain('10.bb.50.64:1826 → 10.xx.50.81:445 TCP · System (PID 4) on WS-1');
    expect(smb).toContain('<code>TCP 10.xx.50.81:445 → —</code>');
    expect(smb).toContain('Matched: listening socket (local port)');
    expect(smb).toContain('No command line recorded.');
    expect(smb).toContain('No note.');

    expect(gre).toContain('[2001:db8::5]:0 → [2001:db8::9]:0 protocol 47');
    expect(gre).toContain('No socket marked.');
    expect(gre).toContain('No process marked.');
    expect(gre).toContain('collection <code>col-gone</code> (not in this report), row 5');
  });

  it('lists the audit log in its order with each hash shortened and the full hashes one click away', () => {
    const input = sampleCase();
    const timeline = between(renderCaseReport(input), '<section id="timeline"', '</section>');
    expect(timeline).toContain('<th>Time (UTC)</th>');
    expect(timeline.match(/<tr id="audit-/g)).toHaveLength(input.audit.length);
    let position = 0;
    for (const entry of input.audit) {
      const row = timeline.indexOf(`<tr id="audit-${entry.seq}"><td class="num">${entry.seq}</td><td><time>${entry.at}</time></td><td>j.doe</td><td>${entry.action}</td>`, position);
      expect(row, `audit entry ${entry.seq}`).toBeGreaterThan(position);
      const summary = timeline.indexOf(entry.summary.replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;'), row);
      expect(summary, entry.summary).toBeGreaterThan(row);
      expect(timeline.indexOf(`<summary><code>${entry.hash.slice(0, 12)}…</code></summary>`, summary)).toBeGreaterThan(summary);
      expect(timeline.indexOf(`<dt>Entry hash</dt><dd><code class="hash">${entry.hash}</code></dd><dt>Previous hash</dt><dd><code class="hash">${entry.prevHash}</code>`, summary)).toBeGreaterThan(summary);
      position = summary;
    }
    expect(timeline).toContain('Killed winupd.exe (PID 3756) on WS-1');
    expect(timeline).toContain('&quot;pid&quot;: 3756');
  });

  it('lists every collection with its full SHA-256, command, tool, source, times, result and parser', () => {
    const input = sampleCase();
    const evidence = between(renderCaseReport(input), '<section id="evidence"', '</section>');
    expect(input.collections[0]!.rawSha256).toBe(sha256(ROUTER_RAW));
    for (const [index, item] of input.collections.entries()) {
      const row = between(evidence, `<tr id="collection-${index + 1}">`, '</tr>');
      expect(row).toMatch(/^<tr id="collection-\d+"><td class="num">\d+<\/td>/);
      expect(row).toContain(`<code class="hash">${item.rawSha256}</code>`);
      expect(row).toContain(`<td class="num">${item.recordCount}</td><td class="num">${item.diagnostics.length}</td>`);
      expect(row).toContain(`<time>${item.startedAt}</time> → <time>${item.finishedAt}</time>`);
    }
    expect(evidence).toContain('<th>Started → finished (UTC)</th>');
    expect(evidence).toContain('<code class="text">psexec \\\\10.xx.50.81 -accepteula -nobanner netstat -ano</code>');
    expect(evidence).toContain('<td>PsExec 2.43</td><td>collected</td>');
    expect(evidence).toContain('<code>ios-ip-cache-flow@1.0.0</code>');
    expect(evidence).toContain('<td>exit 0 · killed</td>');
    expect(evidence).toContain('<td>exit — · ok</td>');
    expect(evidence).toContain('imported from <code>C:\\evidence\\ws1 &lt;netstat&gt;.txt</code>');
    expect(evidence).toContain('<td class="num">2</td><td class="num">1</td>');
  });

  it('lists the notes with their target, text, tags, author and times', () => {
    const notes = between(renderCaseReport(sampleCase()), '<section id="notes"', '</section>');
    expect(notes).toContain('<a href="#collection-3">collection <code>col-ws1-pslist-03</code></a> (pslist \\\\10.xx.50.81 on WS-1 (10.xx.50.81)), row 1');
    expect(notes).toContain('(show ip cache flow on lab router (127.0.0.1:2222)), the whole collection');
    expect(notes).toContain('<td><code>suspect</code> <code>&lt;b&gt;c2&lt;/b&gt;</code></td><td>j.doe</td><td><time>2024-06-13T08:21:00.000Z</time></td><td><time>2024-06-13T08:21:30.000Z</time></td>');
    expect(notes).toContain('<th>Created (UTC)</th><th>Updated (UTC)</th>');
  });

  it('keeps hostile text from the case inert, in text and in attributes', () => {
    const input = sampleCase();
    input.meta.name = `Case <img src=x onerror=alert(1)>${HOSTILE_ATTRIBUTE}`;
    input.meta.analyst = HOSTILE_SCRIPT;
    input.generator = `FlowPivot${HOSTILE_ATTRIBUTE} onload="y`;
    input.devices[0]!.label = '<iframe src="https://evil.example/">';
    input.collections[1]!.command = `netstat -ano </code></td>${HOSTILE_SCRIPT}`;
    input.findings[0]!.note = `${HOSTILE_SCRIPT}${HOSTILE_ATTRIBUTE}`;
    input.findings[0]!.process!.commandLine = `cmd.exe /c "</pre><script src=//evil>" & echo '1'`;
    input.audit[5]!.summary = `Killed ${HOSTILE_SCRIPT}`;
    input.audit[5]!.hash = `"><script>alert(2)</script>`;
    input.verify = { ok: false, collectionsChecked: 5, auditEntriesChecked: 7, problems: [{ kind: 'audit-altered', where: HOSTILE_SCRIPT, message: HOSTILE_ATTRIBUTE }] };
    const html = renderCaseReport(input);

    expectInert(html);
    expect(html).not.toContain(HOSTILE_SCRIPT);
    expect(html).not.toContain(HOSTILE_ATTRIBUTE);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot; onmouseover=&quot;x');
    expect(html).toContain('<h1>Case &lt;img src=x onerror=alert(1)&gt;&quot; onmouseover=&quot;x</h1>');
    expect(html).toContain('<meta name="generator" content="FlowPivot&quot; onmouseover=&quot;x onload=&quot;y">');
    expect(html).toContain('<pre>cmd.exe /c &quot;&lt;/pre&gt;&lt;script src=//evil&gt;&quot; &amp; echo &#39;1&#39;</pre>');
    expect(html).toContain('&lt;iframe src=&quot;https://evil.example/&quot;&gt;');
  });

  it('shows bidirectional overrides and control characters by code point instead of obeying them', () => {
    const input = sampleCase();
    input.findings[0]!.process!.name = 'winupd\u202Egpj.exe';
    input.findings[0]!.process!.commandLine = 'powershell -enc AAA\u001b[2K\u0000';
    input.notes[0]!.text = 'line one\r\nline two\ttabbed';
    const html = renderCaseReport(input);
    const obeyed = [...html].filter((char) => {
      const code = char.charCodeAt(0);
      return (code < 0x20 && char !== '\t' && char !== '\n' && char !== '\r') || (code >= 0x202a && code <= 0x202e);
    });
    expect(obeyed).toEqual([]);
    expect(html).toContain('<strong>winupd<span class="ctl" title="invisible control character">U+202E</span>gpj.exe</strong>');
    expect(html).toContain('Finding 1: 10.xx.50.81:1822 → 10.xx.50.241:8080 TCP · winupd<span class="ctl"');
    expect(html).toContain('AAA<span class="ctl" title="invisible control character">U+001B</span>[2K<span class="ctl" title="invisible control character">U+0000</span></pre>');
    expect(html).toContain('line one\r\nline two\ttabbed');
  });

  it('names every problem of a failed verification, prominently, and claims nothing verified', () => {
    const input = sampleCase();
    const problems: VerifyReport['problems'] = [
      { kind: 'raw-altered', where: 'collection col-ws1-netstat-02: psexec netstat -ano on WS-1', message: 'the stored output no longer hashes to the audited SHA-256' },
      { kind: 'audit-chain-broken', where: 'audit entry 6 (kill)', message: 'prevHash does not match the hash of entry 5' },
      { kind: 'audit-missing', where: 'audit entry 8', message: 'the log ends at 7 but the case counted 8 entries' },
    ];
    input.verify = { ok: false, collectionsChecked: 5, auditEntriesChecked: 7, problems };
    const banner = between(renderCaseReport(input), '<section id="integrity"', '</section>');
    expect(banner).toContain('<section id="integrity" class="integrity failed" role="alert">');
    expect(banner).toContain('<h2>Integrity check FAILED: 3 problems</h2>');
    for (const problem of problems) {
      expect(banner).toContain(`<li><strong>${problem.where}</strong> <span class="problem-kind">(${problem.kind})</span>: ${problem.message}</li>`);
    }
    expect(banner).not.toContain('class="integrity ok"');
    expect(banner).not.toMatch(/\bverified/);
  });

  it('treats a verification that says ok but lists a problem, or fails without one, as failed', () => {
    const input = sampleCase();
    input.verify = { ok: true, collectionsChecked: 5, auditEntriesChecked: 7, problems: [{ kind: 'database-damaged', where: 'case file', message: 'integrity_check: page 12 is never used' }] };
    expect(renderCaseReport(input)).toContain('<h2>Integrity check FAILED: 1 problem</h2>');
    input.verify = { ok: false, collectionsChecked: 5, auditEntriesChecked: 7, problems: [] };
    const html = renderCaseReport(input);
    expect(html).toContain('<h2>Integrity check FAILED</h2>');
    expect(html).toContain('The verification failed without naming a problem.');
  });

  it('says so when the verification covered fewer collections or entries than the report lists', () => {
    const input = sampleCase();
    input.verify = { ok: true, collectionsChecked: 4, auditEntriesChecked: 7, problems: [] };
    const banner = between(renderCaseReport(input), '<section id="integrity"', '</section>');
    expect(banner).toContain('All 4 evidence hashes and the 7-entry audit chain verified.');
    expect(banner).toContain('The verification covered 4 collections and 7 audit entries; this report lists 5 and 7.');
  });

  it('renders an empty case sensibly', () => {
    const audit = auditLog([{ at: '2024-06-13T08:02:11.000Z', action: 'case-created', summary: 'Case created', detail: {} }]);
    const html = renderCaseReport({
      meta: { caseId: 'case-empty', name: '   ', analyst: 'j.doe', createdAt: '2024-06-13T08:02:11.000Z', updatedAt: '2024-06-13T08:02:11.000Z', schemaVersion: 2 },
      counts: { schemaVersion: 2, collections: 0, flows: 0, connections: 0, processes: 0, auditEntries: 1 },
      devices: [],
      collections: [],
      findings: [],
      notes: [],
      audit,
      verify: { ok: true, collectionsChecked: 0, auditEntriesChecked: 1, problems: [] },
      generatedAt: '2024-06-13T08:03:00.000Z',
      generator: 'FlowPivot 0.1.0',
    });
    expectInert(html);
    expect(html).toContain('<h1>(unnamed case)</h1>');
    expect(html).toContain('No evidence hashes to check; the 1-entry audit chain verified.');
    expect(html).toContain('No devices in this case.');
    expect(html).toContain('No findings marked.');
    expect(html).toContain('No evidence collected or imported.');
    expect(html).toContain('No notes.');
    expect(html.match(/<tr id="audit-/g)).toHaveLength(1);
    expect(html).not.toContain('<table id="collections"');

    const noAudit = renderCaseReport({ ...sampleCase(), audit: [], collections: [], findings: [], notes: [], devices: [] });
    expect(noAudit).toContain('The audit log is empty.');
  });

  it('renders thousands of collections and audit entries, one row each', () => {
    const input = sampleCase();
    const template = input.collections[1]!;
    input.collections = Array.from({ length: 5000 }, (_, i) => ({ ...template, id: `col-${i}`, rawSha256: sha256(`output ${i}`) }));
    input.audit = auditLog(Array.from({ length: 20000 }, (_, i) => ({ at: '2024-06-13T08:15:04.900Z', action: 'collection' as const, summary: `Collected netstat -ano #${i}`, detail: { collectionId: `col-${i % 5000}` } })));
    input.verify = { ok: true, collectionsChecked: 5000, auditEntriesChecked: 20000, problems: [] };
    const html = renderCaseReport(input);
    expect(html.match(/<tr id="collection-/g)).toHaveLength(5000);
    expect(html.match(/<tr id="audit-/g)).toHaveLength(20000);
    expect(html).toContain(`<code class="hash">${sha256('output 4999')}</code>`);
    expect(html).toContain('All 5000 evidence hashes and the 20000-entry audit chain verified.');
  });

  it('is a function of its input alone: the same input gives the same document and is left unchanged', () => {
    const input = sampleCase();
    const before = structuredClone(input);
    const first = renderCaseReport(input);
    expect(renderCaseReport(input)).toBe(first);
    expect(input).toEqual(before);
  });
});
