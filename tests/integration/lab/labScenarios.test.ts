// The generated scenarios over SSH: the office cache in real IOS layout and consistent with itself, and the large cache streamed with backpressure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLabRouter, type LabRouter } from '../../../src/main/lab/labRouter';
import { FLOW_TABLE_HEADER, PROTOCOL_TABLE_HEADER } from '../../../src/main/lab/renderShowIpCacheFlow';
import { connectToLab, execOnLab } from './labTerminal';

describe('office scenario', () => {
  let lab: LabRouter;
  let lines: string[];

  beforeAll(async () => {
    lab = await startLabRouter({ scenario: 'office' });
    const { client } = await connectToLab(lab);
    const { stdout, code } = await execOnLab(client, 'show ip cache flow');
    expect(code).toBe(0);
    expect(stdout.endsWith('\r\n')).toBe(true);
    lines = stdout.slice(0, -2).split('\r\n');
  });

  afterAll(async () => {
    await lab.close();
  });

  function flowRows(): string[] {
    return lines.slice(lines.indexOf(FLOW_TABLE_HEADER) + 1);
  }

  it('prints the headers IOS prints, in its order', () => {
    expect(lines[0]).toMatch(/^IP packet size distribution \(\d+ total packets\):$/);
    expect(lines[1]).toBe('   1-32   64   96  128  160  192  224  256  288  320  352  384  416  448  480');
    expect(lines[4]).toBe('    512  544  576 1024 1536 2048 2560 3072 3584 4096 4608');
    expect(lines[7]).toBe('IP Flow Switching Cache, 278544 bytes');
    expect(lines).toContain(PROTOCOL_TABLE_HEADER[0]);
    expect(lines[lines.indexOf(FLOW_TABLE_HEADER) - 1]).toBe('');
  });

  it('aligns every flow row on the IOS columns, with hex protocol and ports and a trailing space', () => {
    const rows = flowRows();
    expect(rows.length).toBeGreaterThanOrEqual(180);
    expect(rows.length).toBeLessThanOrEqual(260);
    for (const row of rows) {
      expect(row).toMatch(/^.{14}.{16}.{14}.{16}[0-9A-F]{2} [0-9A-F]{4} [0-9A-F]{4} [ \d]{4}\d $/);
      expect(row[13]).toBe(' ');
      expect(row.slice(14, 30).trim()).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      expect(row.slice(44, 60).trim()).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    }
  });

  it('uses only private and documentation addresses', () => {
    for (const row of flowRows()) {
      for (const address of [row.slice(14, 30).trim(), row.slice(44, 60).trim()]) {
        expect(address).toMatch(/^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|192\.0\.2\.|198\.51\.100\.|203\.0\.113\.)/);
      }
    }
  });

  it('keeps the protocol table and the size distribution consistent with the flow rows', () => {
    const rows = flowRows().map((row) => ({
      protocol: parseInt(row.slice(60, 62), 16),
      srcPort: parseInt(row.slice(63, 67), 16),
      dstPort: parseInt(row.slice(68, 72), 16),
      packets: Number(row.slice(72).trim()),
    }));
    const totalPackets = rows.reduce((sum, row) => sum + row.packets, 0);
    expect(lines[0]).toBe(`IP packet size distribution (${totalPackets} total packets):`);
    expect(lines[8]).toBe(`  ${rows.length} active, ${4096 - rows.length} inactive, ${rows.length} added`);

    const table = new Map<string, { flows: number; packetsPerFlow: number }>();
    for (const line of lines.slice(lines.indexOf(PROTOCOL_TABLE_HEADER[1] as string) + 1, lines.indexOf(FLOW_TABLE_HEADER) - 1)) {
      const [name, flows, , packetsPerFlow] = line.split(/ +/);
      table.set(name as string, { flows: Number(flows), packetsPerFlow: Number(packetsPerFlow) });
    }
    expect(table.get('Total:')).toEqual({ flows: rows.length, packetsPerFlow: Math.floor(totalPackets / rows.length) });
    const either = (row: (typeof rows)[number], port: number) => row.dstPort === port || row.srcPort === port;
    const count = (predicate: (row: (typeof rows)[number]) => boolean) => rows.filter(predicate).length;
    expect(table.get('TCP-WWW')?.flows).toBe(count((row) => row.protocol === 6 && either(row, 80)));
    expect(table.get('TCP-Telnet')?.flows).toBe(count((row) => row.protocol === 6 && either(row, 23)));
    expect(table.get('TCP-SMTP')?.flows).toBe(count((row) => row.protocol === 6 && either(row, 25)));
    expect(table.get('UDP-DNS')?.flows).toBe(count((row) => row.protocol === 17 && either(row, 53)));
    expect(table.get('ICMP')?.flows).toBe(count((row) => row.protocol === 1));
    expect(table.get('GRE')?.flows).toBe(count((row) => row.protocol === 47));
    const rowsInTable = [...table.entries()].filter(([name]) => name !== 'Total:').reduce((sum, [, row]) => sum + row.flows, 0);
    expect(rowsInTable).toBe(rows.length);

    const fractions = `${lines[2]} ${lines[5]}`.trim().split(/ +/).map(Number);
    expect(fractions).toHaveLength(26);
    expect(fractions.reduce((sum, fraction) => sum + fraction, 0)).toBeCloseTo(1, 1);
  });

  it('shows the compromised workstation beaconing out and sweeping the server VLAN', () => {
    const rows = flowRows();
    expect(rows.some((row) => row.startsWith('Gi0/0         192.168.10.57   Gi0/2         203.0.113.66    06 ') && row.slice(68, 72) === '20FB')).toBe(true);
    const sweptHosts = new Set(rows.filter((row) => row.includes('192.168.10.57   Gi0/1') && row.slice(68, 72) === '01BD').map((row) => row.slice(44, 60).trim()));
    expect(sweptHosts.size).toBeGreaterThanOrEqual(16);
  });
});

describe('large scenario', () => {
  it('streams flowCount rows after the headers', async () => {
    const lab = await startLabRouter({ scenario: 'large', flowCount: 20_000 });
    try {
      const { client } = await connectToLab(lab);
      const { stdout, code } = await execOnLab(client, 'show ip cache flow');
      expect(code).toBe(0);
      const lines = stdout.slice(0, -2).split('\r\n');
      expect(lines.length - lines.indexOf(FLOW_TABLE_HEADER) - 1).toBe(20_000);
      expect(lines).toContain('  20000 active, 0 inactive, 20000 added');
      expect(lines.at(-1)).toMatch(/ [ \d]{4}\d $/);
    } finally {
      await lab.close();
    }
  });

  it('stops rendering while the client does not read (backpressure), and finishes once it reads again', async () => {
    const lab = await startLabRouter({ scenario: 'large', flowCount: 1_000_000 });
    try {
      const { client } = await connectToLab(lab);
      const memory = () => {
        const usage = process.memoryUsage();
        return usage.heapUsed + usage.arrayBuffers;
      };
      global.gc?.();
      const before = memory();
      let received = 0;
      let newlines = 0;
      const done = new Promise<void>((resolve, reject) => {
        client.exec('show ip cache flow', (error, stream) => {
          if (error) return reject(error);
          stream.pause();
          setTimeout(() => {
            const grown = memory() - before;
            // The full output is 81 MB; paused, the server may only have filled the SSH window and the stream buffers.
            if (grown > 60_000_000) reject(new Error(`memory grew by ${grown} bytes while the client was not reading`));
            stream.on('data', (data: Buffer) => {
              received += data.length;
              for (let index = data.indexOf(10); index !== -1; index = data.indexOf(10, index + 1)) newlines += 1;
            });
            stream.resume();
          }, 1500);
          stream.on('close', () => resolve());
        });
      });
      await done;
      expect(received).toBeGreaterThan(80_000_000);
      expect(newlines - 1_000_000).toBeGreaterThanOrEqual(25); // the rows plus the header lines
      expect(newlines - 1_000_000).toBeLessThanOrEqual(40);
      client.end();
    } finally {
      await lab.close();
    }
  });

  it('measures the throughput of 200k flows over SSH to an ssh2 client', async () => {
    const lab = await startLabRouter({ scenario: 'large', flowCount: 200_000 });
    try {
      const { client } = await connectToLab(lab);
      const started = performance.now();
      const { stdout } = await execOnLab(client, 'show ip cache flow');
      const seconds = (performance.now() - started) / 1000;
      const megabytes = Buffer.byteLength(stdout, 'latin1') / 1e6;
      console.log(`large scenario, 200k flows: ${megabytes.toFixed(1)} MB in ${seconds.toFixed(2)} s = ${(megabytes / seconds).toFixed(1)} MB/s`);
      expect(megabytes).toBeGreaterThan(16);
    } finally {
      await lab.close();
    }
  });
});
