// Child process for caseCrash.test.ts: adds collections to a case in a loop, saying "committed N" after each commit,
// until the parent kills it. N is the number of collections in the case once that commit returned.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CaseStore } from '../../../../src/main/case/caseStore';
import type { CaseDevice } from '../../../../src/shared/case/caseModel';
import type { Connection, ParseResult } from '../../../../src/shared/domain';

const [path, seedText] = process.argv.slice(2) as [string, string];
let seed = Number(seedText) >>> 0;
function random(): number {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

// A real capture and its reviewed parse (the fixture pair), read directly: this process starts 50 times, so it loads
// no parser.
const fixture = resolve(import.meta.dirname, '../../../fixtures/win-netstat/jc-windows10-ano');
const raw = readFileSync(`${fixture}.txt`, 'utf8');
const parsed = JSON.parse(readFileSync(`${fixture}.json`, 'utf8')) as ParseResult<Connection, unknown>;
const host: CaseDevice = { id: 'host-1', kind: 'host', label: 'WS-1 (10.0.50.81)', address: '10.0.50.81', port: null, via: 'psexec', os: 'windows', username: null, hostKeyFingerprint: null };

const store = existsSync(path) ? CaseStore.open(path) : CaseStore.create(path, { name: 'Crash test', analyst: 'crash' });
store.upsertDevice(host);
let collections = store.counts().collections;
// Give up on our own if the parent never kills us.
const deadline = Date.now() + 30_000;
while (Date.now() < deadline) {
  const copies = 1 + Math.floor(random() * 12);
  const id = `${process.pid}-${collections + 1}`;
  const records: Connection[] = [];
  for (let copy = 0; copy < copies; copy++) for (const record of parsed.records) records.push({ ...record, line: records.length + 1, pid: copy });
  store.addCollection({
    id,
    deviceId: host.id,
    device: host.label,
    kind: 'connections',
    source: 'collected',
    command: 'netstat -ano',
    tool: 'psexec',
    toolVersion: 'v2.43',
    argv: ['psexec', '\\\\10.0.50.81', 'netstat', '-ano'],
    startedAt: new Date().toISOString(),
    finishedAt: new Date().toISOString(),
    exitCode: 0,
    outcome: 'ok',
    raw: `${raw}\n# copy ${id}\n`,
    stderr: '',
    parserId: parsed.format,
    parserVersion: parsed.parserVersion,
    importedFrom: null,
    diagnostics: parsed.diagnostics,
    sections: parsed.sections,
    records,
  });
  collections++;
  if (random() < 0.2) store.addNote({ target: { collectionId: id, row: null }, text: `note ${id}`, tags: ['crash'], author: 'crash' });
  process.stdout.write(`committed ${collections}\n`);
}
store.close();
