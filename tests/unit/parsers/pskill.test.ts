// Behaviour of the PsKill parser, one rule per test, and the PID of generated kill lines read back (fast-check).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findParserForCommand } from '../../../src/shared/parsers/registry';
import { commands, detect, id, parse, version } from '../../../src/shared/parsers/sysinternals/psKill';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/pskill/${name}.txt`, import.meta.url), 'utf8');

describe('pskill: kills', () => {
  it("reads the seed's remote kill, Unicode ellipsis and all", () => {
    const result = parse(fixture('seed'));
    expect(result.records).toEqual([{ line: 4, endLine: 4, outcome: 'killed', pid: 3968, name: null, host: '10.xx.50.81', message: 'Process 3968 on 10.xx.50.81 killed….', killedCount: null }]);
    expect(result.sections).toEqual({ tool: 'PsKill v1.12 - Terminates processes on local or remote systems', toolVersion: '1.12' });
    expect(result.structuralLines).toEqual([1, 2, 3]);
  });

  it('reads a local kill by PID', () => {
    expect(parse('Process 1234 killed.\n').records[0]).toMatchObject({ outcome: 'killed', pid: 1234, name: null, host: null });
  });

  it('keeps the name when PsKill was given a name instead of a PID', () => {
    expect(parse('Process notepad.exe on WS-01 killed.\n').records[0]).toMatchObject({ outcome: 'killed', pid: null, name: 'notepad.exe', host: 'WS-01' });
  });

  it("reads pskill -t's count of killed processes under the PID", () => {
    expect(parse(fixture('tree-kill-v116')).records).toEqual([
      { line: 7, endLine: 7, outcome: 'killed', pid: 10480, name: null, host: null, message: '7 processes descended from and including 10480 killed.', killedCount: 7 },
    ]);
  });

  it('lists banner, echoed command and prompt as structural lines', () => {
    expect(parse(fixture('tree-kill-v116')).structuralLines).toEqual([1, 3, 4, 5, 10]);
  });
});

describe('pskill: failures', () => {
  it("joins a failure header and Windows' reason below it into one record", () => {
    const result = parse(fixture('access-denied'));
    expect(result.records).toEqual([{ line: 7, endLine: 8, outcome: 'access-denied', pid: 3968, name: null, host: null, message: 'Unable to kill process 3968: Access is denied.', killedCount: null }]);
    // The reason's line is counted too, by number.
    expect(result.structuralLines).toContain(8);
  });

  it('calls a PID that no process has not found', () => {
    const [byPid, byName] = parse(fixture('not-found')).records;
    expect(byPid).toMatchObject({ outcome: 'not-found', pid: 1234, line: 7, endLine: 8 });
    expect(byName).toMatchObject({ outcome: 'not-found', pid: null, message: 'Process does not exist.' });
  });

  it('keeps a failure header with no reason under it as an error', () => {
    expect(parse('Unable to kill process 1234:\n').records).toEqual([expect.objectContaining({ outcome: 'error', pid: 1234, message: 'Unable to kill process 1234:' })]);
  });

  it('reads a reason printed on the header line', () => {
    expect(parse('Unable to kill process 1234: Access is denied.\n').records[0]).toMatchObject({ outcome: 'access-denied', pid: 1234, line: 1, endLine: 1 });
  });

  it('names the host of a remote failure to connect', () => {
    expect(parse("Couldn't access WS-01:\nThe network path was not found.\n").records[0]).toMatchObject({ outcome: 'error', host: 'WS-01', pid: null });
  });

  it('reports markup under a failure header instead of taking it as the reason', () => {
    const result = parse('Unable to kill process 1234:\n<script>alert(1)</script>\n');
    expect(result.records).toEqual([expect.objectContaining({ outcome: 'error', pid: 1234, endLine: 1 })]);
    expect(result.diagnostics).toEqual([expect.objectContaining({ line: 2, text: '<script>alert(1)</script>' })]);
  });
});

describe('pskill: kill-target safety', () => {
  it('never names a PID from a last line cut inside it', () => {
    const result = parse(fixture('seed-crlf-cut'));
    expect(result.records.map((record) => record.pid)).toEqual([3968]);
    expect(result.diagnostics).toEqual([expect.objectContaining({ line: 5, severity: 'error', text: 'Process 39' })]);
  });

  it('reads the PID of any kill line as printed, and never a shorter one from a cut line', () => {
    const host = fc.oneof(fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,14}$/), fc.tuple(fc.nat(255), fc.nat(255)).map(([a, b]) => `10.${a}.xx.${b}`));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 4 }), fc.option(host, { nil: undefined }), fc.constantFrom('.', '….', '...'), fc.nat(), (pid, where, end, cut) => {
        const line = `Process ${pid}${where === undefined ? '' : ` on ${where}`} killed${end}`;
        expect(parse(`${line}\n`).records).toEqual([expect.objectContaining({ outcome: 'killed', pid, host: where ?? null })]);
        const prefix = line.slice(0, cut % (line.length + 1));
        for (const record of parse(prefix).records) expect(record.pid).toBe(pid);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('pskill: detection and identity', () => {
  it('is sure about PsKill output and ignores PsList', () => {
    expect(detect(fixture('seed'))).toBe(1);
    expect(detect(fixture('tree-kill-v116'))).toBe(1);
    expect(detect(readFileSync(new URL('../../fixtures/pslist/seed.txt', import.meta.url), 'utf8'))).toBe(0);
  });

  it('returns nothing for empty input and survives input that is not a string', () => {
    expect(parse('')).toEqual({ format: 'pskill', parserVersion: '1.0.0', records: [], sections: { tool: null, toolVersion: null }, diagnostics: [], structuralLines: [] });
    expect(parse(null as unknown as string).records).toEqual([]);
  });

  it('identifies itself and is found by the command', () => {
    expect([id, version]).toEqual(['pskill', '1.0.0']);
    expect(commands).toContain('pskill');
    expect(findParserForCommand('pskill')?.id).toBe('pskill');
  });
});
