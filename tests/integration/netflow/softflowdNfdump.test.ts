// Cross-check against real third-party tools: loopback traffic captured by tcpdump, exported by softflowd as NetFlow
// v5, v9 and IPFIX, each datagram decoded by FlowExportDecoder and relayed verbatim to nfcapd; nfdump's flows must be ours.
import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { mkdir } from 'node:fs/promises';
import { createServer, connect, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { protocolName } from '../../../src/shared/iana';
import { FlowExportDecoder, type ExportedFlow } from '../../../src/shared/netflow';
import { withTempDir } from '../../support/tempDir';
import { nfdumpFlows, runSoftflowd, startCapture, startNfcapd, stopCapture, type NfdumpFlow, type ToolProcess } from './flowTools';

const UDP_TUPLES = 24;
const TCP_CONNECTIONS = 8;
const UDP_BASE_PORT = 45000;
const TCP_SERVER_PORT = 45500;
// Addresses of our own in 127/8, so other tests' loopback traffic (ephemeral ports included) stays out of the pcap.
const NET = '127.77';
const CAPTURE_FILTER = `net ${NET}.0.0/16`;

interface SentUdp {
  srcAddr: string;
  srcPort: number;
  dstAddr: string;
  dstPort: number;
  packets: number;
  bytes: number;
}

async function bindUdp(address: string, port: number): Promise<Socket> {
  const socket = createSocket('udp4');
  socket.bind(port, address);
  await once(socket, 'listening');
  return socket;
}

/** UDP 5-tuples with known packet counts and sizes, and a few TCP connections (their packet counts are the kernel's). */
async function generateTraffic(): Promise<SentUdp[]> {
  const receivers = await Promise.all([0, 1, 2, 3].map((i) => bindUdp(`${NET}.0.2`, UDP_BASE_PORT + i)));
  const sent: SentUdp[] = [];
  for (let i = 0; i < UDP_TUPLES; i++) {
    const srcAddr = `${NET}.1.${10 + i}`;
    const srcPort = UDP_BASE_PORT + 100 + i;
    const sender = await bindUdp(srcAddr, srcPort);
    const packets = (i % 5) + 1;
    const payload = 20 + i;
    const dstPort = UDP_BASE_PORT + (i % 4);
    for (let p = 0; p < packets; p++) await new Promise<void>((resolve, reject) => sender.send(Buffer.alloc(payload, i), dstPort, `${NET}.0.2`, (error) => (error ? reject(error) : resolve())));
    sender.close();
    // IPv4 (20) + UDP (8) header bytes per packet: NetFlow counts IP bytes.
    sent.push({ srcAddr, srcPort, dstAddr: `${NET}.0.2`, dstPort, packets, bytes: packets * (28 + payload) });
  }
  const server: Server = createServer((socket) => {
    socket.on('data', () => undefined);
    socket.on('end', () => socket.end('done'));
  });
  server.listen(TCP_SERVER_PORT, `${NET}.0.3`);
  await once(server, 'listening');
  for (let i = 0; i < TCP_CONNECTIONS; i++) {
    const client = connect({ host: `${NET}.0.3`, port: TCP_SERVER_PORT, localAddress: `${NET}.2.${i + 1}` });
    await once(client, 'connect');
    client.end(Buffer.alloc(100 * (i + 1), 7));
    client.resume();
    await once(client, 'close');
  }
  server.close();
  for (const receiver of receivers) receiver.close();
  return sent;
}

async function freeUdpPort(): Promise<number> {
  const probe = await bindUdp('127.0.0.1', 0);
  const { port } = probe.address();
  probe.close();
  return port;
}

function tupleLine(protocol: string, flow: { srcAddr: string; srcPort: number; dstAddr: string; dstPort: number; packets: number; bytes: number }): string {
  return `${protocol} ${flow.srcAddr}:${flow.srcPort} > ${flow.dstAddr}:${flow.dstPort} packets=${flow.packets} bytes=${flow.bytes}`;
}

describe('NetFlow export from softflowd, decoded by FlowPivot and by nfdump', () => {
  let temp: Awaited<ReturnType<typeof withTempDir>>;
  let pcap = '';
  let sent: SentUdp[] = [];
  let capturedPackets = 0;
  let cannotCapture: string | null = null;
  const running: ToolProcess[] = [];

  beforeAll(async () => {
    temp = await withTempDir();
    pcap = join(temp.path, 'loopback.pcap');
    let capture: ToolProcess;
    try {
      capture = await startCapture(pcap, CAPTURE_FILTER);
    } catch (error) {
      cannotCapture = `tcpdump cannot capture on lo here: ${error instanceof Error ? error.message : String(error)}`;
      return;
    }
    running.push(capture);
    sent = await generateTraffic();
    capturedPackets = await stopCapture(capture, pcap);
  });

  afterAll(async () => {
    for (const process of running) await process.stop();
    await temp?.remove();
  });

  it.for([5, 9, 10] as const)('softflowd -v %i: every datagram decodes, and the flows equal nfdump\'s (5-tuples, packets, bytes)', async (version, ctx) => {
    if (cannotCapture !== null) return ctx.skip(cannotCapture);
    expect(capturedPackets).toBeGreaterThanOrEqual(sent.reduce((sum, flow) => sum + flow.packets, 0) + TCP_CONNECTIONS * 6);
    const dir = join(temp.path, `v${version}`);
    await mkdir(dir);
    const nfcapdPort = await freeUdpPort();
    const nfcapd = await startNfcapd(dir, nfcapdPort);
    running.push(nfcapd);

    const decoder = new FlowExportDecoder();
    const flows: ExportedFlow[] = [];
    const problems: string[] = [];
    let datagrams = 0;
    let lastDatagramAt = Date.now();
    const relay = await bindUdp('127.0.0.1', 0);
    const forward = createSocket('udp4');
    relay.on('message', (message, from) => {
      datagrams++;
      lastDatagramAt = Date.now();
      const outcome = decoder.decode(new Uint8Array(message.buffer, message.byteOffset, message.length), { exporter: `${from.address}:${from.port}`, receivedAt: Date.now() });
      flows.push(...outcome.flows);
      problems.push(...outcome.problems.map((problem) => `${problem.reason}: ${problem.message}`));
      forward.send(message, nfcapdPort, '127.0.0.1');
    });
    try {
      await runSoftflowd(pcap, dir, relay.address().port, version);
      while (Date.now() - lastDatagramAt < 300) await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      relay.close();
      forward.close();
    }
    await nfcapd.stop();
    // Not "Sequence Errors: 0": softflowd stamps an IPFIX message with the record count after its own records, not
    // before (RFC 7011 section 3.1), so nfcapd sees one error per IPFIX run; our decoder takes it as a step back.
    expect(nfcapd.stderr + nfcapd.stdout).toMatch(/Bad Packets: 0/);

    expect(problems).toEqual([]);
    expect(datagrams).toBeGreaterThan(0);
    const stats = decoder.stats();
    expect(stats).toMatchObject({ packets: datagrams, decodedPackets: datagrams, pendingSets: 0, malformed: { total: 0 } });
    expect(stats.exporters).toHaveLength(1);
    expect(stats.exporters[0]!.versions).toEqual([version]);
    for (const domain of stats.exporters[0]!.domains) expect(domain.missedSequence).toBe(0);

    // Ours against nfdump's: the same flows, line for line.
    const nfdump: NfdumpFlow[] = await nfdumpFlows(dir);
    const ours = flows.map((flow) => tupleLine(protocolName(flow.protocol) ?? String(flow.protocol), flow)).sort();
    const theirs = nfdump.map((flow) => tupleLine(flow.protocol, flow)).sort();
    console.log(`softflowd -v ${version}: ${capturedPackets} packets captured, ${datagrams} datagrams, ${ours.length} flows decoded, ${theirs.length} from nfdump`);
    expect(ours.length).toBeGreaterThanOrEqual(UDP_TUPLES + 2 * TCP_CONNECTIONS);
    expect(ours).toEqual(theirs);

    // And against what we sent: each UDP 5-tuple once, with its packets and IP bytes.
    for (const udp of sent) expect(ours).toContain(tupleLine('UDP', udp));
    const tcp = flows.filter((flow) => flow.protocol === 6);
    expect(new Set(tcp.map((flow) => `${flow.srcAddr}:${flow.srcPort}>${flow.dstAddr}:${flow.dstPort}`)).size).toBe(2 * TCP_CONNECTIONS);
    for (const flow of flows) {
      expect(flow.version).toBe(version);
      expect(flow.flowStart).not.toBeNull();
      expect(flow.flowEnd! - flow.flowStart!).toBeGreaterThanOrEqual(0);
      // softflowd stamps flows with the pcap's times: a few seconds before the export at the latest.
      expect(Math.abs(flow.flowStart! - flow.receivedAt)).toBeLessThan(120_000);
    }
  });
});
