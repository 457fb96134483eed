// Behaviour of the PsExec failure parser, one rule per test.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findParserForCommand } from '../../../src/shared/parsers/registry';
import { commands, detect, id, parse, version } from '../../../src/shared/parsers/sysinternals/psExecError';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/psexec-error/${name}.txt`, import.meta.url), 'utf8');

describe('psexec-error: kinds', () => {
  it('names logon failure as its own kind, in both wordings of error 1326', () => {
    const records = parse(fixture('logon-failure')).records;
    expect(records.map((record) => [record.kind, record.host, record.line, record.endLine])).toEqual([
      ['logon-failure', '10.xx.50.81', 5, 6],
      ['logon-failure', '10.xx.50.81', 12, 13],
    ]);
  });

  it('names access denied', () => {
    expect(parse(fixture('access-denied-v24')).records).toEqual([
      { line: 7, endLine: 8, kind: 'access-denied', host: '192.168.50.70', message: "Couldn't access 192.168.50.70: Access is denied.", errorCode: null, step: 'access', command: null },
    ]);
  });

  it('names access denied whichever step it stops, the service start included', () => {
    expect(parse(fixture('service-start-denied-v243')).records[0]).toMatchObject({ kind: 'access-denied', step: 'start-service', host: 'files02.corp.com' });
  });

  it('names a network path that was not found', () => {
    expect(parse(fixture('network-path-not-found')).records[0]).toMatchObject({ kind: 'network-path-not-found', host: '10.xx.50.81' });
  });

  it('names a host that does not answer: RPC unavailable, or a timeout', () => {
    expect(parse(fixture('rpc-unavailable')).records[0]).toMatchObject({ kind: 'host-unreachable', host: 'WKSTN-07' });
    expect(parse(fixture('connect-timeout')).records).toEqual([expect.objectContaining({ kind: 'host-unreachable', host: '10.104.137.66', step: 'connect', line: 2 })]);
  });

  it('names a command PsExec could not find on the host', () => {
    expect(parse(fixture('command-not-found-v232')).records[0]).toMatchObject({ kind: 'command-not-found', command: 'cmd.exe', host: 'wkstn-2', step: 'start-command' });
  });

  it('reads the PSEXESVC service steps as service-start-failed', () => {
    expect(parse(fixture('service-communication')).records[0]).toMatchObject({ kind: 'service-start-failed', step: 'communicate', host: 'dimstar' });
    expect(parse("Couldn't install PSEXESVC service:\nThe handle is invalid.\n").records[0]).toMatchObject({ kind: 'service-start-failed', host: null });
    expect(parse('Could not start PSEXESVC service on WS-01:\nThe service did not respond to the start or control request in a timely fashion.\n').records[0]).toMatchObject({ kind: 'service-start-failed', host: 'WS-01' });
  });

  it("keeps any other reason as 'other', verbatim", () => {
    expect(parse('PsExec could not start cmd.exe on WS-01:\nThe handle is invalid.\n').records[0]).toMatchObject({ kind: 'other', message: 'PsExec could not start cmd.exe on WS-01: The handle is invalid.' });
  });

  it('reads a command path holding a drive colon', () => {
    expect(parse('PsExec could not start C:\\temp\\tool.exe on WS-01:\nAccess is denied.\n').records[0]).toMatchObject({ command: 'C:\\temp\\tool.exe', host: 'WS-01', kind: 'access-denied' });
  });

  it('reads the Windows error code when the line prints one', () => {
    expect(parse("Couldn't access WS-01:\nThe RPC server is unavailable. (Exception from HRESULT: 0x800706BA)\n").records[0]).toMatchObject({ kind: 'host-unreachable', errorCode: 0x800706ba });
  });
});

describe('psexec-error: structure', () => {
  it('reads progress lines PsExec overwrote with carriage returns', () => {
    const result = parse(fixture('progress-overwritten-crlf'));
    expect(result.records).toEqual([expect.objectContaining({ line: 5, endLine: 6, kind: 'command-not-found', command: 'netstat' })]);
    expect(result.sections).toMatchObject({ host: '10.xx.50.81', command: 'netstat', toolVersion: '2.43' });
    expect(result.diagnostics).toEqual([]);
  });

  it("keeps the remote command's exit code in sections, not as a failure", () => {
    const result = parse(fixture('seed-netstat-exit'));
    expect(result.records).toEqual([]);
    expect(result.sections).toEqual({ tool: 'PsExec v1.94 - Execute processes remotely', toolVersion: '1.94', host: '10.xx.50.81', command: 'netstat', exitCode: 0 });
    expect(result.structuralLines).toEqual([1, 2, 3, 25]);
  });

  it("leaves the remote command's output to its own parser, as info diagnostics", () => {
    const diagnostics = parse(fixture('seed-netstat-exit')).diagnostics;
    expect(diagnostics).toHaveLength(21);
    expect(diagnostics.every((diagnostic) => diagnostic.severity === 'info')).toBe(true);
  });

  it('reports markup under a failure header instead of taking it as the reason', () => {
    const result = parse("Couldn't access WS-01:\n<script>alert(1)</script>\n");
    expect(result.records).toEqual([expect.objectContaining({ kind: 'other', endLine: 1 })]);
    expect(result.diagnostics).toEqual([expect.objectContaining({ line: 2, text: '<script>alert(1)</script>' })]);
  });

  it('does not trust a last line cut inside its sentence', () => {
    const result = parse("Couldn't access WS-01:\nAccess is den");
    expect(result.records).toEqual([expect.objectContaining({ kind: 'other', endLine: 1 })]);
    expect(result.diagnostics).toEqual([expect.objectContaining({ line: 2, severity: 'error' })]);
  });

  it('reads CRLF line ends like LF', () => {
    const text = fixture('logon-failure');
    expect(parse(text.replaceAll('\n', '\r\n'))).toEqual(parse(text));
  });
});

describe('psexec-error: detection and identity', () => {
  it('is sure about failures, and scores a successful run below one half', () => {
    for (const name of ['access-denied-v24', 'command-not-found-v232', 'logon-failure', 'service-start-denied-v243']) expect(detect(fixture(name))).toBeGreaterThanOrEqual(0.9);
    expect(detect(fixture('seed-netstat-exit'))).toBeLessThan(0.5);
  });

  it('returns nothing for empty input and survives input that is not a string', () => {
    expect(parse('').records).toEqual([]);
    expect(parse(7 as unknown as string).diagnostics).toEqual([]);
  });

  it('identifies itself', () => {
    expect([id, version]).toEqual(['psexec-error', '1.0.0']);
    expect(commands).toEqual(['psexec']);
    expect(findParserForCommand('psexec')?.id).toBe('psexec-error');
  });
});
