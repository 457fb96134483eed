// Another program edits the case file (the sqlite3 command-line shell, triggers dropped first): verify must say where.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaseStore } from '../../../src/main/case/caseStore';
import { withTempDir } from '../../support/tempDir';
import { fixtureCollection, host, router } from './caseFixtures';

const sqlite3Available = spawnSync('sqlite3', ['-version'], { encoding: 'utf8' }).status === 0;
const title = sqlite3Available
  ? 'a case edited with the sqlite3 shell'
  : 'a case edited with the sqlite3 shell — SKIPPED: the sqlite3 command-line program is not on PATH (Debian/Ubuntu: apt-get install sqlite3)';

/** Runs SQL in the sqlite3 shell, as someone tampering with the file would. */
function sqlite3(path: string, sql: string): string {
  return execFileSync('sqlite3', ['-bail', path, sql], { encoding: 'utf8' });
}

const DROP_TRIGGERS = 'DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; DROP TRIGGER collections_evidence_write_once; DROP TRIGGER collections_no_delete;';

describe.skipIf(!sqlite3Available)(title, () => {
  let dir: { path: string; remove: () => Promise<void> };
  let path: string;
  let ids: string[];

  beforeEach(async () => {
    dir = await withTempDir();
    path = join(dir.path, 'tampered.flowpivot');
    const store = CaseStore.create(path, { name: 'Tamper test', analyst: 'alice' });
    store.upsertDevice(router);
    store.upsertDevice(host);
    ids = [
      store.addCollection(fixtureCollection('flows', 'ios-ip-cache-flow', 'seed', router, 'show ip cache flow')).id,
      store.addCollection(fixtureCollection('connections', 'win-netstat', 'jc-windows10-ano', host, 'netstat -ano')).id,
      store.addCollection(fixtureCollection('processes', 'pslist', 'seed', host, 'pslist')).id,
    ];
    const note = store.addNote({ target: { collectionId: ids[0]!, row: 0 }, text: 'first', tags: [], author: 'bob' });
    store.updateNote(note.id, { text: 'second' });
    store.close();
  });
  afterEach(() => dir.remove());

  function reopen() {
    const store = CaseStore.open(path);
    const report = store.openReport;
    store.close();
    return report;
  }

  it('starts from a case that verifies clean, and the shell can read it', () => {
    expect(reopen()).toMatchObject({ ok: true, problems: [] });
    expect(sqlite3(path, 'SELECT count(*) FROM collections;').trim()).toBe('3');
  });

  it('names exactly the collection whose raw output was changed', () => {
    sqlite3(path, `${DROP_TRIGGERS} UPDATE collections SET raw = replace(raw, 'ESTABLISHED', 'LISTENING') WHERE id = '${ids[1]}';`);
    const report = reopen();
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'raw-altered', where: `collection ${ids[1]}: netstat -ano on ${host.label}` })]);
  });

  it('still catches raw output and its stored SHA-256 changed together, by the hash the audit entry recorded', () => {
    const store = CaseStore.open(path, { readOnly: true });
    const forged = `${store.collection(ids[0]!).raw}\n203.0.113.9 was never here`;
    store.close();
    const forgedSha256 = createHash('sha256').update(forged, 'utf8').digest('hex');
    sqlite3(path, `${DROP_TRIGGERS} UPDATE collections SET raw = raw || char(10) || '203.0.113.9 was never here', raw_sha256 = '${forgedSha256}' WHERE id = '${ids[0]}';`);
    const report = reopen();
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'raw-altered', where: `collection ${ids[0]}: show ip cache flow on ${router.label}`, message: expect.stringContaining('audit entry 2 (collection)') })]);
  });

  it('names exactly the audit entry whose summary was changed', () => {
    sqlite3(path, `${DROP_TRIGGERS} UPDATE audit SET summary = 'Nothing was collected.' WHERE seq = 3;`);
    const report = reopen();
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'audit-altered', where: 'audit entry 3 (collection)' })]);
  });

  it('reports a deleted audit entry as missing', () => {
    sqlite3(path, `${DROP_TRIGGERS} DELETE FROM audit WHERE seq = 5;`);
    const report = reopen();
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'audit-missing', where: 'audit entry 5' })]);
  });

  it('reports audit entries cut off the end as missing', () => {
    sqlite3(path, `${DROP_TRIGGERS} DELETE FROM audit WHERE seq >= 5;`);
    expect(reopen().problems).toEqual([expect.objectContaining({ kind: 'audit-missing', where: 'audit entries 5–6' })]);
  });

  it('reports a collection whose audit entry was deleted as unaudited, besides the gap', () => {
    sqlite3(path, `${DROP_TRIGGERS} DELETE FROM audit WHERE seq = 4;`);
    const kinds = reopen().problems.map((problem) => [problem.kind, problem.where]);
    expect(kinds).toEqual([
      ['audit-missing', 'audit entry 4'],
      ['collection-unaudited', `collection ${ids[2]}: pslist on ${host.label}`],
    ]);
  });

  it('reports records removed from a collection', () => {
    sqlite3(path, `DELETE FROM record_sets WHERE collection = (SELECT seq FROM collections WHERE id = '${ids[1]}');`);
    expect(reopen().problems).toEqual([expect.objectContaining({ kind: 'database-damaged', where: `collection ${ids[1]}: netstat -ano on ${host.label}` })]);
  });

  it('names a collection whose parsed records were edited, and catches an edit that rewrote their hash too', () => {
    const netstat = `collection ${ids[1]}: netstat -ano on ${host.label}`;
    const recordsOfNetstat = `(SELECT seq FROM collections WHERE id = '${ids[1]}')`;
    sqlite3(path, `UPDATE record_sets SET data = CAST(replace(CAST(data AS TEXT), '"ESTABLISHED"', '"LISTENING"') AS BLOB) WHERE collection = ${recordsOfNetstat};`);
    expect(reopen().problems).toEqual([expect.objectContaining({ kind: 'records-altered', where: netstat, message: expect.stringContaining('no longer match their SHA-256') })]);
    const editedHex = sqlite3(path, `SELECT hex(data) FROM record_sets WHERE collection = ${recordsOfNetstat};`).trim();
    const rehashed = createHash('sha256').update(Buffer.from(editedHex, 'hex')).digest('hex');
    sqlite3(path, `UPDATE record_sets SET sha256 = '${rehashed}' WHERE collection = ${recordsOfNetstat};`);
    expect(reopen().problems).toEqual([expect.objectContaining({ kind: 'records-altered', where: netstat, message: expect.stringContaining('both were changed') })]);
  });

  it('still opens a tampered case, read-only as well, so it can be examined', () => {
    sqlite3(path, `${DROP_TRIGGERS} UPDATE audit SET actor = 'mallory' WHERE seq = 1;`);
    const store = CaseStore.open(path, { readOnly: true });
    expect(store.openReport.problems).toEqual([expect.objectContaining({ kind: 'audit-altered', where: 'audit entry 1 (case-created)' })]);
    expect(store.collections()).toHaveLength(3);
    store.close();
  });
});
