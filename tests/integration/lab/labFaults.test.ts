// Faults the lab injects for clients to survive: a dropped link, a hung router, a slow link, and a router that refuses `terminal length`.
import { afterEach, describe, expect, it } from 'vitest';
import { startLabRouter, type LabRouter, type LabRouterOptions } from '../../../src/main/lab/labRouter';
import { seedShowIpCacheFlowLines } from '../../../src/main/lab/scenarios/seedScenario';
import { MORE_PROMPT } from '../../../src/main/lab/terminalOutput';
import { connectToLab, crlf, execOnLab, LabTerminal } from './labTerminal';

const seedOutput = crlf(seedShowIpCacheFlowLines());
let lab: LabRouter | undefined;

async function startLab(options: LabRouterOptions): Promise<LabRouter> {
  lab = await startLabRouter({ scenario: 'seed', ...options });
  return lab;
}

afterEach(async () => {
  await lab?.close();
  lab = undefined;
});

describe('lab router faults', () => {
  it('cuts the TCP connection after dropAfterBytes of a show command, with exactly that much output delivered', async () => {
    const router = await startLab({ dropAfterBytes: 500 });
    const terminal = await LabTerminal.open(router);
    await terminal.run('terminal length 0');
    const closed = new Promise<void>((resolve) => terminal.client.once('close', () => resolve()));
    terminal.client.on('error', () => undefined); // the client may see the reset as an error; closing is what matters
    terminal.send('show ip cache flow\r');
    await closed;
    const afterEcho = terminal.transcript.slice(terminal.transcript.lastIndexOf('show ip cache flow\r\n') + 'show ip cache flow\r\n'.length);
    expect(afterEcho).toBe(seedOutput.slice(0, 500));
  });

  it('closes an exec channel without an exit status when the connection drops', async () => {
    const router = await startLab({ dropAfterBytes: 100 });
    const { client } = await connectToLab(router);
    client.on('error', () => undefined);
    const result = await execOnLab(client, 'show ip cache flow');
    expect(result.stdout).toBe(seedOutput.slice(0, 100));
    expect(result.code).toBeNull();
  });

  it('stops sending after hangAfterBytes and keeps the connection open without a prompt', async () => {
    const router = await startLab({ hangAfterBytes: 300 });
    const terminal = await LabTerminal.open(router);
    await terminal.run('terminal length 0');
    terminal.send('show ip cache flow\r');
    await terminal.waitFor(seedOutput.slice(0, 300));
    terminal.send('\r');
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(terminal.transcript.endsWith(seedOutput.slice(0, 300))).toBe(true);
    expect(terminal.closed).toBe(false);
    terminal.end();
  });

  it('sends output in chunkBytes pieces delayMs apart with slowOutput, and the same bytes', async () => {
    const router = await startLab({ slowOutput: { chunkBytes: 256, delayMs: 25 } });
    const { client } = await connectToLab(router);
    const started = Date.now();
    const arrivals: number[] = [];
    const stdout = await new Promise<string>((resolve, reject) => {
      client.exec('show ip cache flow', (error, stream) => {
        if (error) return reject(error);
        let text = '';
        stream.on('data', (data: Buffer) => {
          arrivals.push(data.length);
          text += data.toString('latin1');
        });
        stream.on('close', () => resolve(text));
      });
    });
    const chunks = Math.ceil(seedOutput.length / 256);
    expect(stdout).toBe(seedOutput);
    expect(arrivals.length).toBe(chunks);
    expect(Math.max(...arrivals)).toBeLessThanOrEqual(256);
    expect(Date.now() - started).toBeGreaterThanOrEqual((chunks - 1) * 25);
  });

  it('refuses terminal length with rejectTerminalLength, so the client must page through --More--', async () => {
    const router = await startLab({ rejectTerminalLength: true });
    const terminal = await LabTerminal.open(router);
    expect(await terminal.output('terminal length 0')).toBe(`${' '.repeat(7 + 9)}^\r\n% Invalid input detected at '^' marker.\r\n\r\n`);
    expect(await terminal.output('terminal width 511')).toBe('');
    terminal.send('show ip cache flow\r');
    await terminal.waitFor(MORE_PROMPT);
    terminal.send(' ');
    await terminal.waitFor(/Router>$/);
    expect(terminal.transcript.split(MORE_PROMPT)).toHaveLength(2); // 44 lines at 23 per page: one stop
    terminal.end();
  });

  it('validates fault options', async () => {
    await expect(startLabRouter({ dropAfterBytes: -1 })).rejects.toThrow(/dropAfterBytes must be a whole number/);
    await expect(startLabRouter({ slowOutput: { chunkBytes: 0, delayMs: 1 } })).rejects.toThrow(/slowOutput/);
  });
});
