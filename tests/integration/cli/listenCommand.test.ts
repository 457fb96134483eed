// `flowpivot listen` as a child process: the lab's demo exports decoded and recorded into a --case file, Ctrl+C ends
// it with the summary, a datagram sent from here is counted malformed, and bad options are usage errors.
import { createSocket } from 'node:dgram';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../../src/main/case/caseStore';
import type { CollectorStatus } from '../../../src/shared/collector/collectorModel';
import { withTempDir } from '../../support/tempDir';
import { runCli, startCli, waitForOutput } from '../support/flowpivotCli';

let home: Awaited<ReturnType<typeof withTempDir>>;

beforeAll(async () => {
  home = await withTempDir();
});

afterAll(async () => {
  await home.remove();
});

describe('flowpivot listen', () => {
  it('decodes the lab\'s demo exports into the --case file and prints the counts as JSON after --seconds', async () => {
    const casePath = join(home.path, 'listen.flowpivot');
    const run = await runCli(['listen', '--port', '0', '--seconds', '2', '--demo', '--json', '--case', casePath], home.path);
    expect(run.stderr).toMatch(/^flowpivot listen: listening on UDP 127\.0\.0\.1:\d+ for 2 s, recording into /m);
    expect(run.stderr).toMatch(/the lab sent \d+ flows of its office scenario as NetFlow v9 from 127\.0\.0\.1:\d+/);
    expect(run.code).toBe(0);
    const status = JSON.parse(run.stdout) as CollectorStatus;
    const sent = Number(/the lab sent (\d+) flows/.exec(run.stderr)![1]);
    expect(status).toMatchObject({ state: 'stopped', address: '127.0.0.1', stats: { flows: sent, malformed: 0, collections: 1 } });
    expect(status.stats.exporters).toEqual([expect.objectContaining({ version: 9, flows: sent, templates: ['1/256'] })]);

    const store = CaseStore.open(casePath, { readOnly: true });
    try {
      expect(store.openReport.ok).toBe(true);
      const [collection] = store.collections();
      expect(collection).toMatchObject({ kind: 'flows', parserId: 'netflow-v9', recordCount: sent, command: `receive NetFlow v9 on udp 127.0.0.1:${status.port}` });
      expect(store.devices()).toEqual([expect.objectContaining({ kind: 'router', via: 'netflow-v9', address: '127.0.0.1' })]);
    } finally {
      store.close();
    }
  });

  it('counts what it cannot read and stops on Ctrl+C with the summary', async () => {
    const cli = startCli(['listen', '--port', '0'], home.path);
    await waitForOutput(cli, () => /listening on UDP 127\.0\.0\.1:\d+/.test(cli.stderr()));
    const port = Number(/listening on UDP 127\.0\.0\.1:(\d+)/.exec(cli.stderr())![1]);
    const socket = createSocket('udp4');
    await new Promise<void>((resolve, reject) => socket.send(Uint8Array.of(0, 5, 0), port, '127.0.0.1', (error) => (error ? reject(error) : resolve())));
    socket.close();
    const deadline = Date.now() + 10_000;
    while (!/1 malformed/.test(cli.stderr()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    cli.child.kill('SIGINT');
    const { code } = await cli.exited;
    expect(code).toBe(0);
    expect(cli.stderr()).toContain('flowpivot listen: stopped (SIGINT).');
    expect(cli.stdout()).toMatch(/^Listened on UDP 127\.0\.0\.1:\d+ since .*: 1 datagrams, 0 flows, 1 malformed \(short-packet 1\)/);
    expect(cli.stdout()).toMatch(/\n {2}127\.0\.0\.1:\d+ {2}NetFlow v5 {2}1 datagrams {2}0 flows {2}1 malformed/);
  });

  it('refuses an address that is not an IP literal and a port out of range, with exit code 2', async () => {
    const byName = await runCli(['listen', '--address', 'localhost'], home.path);
    expect(byName).toMatchObject({ code: 2, stderr: expect.stringContaining('--address needs an IPv4 or IPv6 address such as 127.0.0.1 or ::1, got "localhost"') });
    const port = await runCli(['listen', '--port', '70000'], home.path);
    expect(port).toMatchObject({ code: 2, stderr: expect.stringContaining('--port needs a whole number from 0 to 65535') });
  });
});
