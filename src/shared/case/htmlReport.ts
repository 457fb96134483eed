// The whole case as one self-contained HTML document: no scripts, nothing loaded, every value from the case escaped.
import type { AuditEntry, CaseCollection, CaseDevice, CaseFinding, CaseNote, CaseReportInput, NoteTarget, VerifyReport } from './caseModel';
import { escapeAttribute, escapeText } from './report/htmlText';
import { REPORT_STYLE } from './report/reportStyle';
import { terminalSectionsOf } from './evidence';

/** The document may load nothing and run nothing: only its own inline style and data: images. */
export const REPORT_CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

type ReportCollection = Omit<CaseCollection, 'raw'>;

/** Where each collection sits in the Evidence table, so findings and notes can link to its row. */
interface EvidenceIndex {
  anchor: Map<string, string>;
  byId: Map<string, ReportCollection>;
}

const NONE = '<span class="none">—</span>';

// Only the protocols a flow-to-process chain meets every day get a name; any other shows as its number.
const PROTOCOL_NAMES: Readonly<Record<number, string>> = { 1: 'ICMP', 6: 'TCP', 17: 'UDP' };

const MATCH_WORDS: Readonly<Record<string, string>> = {
  exact: 'exact 5-tuple',
  listener: 'listening socket (local port)',
  'udp-bind': 'UDP bind (local port)',
};

/** One complete HTML5 document for `input`. Pure: the same input gives the same text, in Node and in a browser. */
export function renderCaseReport(input: CaseReportInput): string {
  const evidence = indexEvidence(input.collections);
  // Sections append to one array joined once at the end: cases hold thousands of collections and audit entries.
  const out: string[] = [];
  renderHead(out, input);
  out.push('<body>');
  renderHeader(out, input);
  renderIntegrity(out, input);
  renderSummary(out, input);
  renderFindings(out, input.findings, evidence);
  renderTimeline(out, input.audit);
  renderEvidence(out, input.collections);
  renderTerminalSessions(out, input.collections, evidence);
  renderNotes(out, input.notes, evidence);
  out.push(
    `<footer><p>Generated ${time(input.generatedAt)} UTC by ${escapeText(input.generator)}. ` +
      'This document runs no scripts and loads nothing: everything it shows is in this file. ' +
      'Raw outputs are not included; their SHA-256 hashes are listed under Evidence.</p></footer>',
    '</body>',
    '</html>',
    '',
  );
  return out.join('\n');
}

function indexEvidence(collections: readonly ReportCollection[]): EvidenceIndex {
  const anchor = new Map<string, string>();
  const byId = new Map<string, ReportCollection>();
  collections.forEach((collection, index) => {
    if (anchor.has(collection.id)) return;
    anchor.set(collection.id, `collection-${index + 1}`);
    byId.set(collection.id, collection);
  });
  return { anchor, byId };
}

function caseName(input: CaseReportInput): string {
  return input.meta.name.trim() === '' ? '(unnamed case)' : input.meta.name;
}

function renderHead(out: string[], input: CaseReportInput): void {
  out.push(
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // Written as is: the policy is ours, and its quotes are plain apostrophes inside a double-quoted attribute.
    `<meta http-equiv="Content-Security-Policy" content="${REPORT_CONTENT_SECURITY_POLICY}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="${escapeAttribute(input.generator)}">`,
    `<title>${escapeText(caseName(input))} — FlowPivot case report</title>`,
    `<style>${REPORT_STYLE}</style>`,
    '</head>',
  );
}

function renderHeader(out: string[], input: CaseReportInput): void {
  const { meta } = input;
  out.push(
    '<header id="top">',
    '<p class="eyebrow">FlowPivot case report</p>',
    `<h1>${escapeText(caseName(input))}</h1>`,
    '<dl class="meta">',
    `<dt>Case id</dt><dd><code>${escapeText(meta.caseId)}</code></dd>`,
    `<dt>Analyst</dt><dd>${escapeText(meta.analyst)}</dd>`,
    `<dt>Created (UTC)</dt><dd>${time(meta.createdAt)}</dd>`,
    `<dt>Updated (UTC)</dt><dd>${time(meta.updatedAt)}</dd>`,
    `<dt>Case file schema</dt><dd>${escapeText(meta.schemaVersion)}</dd>`,
    `<dt>Report generated (UTC)</dt><dd>${time(input.generatedAt)} by ${escapeText(input.generator)}</dd>`,
    '</dl>',
    '<nav aria-label="Sections"><ul>',
    '<li><a href="#integrity">Integrity</a></li>',
    '<li><a href="#summary">Summary</a></li>',
    `<li><a href="#findings">Findings (${input.findings.length})</a></li>`,
    `<li><a href="#timeline">Timeline (${input.audit.length})</a></li>`,
    `<li><a href="#evidence">Evidence (${input.collections.length})</a></li>`,
    ...(input.collections.some((collection) => collection.kind === 'terminal') ? ['<li><a href="#terminal-sessions">Terminal sessions</a></li>'] : []),
    `<li><a href="#notes">Notes (${input.notes.length})</a></li>`,
    '</ul></nav>',
    '</header>',
  );
}

/** The sentence for a verification that found nothing wrong. */
function verifiedSentence(verify: Pick<VerifyReport, 'collectionsChecked' | 'auditEntriesChecked'>): string {
  const hashes = verify.collectionsChecked;
  const evidence = hashes === 0 ? 'No evidence hashes to check; the' : hashes === 1 ? 'The 1 evidence hash and the' : `All ${hashes} evidence hashes and the`;
  return `${evidence} ${verify.auditEntriesChecked}-entry audit chain verified`;
}

function renderIntegrity(out: string[], input: CaseReportInput): void {
  const { verify } = input;
  // A report that says ok but lists problems (or fails without saying why) is treated as failed: never show green then.
  const failed = !verify.ok || verify.problems.length > 0;
  if (!failed) {
    out.push('<section id="integrity" class="integrity ok" role="status">', '<h2>Integrity verified</h2>', `<p>${escapeText(verifiedSentence(verify))}.</p>`);
  } else {
    const count = verify.problems.length;
    out.push(
      '<section id="integrity" class="integrity failed" role="alert">',
      `<h2>Integrity check FAILED${count > 0 ? `: ${count} ${count === 1 ? 'problem' : 'problems'}` : ''}</h2>`,
      '<p>Treat the evidence and the timeline below as unverified until every problem is explained.</p>',
    );
    if (count === 0) out.push('<p>The verification failed without naming a problem.</p>');
    else {
      out.push('<ol class="problems">');
      for (const problem of verify.problems) {
        out.push(
          `<li><strong>${escapeText(problem.where)}</strong> <span class="problem-kind">(${escapeText(problem.kind)})</span>: ${escapeText(problem.message)}</li>`,
        );
      }
      out.push('</ol>');
    }
  }
  if (verify.collectionsChecked !== input.collections.length || verify.auditEntriesChecked !== input.audit.length) {
    const covered = `${verify.collectionsChecked} ${plural(verify.collectionsChecked, 'collection')} and ${verify.auditEntriesChecked} ${plural(verify.auditEntriesChecked, 'audit entry', 'audit entries')}`;
    out.push(`<p>The verification covered ${covered}; this report lists ${input.collections.length} and ${input.audit.length}.</p>`);
  }
  out.push('</section>');
}

function renderSummary(out: string[], input: CaseReportInput): void {
  const { counts } = input;
  const rows: [string, number][] = [
    ['Evidence collections', counts.collections],
    ['Flow records', counts.flows],
    ['Connection records', counts.connections],
    ['Process records', counts.processes],
    ['Audit entries', counts.auditEntries],
    ['Findings', input.findings.length],
    ['Notes', input.notes.length],
    ['Devices', input.devices.length],
  ];
  out.push('<section id="summary">', '<h2>Summary</h2>', '<table class="counts"><tbody>');
  for (const [label, value] of rows) out.push(`<tr><th scope="row">${label}</th><td class="num">${escapeText(value)}</td></tr>`);
  out.push('</tbody></table>', '<h3>Devices</h3>');
  renderDevices(out, input.devices);
  out.push('</section>');
}

function renderDevices(out: string[], devices: readonly CaseDevice[]): void {
  if (devices.length === 0) {
    out.push('<p class="none">No devices in this case.</p>');
    return;
  }
  out.push(
    '<table id="devices"><thead><tr><th>Label</th><th>Kind</th><th>Address</th><th>Via</th><th>OS</th><th>User</th><th>Host key fingerprint</th></tr></thead><tbody>',
  );
  for (const device of devices) {
    out.push(
      `<tr><td>${escapeText(device.label)}</td><td>${escapeText(device.kind)}</td><td><code>${escapeText(endpoint(device.address, device.port))}</code></td>` +
        `<td>${orNone(device.via)}</td><td>${orNone(device.os)}</td><td>${orNone(device.username)}</td>` +
        `<td>${device.hostKeyFingerprint === null ? NONE : `<code class="hash">${escapeText(device.hostKeyFingerprint)}</code>`}</td></tr>`,
    );
  }
  out.push('</tbody></table>');
}

function renderFindings(out: string[], findings: readonly CaseFinding[], evidence: EvidenceIndex): void {
  out.push('<section id="findings">', '<h2>Findings</h2>');
  if (findings.length === 0) {
    out.push('<p class="none">No findings marked.</p>', '</section>');
    return;
  }
  out.push(
    '<p class="muted">Each finding is a chain the analyst marked: the flow the router saw, the host socket that carried it and the process that owned the socket, ' +
      'with the fields as they were shown when marked. Evidence rows are counted from 0, in the order the parser returned them.</p>',
  );
  findings.forEach((finding, index) => renderFinding(out, finding, index + 1, evidence));
  out.push('</section>');
}

function renderFinding(out: string[], finding: CaseFinding, number: number, evidence: EvidenceIndex): void {
  const { flow, connection, process } = finding;
  const headline = [`${endpoint(flow.srcAddr, flow.srcPort)} → ${endpoint(flow.dstAddr, flow.dstPort)} ${protocolWord(flow.protocol)}`];
  if (process !== null) headline.push(`${process.name} (PID ${process.pid}) on ${process.host}`);
  else if (connection !== null) headline.push(`socket on ${connection.host}`);
  out.push(
    `<article class="finding" id="finding-${number}">`,
    `<h3>Finding ${number}: ${escapeText(headline.join(' · '))}</h3>`,
    `<p class="muted">Marked by ${escapeText(finding.markedBy)} at ${time(finding.markedAt)} UTC · id <code>${escapeText(finding.id)}</code></p>`,
    '<div class="chain">',
    '<div class="hop flow"><h4>Flow</h4>',
    `<p>Seen by ${escapeText(flow.device)}</p>`,
    `<p><code>${escapeText(endpoint(flow.srcAddr, flow.srcPort))} → ${escapeText(endpoint(flow.dstAddr, flow.dstPort))}</code></p>`,
    `<p>${escapeText(protocolWord(flow.protocol))} · ${escapeText(flow.packets)} ${plural(flow.packets, 'packet')}</p>`,
    evidenceRef(flow, evidence),
    '</div>',
    '<div class="arrow" aria-hidden="true">→</div>',
  );
  if (connection === null) out.push('<div class="hop socket"><h4>Socket</h4><p class="none">No socket marked.</p></div>');
  else {
    const remote = connection.remoteAddr === null ? '—' : endpoint(connection.remoteAddr, connection.remotePort);
    out.push(
      '<div class="hop socket"><h4>Socket</h4>',
      `<p>On ${escapeText(connection.host)}</p>`,
      `<p><code>${escapeText(connection.proto)} ${escapeText(endpoint(connection.localAddr, connection.localPort))} → ${escapeText(remote)}</code></p>`,
      `<p>${connection.state === null ? 'no state' : escapeText(connection.state)} · PID ${connection.pid === null ? 'unknown' : escapeText(connection.pid)}</p>`,
      `<p>Matched: ${escapeText(MATCH_WORDS[connection.match] ?? connection.match)}</p>`,
      evidenceRef(connection, evidence),
      '</div>',
    );
  }
  out.push('<div class="arrow" aria-hidden="true">→</div>');
  if (process === null) out.push('<div class="hop process"><h4>Process</h4><p class="none">No process marked.</p></div>');
  else {
    out.push(
      '<div class="hop process"><h4>Process</h4>',
      `<p><strong>${escapeText(process.name)}</strong> · PID ${escapeText(process.pid)} on ${escapeText(process.host)}</p>`,
      `<p>Started: ${process.startedAt === null ? 'not recorded' : escapeText(process.startedAt)}</p>`,
      process.commandLine === null ? '<p class="none">No command line recorded.</p>' : `<pre>${escapeText(process.commandLine)}</pre>`,
      evidenceRef(process, evidence),
      '</div>',
    );
  }
  out.push('</div>');
  out.push(finding.note.trim() === '' ? '<p class="none">No note.</p>' : `<div class="note"><h4>Analyst's note</h4><p class="text">${escapeText(finding.note)}</p></div>`);
  out.push('</article>');
}

function evidenceRef(ref: { collectionId: string; row: number }, evidence: EvidenceIndex): string {
  return `<p class="evidence-ref">Evidence: ${collectionLink(ref.collectionId, evidence)}, row ${escapeText(ref.row)}</p>`;
}

function collectionLink(collectionId: string, evidence: EvidenceIndex): string {
  const anchor = evidence.anchor.get(collectionId);
  const collection = evidence.byId.get(collectionId);
  if (anchor === undefined || collection === undefined) return `collection <code>${escapeText(collectionId)}</code> (not in this report)`;
  return `<a href="#${anchor}">collection <code>${escapeText(collectionId)}</code></a> (${escapeText(collection.command)} on ${escapeText(collection.device)})`;
}

function renderTimeline(out: string[], audit: readonly AuditEntry[]): void {
  out.push('<section id="timeline">', '<h2>Timeline</h2>');
  if (audit.length === 0) {
    out.push('<p class="none">The audit log is empty.</p>', '</section>');
    return;
  }
  out.push(
    '<p class="muted">The audit log as stored, in order. Each entry’s hash covers the previous entry’s hash and the entry itself; open a hash for the full values and what the entry vouches for.</p>',
    '<table id="audit"><thead><tr><th class="num">Seq</th><th>Time (UTC)</th><th>Actor</th><th>Action</th><th>Summary</th><th>Entry hash</th></tr></thead><tbody>',
  );
  for (const entry of audit) {
    out.push(
      `<tr id="audit-${escapeAttribute(entry.seq)}"><td class="num">${escapeText(entry.seq)}</td><td>${time(entry.at)}</td><td>${escapeText(entry.actor)}</td>` +
        `<td>${escapeText(entry.action)}</td><td class="text">${escapeText(entry.summary)}</td><td class="hash-cell">${auditHash(entry)}</td></tr>`,
    );
  }
  out.push('</tbody></table>', '</section>');
}

function auditHash(entry: AuditEntry): string {
  const hash = escapeText(entry.hash);
  return (
    `<details><summary><code>${escapeText(entry.hash.slice(0, 12))}…</code></summary><dl>` +
    `<dt>Entry hash</dt><dd><code class="hash">${hash}</code></dd>` +
    `<dt>Previous hash</dt><dd><code class="hash">${escapeText(entry.prevHash)}</code></dd>` +
    `<dt>Detail</dt><dd><pre>${escapeText(detailJson(entry.detail))}</pre></dd>` +
    `</dl></details><code class="hash print-only">${hash}</code>`
  );
}

function detailJson(detail: Record<string, unknown>): string {
  try {
    return JSON.stringify(detail, null, 2) ?? 'null';
  } catch (error) {
    return `(the detail cannot be shown as JSON: ${error instanceof Error ? error.message : String(error)})`;
  }
}

function renderEvidence(out: string[], collections: readonly ReportCollection[]): void {
  out.push('<section id="evidence">', '<h2>Evidence</h2>');
  if (collections.length === 0) {
    out.push('<p class="none">No evidence collected or imported.</p>', '</section>');
    return;
  }
  out.push(
    '<p class="muted">Every command output kept in the case. The SHA-256 is of the output exactly as received (UTF-8); the outputs themselves stay in the case file.</p>',
    '<table id="collections"><thead><tr><th class="num">#</th><th>Collection</th><th>Device and command</th><th>Tool</th><th>Source</th>' +
      '<th>Started → finished (UTC)</th><th>Result</th><th>Parser</th><th class="num">Records</th><th class="num">Diagnostics</th><th>SHA-256</th></tr></thead><tbody>',
  );
  collections.forEach((collection, index) => {
    const source = collection.source === 'imported' ? `imported${collection.importedFrom === null ? '' : ` from <code>${escapeText(collection.importedFrom)}</code>`}` : escapeText(collection.source);
    const parser = collection.parserId === null ? NONE : `<code>${escapeText(collection.parserId)}@${escapeText(collection.parserVersion ?? '?')}</code>`;
    const result = `exit ${collection.exitCode === null ? '—' : escapeText(collection.exitCode)} · ${escapeText(collection.outcome)}`;
    out.push(
      `<tr id="collection-${index + 1}"><td class="num">${index + 1}</td><td><code>${escapeText(collection.id)}</code><br>${escapeText(collection.kind)}</td>` +
        `<td>${escapeText(collection.device)}<br><code class="text">${escapeText(collection.command)}</code></td>` +
        `<td>${escapeText(collection.tool)}${collection.toolVersion === null ? '' : ` ${escapeText(collection.toolVersion)}`}</td><td>${source}</td>` +
        `<td>${time(collection.startedAt)} → ${time(collection.finishedAt)}</td><td>${result}</td><td>${parser}</td>` +
        `<td class="num">${escapeText(collection.recordCount)}</td><td class="num">${escapeText(collection.diagnostics.length)}</td>` +
        `<td class="hash-cell"><code class="hash">${escapeText(collection.rawSha256)}</code></td></tr>`,
    );
  });
  out.push('</tbody></table>', '</section>');
}

/** What was typed in each terminal part (secrets masked); the transcripts themselves stay in the case file. */
function renderTerminalSessions(out: string[], collections: readonly ReportCollection[], evidence: EvidenceIndex): void {
  const terminals = collections.filter((collection) => collection.kind === 'terminal');
  if (terminals.length === 0) return;
  out.push(
    '<section id="terminal-sessions">',
    '<h2>Terminal sessions</h2>',
    '<p class="muted">The lines typed in each terminal session, as kept (what was typed at a password prompt is masked). The full transcripts — input and output with their times, asciicast v2 — are in the case file.</p>',
  );
  for (const collection of terminals) {
    const sections = terminalSectionsOf(collection.sections);
    const typed = sections?.typed ?? [];
    out.push(
      `<h3>${escapeText(collection.device)}: ${time(collection.startedAt)} → ${time(collection.finishedAt)} UTC · ${escapeText(collection.outcome)}${sections ? ` · part ${escapeText(sections.part)}` : ''}</h3>`,
      `<p class="evidence-ref">Evidence: ${collectionLink(collection.id, evidence)}</p>`,
      typed.length === 0 ? '<p class="none">Nothing typed.</p>' : `<ol class="typed">${typed.map((line) => `<li><code class="text">${escapeText(line)}</code></li>`).join('')}</ol>`,
    );
  }
  out.push('</section>');
}

function renderNotes(out: string[], notes: readonly CaseNote[], evidence: EvidenceIndex): void {
  out.push('<section id="notes">', '<h2>Notes</h2>');
  if (notes.length === 0) {
    out.push('<p class="none">No notes.</p>', '</section>');
    return;
  }
  out.push('<table id="note-list"><thead><tr><th>On</th><th>Note</th><th>Tags</th><th>Author</th><th>Created (UTC)</th><th>Updated (UTC)</th></tr></thead><tbody>');
  for (const note of notes) {
    const tags = note.tags.length === 0 ? NONE : note.tags.map((tag) => `<code>${escapeText(tag)}</code>`).join(' ');
    out.push(
      `<tr><td>${noteTarget(note.target, evidence)}</td><td class="text">${escapeText(note.text)}</td><td>${tags}</td>` +
        `<td>${escapeText(note.author)}</td><td>${time(note.createdAt)}</td><td>${time(note.updatedAt)}</td></tr>`,
    );
  }
  out.push('</tbody></table>', '</section>');
}

function noteTarget(target: NoteTarget, evidence: EvidenceIndex): string {
  return `${collectionLink(target.collectionId, evidence)}, ${target.row === null ? 'the whole collection' : `row ${escapeText(target.row)}`}`;
}

function time(iso: string): string {
  return `<time>${escapeText(iso)}</time>`;
}

function orNone(value: string | null): string {
  return value === null || value === '' ? NONE : escapeText(value);
}

/** "10.0.0.1:445", "[fe80::1]:445", or the address alone when there is no port. */
function endpoint(address: string, port: number | null): string {
  if (port === null) return address;
  return address.includes(':') && !address.startsWith('[') ? `[${address}]:${port}` : `${address}:${port}`;
}

function protocolWord(protocol: number): string {
  return PROTOCOL_NAMES[protocol] ?? `protocol ${protocol}`;
}

function plural(count: number, one: string, many = `${one}s`): string {
  return count === 1 ? one : many;
}
