// A real exporter: softflowd reads a packet capture and exports its flows as NetFlow v5, v9 and IPFIX to the collector
// on 127.0.0.1, which must decode exactly the flows the capture holds.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FlowCollectorService } from '../../../src/main/netflow/flowCollectorService';
import { EventBus } from '../../../src/main/services/eventBus';
import { LogBook } from '../../../src/main/services/logBook';
import type { FlowCollection } from '../../../src/shared/domain';
import { FlowTable } from '../../../src/shared/flows/flowTable';
import { withTempDir } from '../../support/tempDir';
import { ipLength, pcapFile, type CapturedPacket } from './support/pcapFile';

const execFileAsync = promisify(execFile);

function softflowdMissing(): boolean {
  try {
    execFileSync('softflowd', ['-h'], { stdio: 'ignore' });
    return false;
  } catch (error) {
    // softflowd -h exits 1 after printing its usage: only "not found" means it is missing.
    return (error as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

const AT = 1_765_000_000;
const packets: CapturedPacket[] = [
  ...Array.from({ length: 5 }, (_, i) => ({ srcAddr: '192.0.2.10', dstAddr: '198.51.100.7', protocol: 6 as const, srcPort: 49_800, dstPort: 443, payload: 100, at: AT + i })),
  ...Array.from({ length: 3 }, (_, i) => ({ srcAddr: '198.51.100.7', dstAddr: '192.0.2.10', protocol: 6 as const, srcPort: 443, dstPort: 49_800, payload: 1000, at: AT + 5 + i })),
  ...Array.from({ length: 2 }, (_, i) => ({ srcAddr: '192.0.2.11', dstAddr: '192.0.2.53', protocol: 17 as const, srcPort: 5353, dstPort: 53, payload: 40, at: AT + 8 + i })),
];

/** The flows in the capture, one per direction, as "src:port>dst:port/proto packets bytes". */
function expectedFlows(): string[] {
  const flows = new Map<string, { packets: number; bytes: number }>();
  for (const packet of packets) {
    const key = `${packet.srcAddr}:${packet.srcPort}>${packet.dstAddr}:${packet.dstPort}/${packet.protocol}`;
    const flow = flows.get(key) ?? { packets: 0, bytes: 0 };
    flow.packets += 1;
    flow.bytes += ipLength(packet);
    flows.set(key, flow);
  }
  return [...flows].map(([key, flow]) => `${key} ${flow.packets} ${flow.bytes}`).sort();
}

let dir: Awaited<ReturnType<typeof withTempDir>>;
let collector: FlowCollectorService;
let handed: FlowCollection[];

beforeEach(async () => {
  dir = await withTempDir();
  const events = new EventBus();
  handed = [];
  events.subscribe((event, payload) => {
    if (event === 'collector.collection') handed.push(payload as FlowCollection);
  });
  collector = new FlowCollectorService(events, new LogBook(events));
});

afterEach(async () => {
  await collector.dispose();
  await dir.remove();
});

/** softflowd reads the capture, then is told (on its control socket) to export everything and exit. */
async function exportWithSoftflowd(version: '5' | '9' | '10', port: number): Promise<void> {
  const capture = join(dir.path, 'capture.pcap');
  const control = join(dir.path, `softflowd-${version}.ctl`);
  await writeFile(capture, pcapFile(packets));
  const child = spawn('softflowd', ['-D', '-r', capture, '-n', `127.0.0.1:${port}`, '-v', version, '-p', join(dir.path, 'softflowd.pid'), '-c', control], { stdio: 'ignore' });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    // softflowd reads the file when its main loop first wakes: a "statistics" request wakes it, "shutdown" exports.
    for (const command of ['statistics', 'shutdown']) {
      const deadline = Date.now() + 10_000;
      for (;;) {
        try {
          await execFileAsync('softflowctl', ['-c', control, command]);
          break;
        } catch (error) {
          if (Date.now() > deadline) throw error;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    }
    await exited;
  } finally {
    if (child.exitCode === null) child.kill();
  }
}

describe.skipIf(softflowdMissing())('the collector with softflowd as the exporter', () => {
  it.each([
    ['5', 'netflow-v5'],
    ['9', 'netflow-v9'],
    ['10', 'ipfix'],
  ] as const)('decodes softflowd\'s version %s export of a capture into exactly its flows', async (version, format) => {
    const { port } = await collector.start({ address: '127.0.0.1', port: 0 });
    await exportWithSoftflowd(version, port!);
    const deadline = Date.now() + 10_000;
    while (collector.status().stats.flows < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const stopped = await collector.stop();
    expect(stopped.stats).toMatchObject({ flows: 3, malformed: 0, pendingSets: 0, expiredSets: 0 });
    expect(handed).toHaveLength(1);
    const [collection] = handed;
    expect(collection!.result.format).toBe(format);
    expect(collection!.result.diagnostics).toEqual([]);
    const flows = new FlowTable(collection!.result.table).flows();
    expect(flows.map((flow) => `${flow.srcAddr}:${flow.srcPort}>${flow.dstAddr}:${flow.dstPort}/${flow.protocol} ${flow.packets} ${flow.bytes}`).sort()).toEqual(expectedFlows());
  });
});
