// `flowpivot parse` and `flowpivot formats` as a script uses them: the real bin in a child process, files and stdin.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parsers } from '../../../src/shared/parsers/registry';

const BIN = fileURLToPath(new URL('../../../bin/flowpivot.mjs', import.meta.url));
const SEED = fileURLToPath(new URL('../../fixtures/ios-ip-cache-flow/seed.txt', import.meta.url));
const GARBLED = fileURLToPath(new URL('../../fixtures/ios-ip-cache-flow/garbage-and-truncated.txt', import.meta.url));

function flowpivot(args: string[], stdin?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString('utf8')));
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString('utf8')));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

describe('flowpivot parse', () => {
  it('detects show ip cache flow, says so on stderr, and prints the parse result as JSON', async () => {
    const { code, stdout, stderr } = await flowpivot(['parse', SEED]);
    expect(code).toBe(0);
    expect(stderr).toContain('detected format ios-ip-cache-flow');
    const result = JSON.parse(stdout);
    expect(result.format).toBe('ios-ip-cache-flow');
    expect(result.records).toHaveLength(11);
    expect(result.records[3]).toMatchObject({ dstPort: 445, dstService: 'microsoft-ds', srcAddr: '10.ee.12.200' });
    expect(result.sections.protocols[0]).toMatchObject({ name: 'TCP-Telnet', totalFlows: 724 });
  });

  it('prints CSV records with a header row', async () => {
    const { code, stdout } = await flowpivot(['parse', SEED, '--csv']);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\r\n');
    expect(lines).toHaveLength(12);
    const header = lines[0]!.split(',');
    const smb = lines.find((line) => line.includes(',01BD,'))!.split(',');
    expect(smb[header.indexOf('dstPort')]).toBe('445');
    expect(smb[header.indexOf('marks')]).toBe('src-addr-not-numeric dst-addr-not-numeric');
  });

  it('reads standard input with "-", puts diagnostics on stderr with line numbers, and still exits 0', async () => {
    const { code, stdout, stderr } = await flowpivot(['parse', '-', '--format', 'ios-ip-cache-flow'], readFileSync(GARBLED, 'utf8'));
    expect(code).toBe(0);
    expect(JSON.parse(stdout).records.length).toBeGreaterThan(0);
    expect(stderr).toMatch(/^-:\d+: error: /m);
    expect(stderr).not.toContain('detected format');
  });

  it('exits 2 with a clear message for an unreadable file, an unknown format and undetectable text', async () => {
    const missing = await flowpivot(['parse', '/nonexistent/capture.txt']);
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toContain('cannot read /nonexistent/capture.txt: no such file');
    const unknown = await flowpivot(['parse', SEED, '--format', 'cisco-magic']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown format "cisco-magic"');
    const prose = await flowpivot(['parse', '-'], 'Dear analyst,\nplease find attached.\n');
    expect(prose.code).toBe(2);
    expect(prose.stderr).toContain('cannot tell the format of -');
  });
});

describe('flowpivot formats', () => {
  it('lists every registered format id', async () => {
    const { code, stdout } = await flowpivot(['formats', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).map((format: { id: string }) => format.id)).toEqual(parsers.map((parser) => parser.id));
  });
});
