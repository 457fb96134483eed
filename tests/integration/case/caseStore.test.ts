import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAuditEntry } from '../../../src/main/case/auditLog';
import { createCaseFile } from '../../../src/main/case/caseFile';
import { CaseStore } from '../../../src/main/case/caseStore';
import { insertCollectionRow, rawSha256Of } from '../../../src/main/case/collectionRows';
import { RecordRows } from '../../../src/main/case/recordRows';
import { CASE_SCHEMA_VERSION, type CaseDevice, type RecordKind } from '../../../src/shared/case/caseModel';
import type { KillResult, ProcessEntry } from '../../../src/shared/domain';
import { findParser } from '../../../src/shared/parsers/registry';
import { withTempDir } from '../../support/tempDir';
import { appErrorOf, fixtureCollection, host, pskillRun, recordsOf, router, withPlainSqlite } from './caseFixtures';
import { FlowTable } from '../../../src/shared/flows/flowTable';
import type { Connection, Flow } from '../../../src/shared/domain';

const clock = () => new Date('2026-11-25T12:00:00.000Z');

let dir: { path: string; remove: () => Promise<void> };
let path: string;
beforeEach(async () => {
  dir = await withTempDir();
  path = join(dir.path, 'incident.flowpivot');
});
afterEach(() => dir.remove());

function sha256File(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** A case with one collection of each kind, from real captures (flow monitor records and PsList carry extra fields). */
function populatedCase(): { store: CaseStore; ids: Record<string, string> } {
  const store = CaseStore.create(path, { name: 'Incident 42', analyst: 'alice', now: clock });
  store.upsertDevice(router);
  store.upsertDevice(host);
  const collections = [
    fixtureCollection('flows', 'ios-ip-cache-flow', 'seed', router, 'show ip cache flow'),
    fixtureCollection('flows', 'ios-flow-monitor-record', 'genie-eta-mon-record', router, 'show flow monitor eta-mon cache format record'),
    fixtureCollection('connections', 'win-netstat', 'jc-windows10-ano', host, 'netstat -ano'),
    fixtureCollection('processes', 'pslist', 'memory-detail-v126', host, 'pslist -m'),
  ];
  const ids: Record<string, string> = {};
  for (const collection of collections) ids[collection.parserId!] = store.addCollection(collection).id;
  return { store, ids };
}

describe('CaseStore: creating and reopening', () => {
  it('creates a case with its metadata, a case-created audit entry and a clean verification', () => {
    const store = CaseStore.create(path, { name: 'Incident 42', analyst: 'alice', now: clock });
    expect(store.meta()).toMatchObject({ name: 'Incident 42', analyst: 'alice', createdAt: '2026-11-25T12:00:00.000Z', schemaVersion: CASE_SCHEMA_VERSION });
    expect(store.audit()).toEqual([expect.objectContaining({ seq: 1, action: 'case-created', actor: 'alice' })]);
    expect(store.openReport).toMatchObject({ ok: true, problems: [] });
    store.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(CASE_SCHEMA_VERSION);
    db.close();
  });

  it('refuses to create a case over an existing file, which stays as it was', () => {
    writeFileSync(path, 'notes from yesterday');
    const error = appErrorOf(() => CaseStore.create(path, { name: 'x', analyst: 'alice' }));
    expect(error.data.kind).toBe('case-exists');
    expect(error.message).toContain(path);
    expect(readFileSync(path, 'utf8')).toBe('notes from yesterday');
  });

  it('gives back exactly the devices, collections and records that went in, after closing and reopening', () => {
    const { store, ids } = populatedCase();
    const added = store.collections();
    const parsed = Object.fromEntries(added.map((collection) => [collection.id, store.records(collection.id)]));
    store.close();

    const reopened = CaseStore.open(path);
    expect(reopened.openReport).toMatchObject({ ok: true, problems: [], collectionsChecked: 4 });
    expect(reopened.devices()).toEqual([router, host]);
    expect(reopened.collections()).toEqual(added);
    for (const [parserId, name] of [['ios-ip-cache-flow', 'seed'], ['ios-flow-monitor-record', 'genie-eta-mon-record'], ['win-netstat', 'jc-windows10-ano'], ['pslist', 'memory-detail-v126']] as const) {
      const id = ids[parserId]!;
      const expected = findParser(parserId)!.parse(readFileSync(join(import.meta.dirname, '../../fixtures', parserId, `${name}.txt`), 'utf8'));
      expect(expected.records.length).toBeGreaterThan(0);
      expect(reopened.records(id)).toEqual(expected.records);
      expect(parsed[id]).toEqual(expected.records);
      const collection = reopened.collection(id);
      expect(collection.raw).toBe(readFileSync(join(import.meta.dirname, '../../fixtures', parserId, `${name}.txt`), 'utf8'));
      expect(collection.rawSha256).toBe(rawSha256Of(collection.raw));
      expect(collection.diagnostics).toEqual(expected.diagnostics);
      expect(collection.sections).toEqual(JSON.parse(JSON.stringify(expected.sections)));
    }
    reopened.close();
  });

  it('keeps fields a parser adds beyond the record type (Flexible NetFlow extras, PsList memory columns)', () => {
    const { store, ids } = populatedCase();
    const flows = store.records<'flows'>(ids['ios-flow-monitor-record']!);
    expect(Object.keys(flows[0]!)).toEqual(expect.arrayContaining(['extra', 'notPrinted']));
    const processes = store.records<'processes'>(ids.pslist!);
    expect(Object.keys(processes[0]!)).toEqual(expect.arrayContaining(['virtualKb', 'workingSetKb']));
    store.close();
  });

  it('writes one audit entry per collection that vouches for its hash, device, command, count and parser', () => {
    const { store, ids } = populatedCase();
    const entry = store.audit().find((candidate) => candidate.detail.collectionId === ids['win-netstat'])!;
    const collection = store.collection(ids['win-netstat']!);
    expect(entry).toMatchObject({ action: 'collection', actor: 'alice' });
    expect(entry.detail).toMatchObject({ collectionId: collection.id, device: host.label, command: 'netstat -ano', rawSha256: collection.rawSha256, recordCount: collection.recordCount, parserId: 'win-netstat', parserVersion: collection.parserVersion });
    store.close();
  });

  it('counts collections, records of each kind and audit entries', () => {
    const { store } = populatedCase();
    const kinds = (kind: RecordKind) => store.collections().filter((collection) => collection.kind === kind).reduce((sum, collection) => sum + collection.recordCount, 0);
    expect(store.counts()).toEqual({ schemaVersion: CASE_SCHEMA_VERSION, collections: 4, flows: kinds('flows'), connections: kinds('connections'), processes: kinds('processes'), auditEntries: 5 });
    store.close();
  });

  it('stores a device by its identity only: a secret passed along is not kept, and no column could hold one', () => {
    const store = CaseStore.create(path, { name: 'x', analyst: 'alice' });
    store.upsertDevice({ ...router, password: 'hunter2', passphrase: 'p' } as CaseDevice);
    store.upsertDevice({ ...router, hostKeyFingerprint: 'SHA256:changed' });
    expect(store.devices()).toEqual([{ ...router, hostKeyFingerprint: 'SHA256:changed' }]);
    store.close();
    const columns = withPlainSqlite(path, (db) => (db.pragma('table_info(devices)') as { name: string }[]).map((column) => column.name));
    expect(columns.filter((name) => /pass|secret|private|key/i.test(name))).toEqual(['host_key_fingerprint']);
    expect(readFileSync(path).includes(Buffer.from('hunter2'))).toBe(false);
  });

  it('refuses a collection for a device it does not know, or with an id already used, and writes nothing', () => {
    const { store } = populatedCase();
    const before = store.counts();
    const stranger = appErrorOf(() => store.addCollection(fixtureCollection('flows', 'ios-ip-cache-flow', 'seed', { ...router, id: 'nobody' }, 'show ip cache flow')));
    expect(stranger.data).toMatchObject({ kind: 'invalid-input', method: 'addCollection' });
    const again = appErrorOf(() => store.addCollection(fixtureCollection('flows', 'ios-ip-cache-flow', 'seed', router, 'show ip cache flow', store.collections()[0]!.id)));
    expect(again.message).toContain('already in the case');
    expect(store.counts()).toEqual(before);
    store.close();
  });

  it('rolls a collection back entirely when one of its records cannot be stored', () => {
    const { store } = populatedCase();
    const before = { counts: store.counts(), audit: store.audit() };
    const collection = fixtureCollection('connections', 'win-netstat', 'jc-windows10-ano', host, 'netstat -ano');
    // A value JSON cannot hold: the collection's row is in, its records fail, and all of it must go.
    (collection.records[5] as unknown as { pid: unknown }).pid = 5n;
    const error = appErrorOf(() => store.addCollection(collection));
    expect(error.data).toMatchObject({ kind: 'case-write-failed', path });
    expect(store.counts()).toEqual(before.counts);
    expect(store.audit()).toEqual(before.audit);
    expect(store.verify().ok).toBe(true);
    store.close();
  });

  it('keeps each collection\'s records as one blob with its SHA-256, vouched for by its audit entry', () => {
    const { store, ids } = populatedCase();
    const flowsId = ids['ios-ip-cache-flow']!;
    const entry = store.audit().find((candidate) => candidate.detail.collectionId === flowsId)!;
    store.close();
    withPlainSqlite(path, (db) => {
      const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all() as string[]);
      expect(tables).toEqual(['audit', 'collections', 'devices', 'findings', 'meta', 'notes', 'record_sets']);
      const rows = db.prepare('SELECT c.id, c.kind, r.encoding, r.record_count, r.sha256, r.data FROM record_sets r JOIN collections c ON c.seq = r.collection ORDER BY c.seq').all() as { id: string; kind: string; encoding: string; record_count: number; sha256: string; data: Buffer }[];
      expect(rows.map((row) => [row.kind, row.encoding])).toEqual([['flows', 'flow-table/1'], ['flows', 'flow-table/1'], ['connections', 'json-rows/1'], ['processes', 'json-rows/1']]);
      for (const row of rows) expect(createHash('sha256').update(row.data).digest('hex')).toBe(row.sha256);
      expect(entry.detail.recordsSha256).toBe(rows.find((row) => row.id === flowsId)!.sha256);
    });
  });
});

describe('CaseStore: notes, findings, reparse, kills', () => {
  it('adds and edits notes with tags, each change audited with the old and the new text', () => {
    const { store, ids } = populatedCase();
    const flowsId = ids['ios-ip-cache-flow']!;
    const note = store.addNote({ target: { collectionId: flowsId, row: 2 }, text: 'SMB to the file server', tags: ['smb'], author: 'bob' });
    const edited = store.updateNote(note.id, { text: 'SMB to the file server, from the VPN pool', tags: ['smb', 'vpn'] }, 'carol');
    expect(edited).toMatchObject({ id: note.id, text: 'SMB to the file server, from the VPN pool', tags: ['smb', 'vpn'], author: 'bob' });
    const noteEntries = store.audit().filter((entry) => entry.action === 'note');
    expect(noteEntries.map((entry) => [entry.actor, entry.detail.oldText, entry.detail.newText])).toEqual([
      ['bob', null, 'SMB to the file server'],
      ['carol', 'SMB to the file server', 'SMB to the file server, from the VPN pool'],
    ]);
    store.close();
    const reopened = CaseStore.open(path);
    expect(reopened.notes()).toEqual([edited]);
    expect(reopened.notes(flowsId)).toEqual([edited]);
    expect(reopened.notes(ids['win-netstat'])).toEqual([]);
    reopened.close();
  });

  it('refuses a note on a row the collection does not have', () => {
    const { store, ids } = populatedCase();
    const count = store.collection(ids['win-netstat']!).recordCount;
    const error = appErrorOf(() => store.addNote({ target: { collectionId: ids['win-netstat']!, row: count }, text: 'x', tags: [], author: 'bob' }));
    expect(error.data).toMatchObject({ kind: 'invalid-input', method: 'addNote' });
    expect(appErrorOf(() => store.addNote({ target: { collectionId: 'nope', row: null }, text: 'x', tags: [], author: 'bob' })).data).toMatchObject({ kind: 'not-found', what: 'collection' });
    store.close();
  });

  it('keeps a finding with its references and audits it; a reference to a missing row is refused', () => {
    const { store, ids } = populatedCase();
    const flow = store.records<'flows'>(ids['ios-ip-cache-flow']!)[0]!;
    const connection = store.records<'connections'>(ids['win-netstat']!)[1]!;
    const input = {
      markedBy: 'alice',
      note: 'beacon',
      flow: { collectionId: ids['ios-ip-cache-flow']!, row: 0, device: router.label, srcAddr: flow.srcAddr, srcPort: flow.srcPort, dstAddr: flow.dstAddr, dstPort: flow.dstPort, protocol: flow.protocol, packets: flow.packets },
      connection: { collectionId: ids['win-netstat']!, row: 1, host: host.label, proto: connection.proto, localAddr: connection.localAddr, localPort: connection.localPort, remoteAddr: connection.remoteAddr, remotePort: connection.remotePort, state: connection.state, pid: connection.pid, match: 'exact' as const },
      process: null,
    };
    const finding = store.addFinding(input);
    expect(store.findings()).toEqual([finding]);
    expect(store.audit().at(-1)).toMatchObject({ action: 'finding', actor: 'alice', detail: { findingId: finding.id } });
    const wrongKind = appErrorOf(() => store.addFinding({ ...input, flow: { ...input.flow, collectionId: ids['win-netstat']! } }));
    expect(wrongKind.data).toMatchObject({ kind: 'invalid-input', method: 'addFinding' });
    expect(store.findings()).toHaveLength(1);
    store.close();
  });

  it('reparses a collection: records replaced in one go, raw untouched, old and new parser versions audited', () => {
    const { store, ids } = populatedCase();
    const id = ids['ios-ip-cache-flow']!;
    const before = store.collection(id);
    const parser = findParser('ios-ip-cache-flow')!;
    const updated = store.reparse(id, (raw) => {
      const result = parser.parse(raw);
      // A newer parser that, say, drops the ICMP rows.
      const records = result.records.filter((flow) => (flow as { protocol: number }).protocol !== 1);
      return { parserId: result.format, parserVersion: '2.0.0', records: FlowTable.fromFlows(records as Flow[]).data as never, diagnostics: [], sections: result.sections };
    });
    expect(updated).toMatchObject({ parserVersion: '2.0.0', diagnostics: [], rawSha256: before.rawSha256 });
    expect(updated.recordCount).toBeLessThan(before.recordCount);
    expect(store.records(id)).toHaveLength(updated.recordCount);
    expect(store.collection(id).raw).toBe(before.raw);
    expect(store.audit().at(-1)).toMatchObject({
      action: 'reparse',
      detail: { collectionId: id, rawSha256: before.rawSha256, recordCount: updated.recordCount, old: { parserVersion: before.parserVersion, recordCount: before.recordCount }, new: { parserVersion: '2.0.0', recordCount: updated.recordCount } },
    });
    expect(store.verify()).toMatchObject({ ok: true, problems: [] });
    store.close();
  });

  it('leaves the records as they were when the reparse fails', () => {
    const { store, ids } = populatedCase();
    const id = ids['win-netstat']!;
    const before = store.records(id);
    expect(() => store.reparse(id, () => { throw new Error('parser crashed'); })).toThrow('parser crashed');
    const bad = appErrorOf(() => store.reparse(id, () => ({ parserId: 'win-netstat', parserVersion: '9', records: [{ ...(before[0] as Connection), pid: 9n }] as never, diagnostics: [], sections: null })));
    expect(bad.data.kind).toBe('case-write-failed');
    expect(store.records(id)).toEqual(before);
    store.close();
  });

  it('records a kill: each tool run as a kill collection and one audit entry with who, what, why and the hashes', () => {
    const { store } = populatedCase();
    const before = store.counts();
    const runs = [pskillRun('kill-run-1', 3968, 'seed'), pskillRun('kill-run-2', 3968, 'not-found')];
    const process: ProcessEntry = { line: 9, name: 'evil.exe', pid: 3968, ppid: 4, priority: 8, threads: 3, handles: 90, privateKb: 1024, cpuSec: 0.5, elapsedSec: 60, depth: null, user: null, startedAt: null, commandLine: null };
    const result: KillResult = { hostId: host.id, host: host.address, pid: 3968, outcome: 'killed', message: 'Process 3968 was stopped.', commands: runs, process, requestedBy: 'alice', requestedAt: '2026-11-25T10:04:59.000Z', reason: 'flow to 203.0.113.9:445' };
    const recorded = store.recordKill(result, host);

    expect(recorded.collections.map((collection) => [collection.id, collection.kind, collection.recordCount, collection.rawSha256])).toEqual(runs.map((run) => [run.id, 'kill', 0, rawSha256Of(run.stdout)]));
    expect(store.collection('kill-run-1').raw).toBe(runs[0]!.stdout);
    expect(store.collection('kill-run-1').command).toBe(`pskill \\\\${host.address} -accepteula -nobanner 3968`);
    expect(store.counts()).toEqual({ ...before, collections: before.collections + 2, auditEntries: before.auditEntries + 1 });
    expect(recorded.audit).toMatchObject({
      action: 'kill',
      actor: 'alice',
      detail: {
        hostId: host.id,
        host: host.address,
        pid: 3968,
        processName: 'evil.exe',
        outcome: 'killed',
        message: 'Process 3968 was stopped.',
        requestedBy: 'alice',
        requestedAt: '2026-11-25T10:04:59.000Z',
        reason: 'flow to 203.0.113.9:445',
        collections: runs.map((run) => expect.objectContaining({ id: run.id, rawSha256: rawSha256Of(run.stdout) })),
      },
    });
    expect(store.audit().at(-1)).toEqual(recorded.audit);
    expect(store.verify()).toMatchObject({ ok: true, problems: [] });
    store.close();
  });

  it('records nothing of a kill when one of its runs clashes with evidence already in the case', () => {
    const { store } = populatedCase();
    store.recordKill({ hostId: host.id, host: host.address, pid: 1, outcome: 'killed', message: 'ok', commands: [pskillRun('run-a', 1)], process: null, requestedBy: 'alice', requestedAt: '2026-11-25T10:00:00.000Z', reason: null }, host);
    const before = { counts: store.counts(), audit: store.audit() };
    const clash = { ...pskillRun('run-a', 1), stdout: 'different output' };
    const error = appErrorOf(() => store.recordKill({ hostId: host.id, host: host.address, pid: 1, outcome: 'killed', message: 'ok', commands: [pskillRun('run-b', 1), clash], process: null, requestedBy: 'alice', requestedAt: '2026-11-25T10:00:00.000Z', reason: null }, host));
    expect(error.data).toMatchObject({ kind: 'invalid-input', method: 'recordKill' });
    expect(store.counts()).toEqual(before.counts);
    expect(store.audit()).toEqual(before.audit);
    expect(() => store.collection('run-b')).toThrow();
    store.close();
  });

  it('appends audit entries for others (exports, host keys) to the chain', () => {
    const store = CaseStore.create(path, { name: 'x', analyst: 'alice' });
    const entry = store.appendAudit('export', 'HTML report written to /tmp/r.html.', { path: '/tmp/r.html' }, 'alice');
    expect(entry).toMatchObject({ seq: 2, action: 'export', prevHash: store.audit()[0]!.hash });
    expect(store.verify().ok).toBe(true);
    store.close();
  });
});

describe('CaseStore: versions and foreign files', () => {
  it('refuses a newer case file with a sentence naming the file and both versions, and leaves it untouched', () => {
    CaseStore.create(path, { name: 'x', analyst: 'alice' }).close();
    withPlainSqlite(path, (db) => db.pragma(`user_version = ${CASE_SCHEMA_VERSION + 1}`));
    const before = sha256File(path);
    for (const readOnly of [false, true]) {
      const error = appErrorOf(() => CaseStore.open(path, { readOnly }));
      expect(error.data).toEqual({ kind: 'case-too-new', path, version: CASE_SCHEMA_VERSION + 1, supported: CASE_SCHEMA_VERSION });
      expect(error.message).toBe(`Cannot open ${path}: it is a version ${CASE_SCHEMA_VERSION + 1} case file and this FlowPivot reads case files up to version ${CASE_SCHEMA_VERSION}; open it with a newer FlowPivot (the file was not changed).`);
    }
    expect(sha256File(path)).toBe(before);
  });

  it('refuses a file that is not SQLite, naming the file and the cause, without changing it', () => {
    writeFileSync(path, 'Router#show ip cache flow\nnot a database\n'.repeat(200));
    const before = sha256File(path);
    const error = appErrorOf(() => CaseStore.open(path));
    expect(error.data).toEqual({ kind: 'case-unreadable', path, detail: 'it is not a SQLite database' });
    expect(error.message).toBe(`Cannot open ${path}: it is not a SQLite database; a FlowPivot case file (SQLite) was expected.`);
    expect(sha256File(path)).toBe(before);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('refuses another program\'s SQLite database without switching it to WAL or touching it', () => {
    withPlainSqlite(path, (db) => db.exec('CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES (\'x\')'));
    const before = sha256File(path);
    const error = appErrorOf(() => CaseStore.open(path));
    expect(error.data).toMatchObject({ kind: 'case-unreadable', detail: expect.stringContaining('not a FlowPivot case') });
    expect(sha256File(path)).toBe(before);
    expect(withPlainSqlite(path, (db) => db.pragma('journal_mode', { simple: true }))).toBe('delete');
  });

  it('refuses a damaged case file (cut short, or a page overwritten), naming the file and the damage', () => {
    const { store } = populatedCase();
    store.close();
    const bytes = readFileSync(path);
    const cut = join(dir.path, 'cut.flowpivot');
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const overwritten = join(dir.path, 'overwritten.flowpivot');
    writeFileSync(overwritten, Buffer.from(bytes).fill(0x41, 4096 * 5, 4096 * 6));
    for (const file of [cut, overwritten]) {
      const error = appErrorOf(() => CaseStore.open(file));
      expect(error.data).toEqual({ kind: 'case-unreadable', path: file, detail: 'the file is damaged (database disk image is malformed)' });
      expect(error.message).toContain(file);
    }
  });

  it('refuses a missing file and an empty one', () => {
    expect(appErrorOf(() => CaseStore.open(join(dir.path, 'gone.flowpivot'))).data).toMatchObject({ kind: 'case-unreadable', detail: 'the file does not exist' });
    writeFileSync(path, '');
    expect(appErrorOf(() => CaseStore.open(path)).data).toMatchObject({ kind: 'case-unreadable', detail: expect.stringContaining('empty') });
  });

  it('refuses every change to a case opened read-only', () => {
    const { store, ids } = populatedCase();
    store.close();
    const before = sha256File(path);
    const readOnly = CaseStore.open(path, { readOnly: true });
    expect(readOnly.records(ids['win-netstat']!).length).toBeGreaterThan(0);
    const error = appErrorOf(() => readOnly.addNote({ target: { collectionId: ids['win-netstat']!, row: null }, text: 'x', tags: [], author: 'bob' }));
    expect(error.data).toMatchObject({ kind: 'case-read-only', path });
    readOnly.close();
    expect(sha256File(path)).toBe(before);
  });
});

describe('CaseStore: upgrading a version 1 file', () => {
  /** A real version-1 case, written with version 1's schema: a router, a flow collection and its audit entry, a note. */
  function createVersion1Case(): { collectionId: string; records: unknown[] } {
    const db = createCaseFile(path, { caseId: 'case-v1', name: 'Old case', analyst: 'alice', at: '2026-01-01T00:00:00.000Z' }, 1);
    const collection = fixtureCollection('flows', 'ios-ip-cache-flow', 'seed', router, 'show ip cache flow', 'v1-collection');
    db.transaction(() => {
      db.prepare('INSERT INTO devices (id, kind, label, address, port, via, os, username, host_key_fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(router.id, router.kind, router.label, router.address, router.port, router.via, router.os, router.username, router.hostKeyFingerprint);
      const rawSha256 = rawSha256Of(collection.raw);
      const records = recordsOf(collection);
      const seq = insertCollectionRow(db, collection, rawSha256, records.length);
      new RecordRows(db).insert('flows', seq, records);
      appendAuditEntry(db, { at: '2026-01-01T00:01:00.000Z', actor: 'alice', action: 'collection', summary: 'Collected.', detail: { collectionId: collection.id, rawSha256, recordCount: records.length } });
      db.prepare('INSERT INTO notes (id, collection_id, row, text, author, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run('note-1', collection.id, 0, 'first flow', 'alice', '2026-01-01T00:02:00.000Z', '2026-01-01T00:02:00.000Z');
    })();
    db.close();
    return { collectionId: collection.id, records: recordsOf(collection) };
  }

  it('upgrades a copy, keeps the original byte for byte as <file>.v1.bak, and audits the upgrade', () => {
    const { collectionId, records } = createVersion1Case();
    const original = sha256File(path);
    expect(withPlainSqlite(path, (db) => (db.pragma('table_info(notes)') as { name: string }[]).map((column) => column.name))).not.toContain('tags');

    const store = CaseStore.open(path, { now: clock });
    expect(store.upgrade).toEqual({ fromVersion: 1, toVersion: CASE_SCHEMA_VERSION, backupPath: `${path}.v1.bak` });
    expect(store.openReport).toMatchObject({ ok: true, problems: [] });
    expect(store.meta()).toMatchObject({ caseId: 'case-v1', name: 'Old case', schemaVersion: CASE_SCHEMA_VERSION });
    expect(store.records(collectionId)).toEqual(records);
    expect(store.notes()).toEqual([{ id: 'note-1', target: { collectionId, row: 0 }, text: 'first flow', tags: [], author: 'alice', createdAt: '2026-01-01T00:02:00.000Z', updatedAt: '2026-01-01T00:02:00.000Z' }]);
    expect(store.audit().at(-1)).toMatchObject({ seq: 3, action: 'case-upgraded', at: '2026-11-25T12:00:00.000Z', detail: { fromVersion: 1, toVersion: CASE_SCHEMA_VERSION, backup: 'incident.flowpivot.v1.bak', originalSha256: original } });
    store.updateNote('note-1', { tags: ['upgraded'] });
    store.close();

    expect(sha256File(`${path}.v1.bak`)).toBe(original);
    expect(withPlainSqlite(`${path}.v1.bak`, (db) => db.pragma('user_version', { simple: true }))).toBe(1);
    expect(withPlainSqlite(path, (db) => db.pragma('user_version', { simple: true }))).toBe(CASE_SCHEMA_VERSION);
    expect(CaseStore.open(path).upgrade).toBeNull();
  });

  it('gives an upgraded file the same schema as a new one', () => {
    createVersion1Case();
    CaseStore.open(path).close();
    const fresh = join(dir.path, 'fresh.flowpivot');
    CaseStore.create(fresh, { name: 'x', analyst: 'alice' }).close();
    const schemaOf = (file: string) => withPlainSqlite(file, (db) => db.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY name').all());
    expect(schemaOf(path)).toEqual(schemaOf(fresh));
  });

  it('never overwrites an earlier backup', () => {
    createVersion1Case();
    writeFileSync(`${path}.v1.bak`, 'an older backup');
    const store = CaseStore.open(path);
    expect(store.upgrade?.backupPath).toBe(`${path}.v1.2.bak`);
    store.close();
    expect(readFileSync(`${path}.v1.bak`, 'utf8')).toBe('an older backup');
  });

  it('refuses to open a version 1 file read-only, saying it must be opened writable once, and changes nothing', () => {
    createVersion1Case();
    const before = sha256File(path);
    const error = appErrorOf(() => CaseStore.open(path, { readOnly: true }));
    expect(error.data).toEqual({ kind: 'case-needs-upgrade', path, version: 1, supported: CASE_SCHEMA_VERSION });
    expect(error.message).toContain('opening it writable once');
    expect(sha256File(path)).toBe(before);
    expect(existsSync(`${path}.v1.bak`)).toBe(false);
  });
});

describe('CaseStore: the file refuses changes to evidence', () => {
  it('has triggers that refuse UPDATE and DELETE of audit entries and changes to a collection\'s raw output or hash', () => {
    const { store, ids } = populatedCase();
    store.close();
    withPlainSqlite(path, (db) => {
      expect(() => db.prepare("UPDATE audit SET summary = 'nothing happened' WHERE seq = 2").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM audit WHERE seq = 2').run()).toThrow(/append-only/);
      expect(() => db.prepare("UPDATE collections SET raw = raw || ' ' WHERE id = ?").run(ids['win-netstat'])).toThrow(/write-once/);
      expect(() => db.prepare("UPDATE collections SET raw_sha256 = '00' WHERE id = ?").run(ids['win-netstat'])).toThrow(/write-once/);
      expect(() => db.prepare('DELETE FROM collections WHERE id = ?').run(ids['win-netstat'])).toThrow(/cannot be deleted/);
    });
    const reopened = CaseStore.open(path);
    expect(reopened.openReport.ok).toBe(true);
    reopened.close();
  });

  it('lets each record kind be read back by collection even when a table is shared by many collections', () => {
    const { store, ids } = populatedCase();
    const again = fixtureCollection('flows', 'ios-ip-cache-flow', 'seed', router, 'show ip cache flow');
    store.addCollection(again);
    expect(store.records(again.id)).toEqual(recordsOf(again));
    expect(store.records(ids['ios-ip-cache-flow']!)).toEqual(recordsOf(again));
    expect(store.allRecords('flows').map((entry) => entry.records.length)).toEqual(store.collections().filter((collection) => collection.kind === 'flows').map((collection) => collection.recordCount));
    store.close();
  });
});
