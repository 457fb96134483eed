// The flow export collector on real UDP sockets on 127.0.0.1: the lab's NetFlow v9 exports and hand-built v5, v9 and
// IPFIX datagrams (malformed ones, data before its template) decoded into flow collections recorded in a real case
// file; counts as the window sees them; a port already taken refused with a sentence naming it.
import { createHash } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../../src/main/api/createServices';
import { MemorySecretStore } from '../../../src/main/config/secretStore';
import { NO_RECENT_CASES } from '../../../src/main/config/recentCases';
import { exportLabFlows, labExportPackets } from '../../../src/main/lab/netflow/labFlowExporter';
import { FlowCollectorService, type CollectorTiming } from '../../../src/main/netflow/flowCollectorService';
import { CaseService } from '../../../src/main/services/caseService';
import { EventBus } from '../../../src/main/services/eventBus';
import { LogBook } from '../../../src/main/services/logBook';
import type { CaseContents } from '../../../src/shared/case/caseModel';
import type { CollectorStatus } from '../../../src/shared/collector/collectorModel';
import { readDatagramLog } from '../../../src/shared/collector/datagramLog';
import { AppError } from '../../../src/shared/errors';
import { FlowTable } from '../../../src/shared/flows/flowTable';
import { FlowExportDecoder } from '../../../src/shared/netflow';
import { dispatchHelpers } from '../../support/dispatch';
import { withTempDir } from '../../support/tempDir';
import { dataSet, ipfixMessage, ipfixTemplates, ipv4Record, IPV4_FIELDS, v5Packet } from '../../unit/netflow/support/exportPackets';

const TIMING: CollectorTiming = { expireEveryMs: 50, pendingTemplateMs: 400, statsEveryMs: 20, maxBatchDatagrams: 20_000 };

let dir: Awaited<ReturnType<typeof withTempDir>>;
let events: EventBus;
let cases: CaseService;
let collector: FlowCollectorService;
const senders: Socket[] = [];

beforeEach(async () => {
  dir = await withTempDir();
  events = new EventBus();
  const log = new LogBook(events);
  cases = new CaseService(NO_RECENT_CASES, dir.path, events, log, 'FlowPivot test');
  await cases.create({ name: 'exports', path: join(dir.path, 'exports.flowpivot') });
  collector = new FlowCollectorService(events, log, TIMING);
  collector.recordInto(cases);
});

afterEach(async () => {
  await collector.dispose();
  for (const socket of senders.splice(0)) socket.close();
  cases.closeAll();
  await dir.remove();
});

/** A UDP socket on 127.0.0.1 that plays one exporter. */
async function exporter(): Promise<{ send(packet: Uint8Array): Promise<void>; name: string }> {
  const socket = createSocket('udp4');
  senders.push(socket);
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = collector.status();
  return {
    name: `127.0.0.1:${socket.address().port}`,
    send: (packet) => new Promise((resolve, reject) => socket.send(packet, port!, '127.0.0.1', (error) => (error ? reject(error) : resolve()))),
  };
}

async function until(condition: (status: CollectorStatus) => boolean, what: string): Promise<CollectorStatus> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const status = collector.status();
    if (condition(status)) return status;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(status.stats)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function liveContents(): CaseContents {
  return cases.contents(cases.live()!.handle);
}

function flowCollections(contents: CaseContents) {
  // The raw output comes on its own (case.raw), as the window asks for it.
  return contents.collections.flatMap((collection) => (collection.kind === 'flows' ? [{ ...collection, raw: cases.raw(contents.summary.handle, collection.id), flows: new FlowTable(collection.table).flows() }] : []));
}

const NOW_S = Math.floor(Date.now() / 1000);
const tcp = { srcAddr: '192.0.2.10', dstAddr: '198.51.100.7', srcPort: 49_800, dstPort: 443, protocol: 6, packets: 12, bytes: 4800, first: 1000, last: 9000 };

describe('the flow export collector', () => {
  it('records the lab exporter\'s NetFlow v9 into the live case: the datagrams verbatim, exporter and receive time on every flow', async () => {
    await collector.start({ address: '127.0.0.1', port: 0 });
    const sent = await exportLabFlows({ address: '127.0.0.1', port: collector.status().port! });
    expect(sent.packets).toBeGreaterThan(sent.templatePackets);
    await until((status) => status.stats.packets === sent.packets, 'every datagram');
    const stopped = await collector.stop();
    expect(stopped.state).toBe('stopped');
    expect(stopped.stats).toMatchObject({ packets: sent.packets, flows: sent.flows, malformed: 0, pendingSets: 0, collections: 1 });
    expect(stopped.stats.exporters).toEqual([expect.objectContaining({ exporter: sent.from, version: 9, packets: sent.packets, flows: sent.flows, malformed: 0, templates: ['1/256'] })]);

    const contents = liveContents();
    expect(contents.devices).toContainEqual(expect.objectContaining({ kind: 'router', address: '127.0.0.1', via: 'netflow-v9', label: `NetFlow exporter ${sent.from}` }));
    const [collection, ...others] = flowCollections(contents);
    expect(others).toHaveLength(0);
    expect(collection).toMatchObject({ kind: 'flows', parserId: 'netflow-v9', tool: 'udp', recordCount: sent.flows, diagnostics: [] });
    expect(collection!.command).toBe(`receive NetFlow v9 on udp 127.0.0.1:${stopped.port}`);
    // The raw is the datagrams, one hex line each, hashed as kept.
    expect(collection!.rawSha256).toBe(createHash('sha256').update(collection!.raw, 'utf8').digest('hex'));
    const log = readDatagramLog(collection!.raw);
    expect(log.problems).toEqual([]);
    expect(log.datagrams).toHaveLength(sent.packets);
    expect(new Set(log.datagrams.map((datagram) => datagram.exporter))).toEqual(new Set([sent.from]));
    // Decoding the kept bytes again gives the same flows.
    const decoder = new FlowExportDecoder();
    const again = log.datagrams.flatMap((datagram) => decoder.decode(datagram.bytes, { exporter: datagram.exporter, receivedAt: datagram.receivedAt }).flows);
    expect(again.map((flow) => `${flow.srcAddr}:${flow.srcPort}>${flow.dstAddr}:${flow.dstPort}/${flow.protocol} ${flow.packets} ${flow.bytes}`)).toEqual(
      collection!.flows.map((flow) => `${flow.srcAddr}:${flow.srcPort}>${flow.dstAddr}:${flow.dstPort}/${flow.protocol} ${flow.packets} ${flow.bytes}`),
    );
    // The lab's own flows, as its office scenario has them.
    const lab = labExportPackets('office').flows;
    expect(new Set(collection!.flows.map((flow) => `${flow.srcAddr}:${flow.srcPort}>${flow.dstAddr}:${flow.dstPort}`))).toEqual(new Set(lab.map((flow) => `${flow.srcAddr}:${flow.srcPort}>${flow.dstAddr}:${flow.dstPort}`)));
    // Every flow says which exporter and when, within the collection's span; lines are unique (the grid's row ids).
    for (const flow of collection!.flows as unknown as Record<string, unknown>[]) {
      expect(flow.exporter).toBe(sent.from);
      expect(typeof flow.receivedAt).toBe('string');
      expect(flow.receivedAt! >= collection!.startedAt && flow.receivedAt! <= collection!.finishedAt).toBe(true);
      expect(log.datagrams.some((datagram) => datagram.line === flow.datagramLine)).toBe(true);
    }
    expect(new Set(collection!.flows.map((flow) => flow.line)).size).toBe(sent.flows);
    expect(collection!.startedAt).toBe(new Date(log.datagrams[0]!.receivedAt).toISOString());
    expect(collection!.finishedAt).toBe(new Date(log.datagrams.at(-1)!.receivedAt).toISOString());
    expect(cases.verify(cases.live()!.handle).verify.ok).toBe(true);
  });

  it('gives each exporter its own collection: NetFlow v5 from one, IPFIX from another, hand-built', async () => {
    await collector.start({ address: '127.0.0.1', port: 0 });
    const v5 = await exporter();
    const ipfix = await exporter();
    await v5.send(v5Packet({ sysUptime: 60_000, unixSecs: NOW_S, sequence: 0 }, [tcp, { ...tcp, srcPort: 49_801, protocol: 17, dstPort: 53 }]));
    await ipfix.send(ipfixMessage({ exportTime: NOW_S, sequence: 0, domain: 7 }, [ipfixTemplates([{ id: 300, fields: IPV4_FIELDS }]), dataSet(300, [ipv4Record({ ...tcp, srcAddr: '203.0.113.5' })])]));
    await until((status) => status.stats.flows === 3, 'three flows');
    await collector.stop();

    const collections = flowCollections(liveContents());
    const byDevice = new Map(collections.map((collection) => [collection.device, collection]));
    expect(byDevice.get(`NetFlow exporter ${v5.name}`)).toMatchObject({ parserId: 'netflow-v5', recordCount: 2, command: expect.stringContaining('NetFlow v5') });
    expect(byDevice.get(`NetFlow exporter ${ipfix.name}`)).toMatchObject({ parserId: 'ipfix', recordCount: 1, command: expect.stringContaining('IPFIX') });
    expect(byDevice.get(`NetFlow exporter ${v5.name}`)!.flows.map((flow) => [flow.srcAddr, flow.dstAddr, flow.dstPort, flow.protocol, flow.packets, flow.bytes])).toEqual([
      ['192.0.2.10', '198.51.100.7', 443, 6, 12, 4800],
      ['192.0.2.10', '198.51.100.7', 53, 17, 12, 4800],
    ]);
    expect(byDevice.get(`NetFlow exporter ${ipfix.name}`)!.flows[0]).toMatchObject({ srcAddr: '203.0.113.5', exporter: ipfix.name });
    expect(liveContents().devices.map((device) => device.via).sort()).toEqual(['ipfix', 'netflow-v5']);
  });

  it('counts malformed datagrams by reason, keeps their bytes and a diagnostic on their line, and goes on decoding', async () => {
    await collector.start({ address: '127.0.0.1', port: 0 });
    const router = await exporter();
    const good = v5Packet({ sysUptime: 60_000, unixSecs: NOW_S, sequence: 0 }, [tcp]);
    await router.send(Uint8Array.of(0x00, 0x05, 0x00));
    await router.send(Uint8Array.from([0x00, 0x07, ...new Array<number>(22).fill(0)]));
    await router.send(good.subarray(0, good.length - 10));
    await router.send(v5Packet({ sysUptime: 61_000, unixSecs: NOW_S, sequence: 1 }, [tcp]));
    const status = await until((current) => current.stats.packets === 4, 'four datagrams');
    expect(status.state).toBe('listening');
    expect(status.stats.malformed).toBe(3);
    expect(status.stats.flows).toBe(1);
    expect(Object.values(status.stats.malformedByReason).reduce((sum, count) => sum + count, 0)).toBe(3);
    expect(status.stats.malformedByReason).toMatchObject({ 'short-packet': 1, 'unknown-version': 1 });
    expect(status.stats.exporters[0]).toMatchObject({ exporter: router.name, packets: 4, malformed: 3, flows: 1, version: 5 });
    await collector.stop();

    const [collection] = flowCollections(liveContents());
    expect(collection!.recordCount).toBe(1);
    const lines = collection!.raw.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/ 3 000500$/);
    expect(collection!.diagnostics.map((diagnostic) => diagnostic.line).sort()).toEqual([1, 2, 3]);
    for (const diagnostic of collection!.diagnostics) {
      expect(diagnostic.severity).toBe('error');
      expect(diagnostic.message.startsWith(`${router.name}: `)).toBe(true);
      expect(lines[diagnostic.line - 1]!.startsWith(diagnostic.text.replace(/…$/, ''))).toBe(true);
    }
  });

  it('keeps a data set that came before its template and decodes it when the template arrives', async () => {
    await collector.start({ address: '127.0.0.1', port: 0 });
    const router = await exporter();
    const { packets, flows } = labExportPackets('office', { templateEvery: 4 });
    const [withTemplate, dataOnly, ...rest] = packets;
    await router.send(dataOnly!);
    const waiting = await until((status) => status.stats.packets === 1, 'the data-only datagram');
    expect(waiting.stats).toMatchObject({ flows: 0, pendingSets: 1, malformed: 0 });
    await router.send(withTemplate!);
    for (const packet of rest) await router.send(packet);
    const done = await until((status) => status.stats.packets === packets.length, 'every datagram');
    expect(done.stats).toMatchObject({ flows: flows.length, pendingSets: 0, expiredSets: 0 });
    await collector.stop();
    const [collection] = flowCollections(liveContents());
    expect(collection!.recordCount).toBe(flows.length);
    expect(collection!.diagnostics).toEqual([]);
  });

  it('drops a data set whose template never came after the wait, counts it, and says so in the collection', async () => {
    await collector.start({ address: '127.0.0.1', port: 0 });
    const router = await exporter();
    const { packets } = labExportPackets('office', { templateEvery: 4 });
    await router.send(packets[1]!);
    await until((status) => status.stats.pendingSets === 1, 'the buffered set');
    const expired = await until((status) => status.stats.expiredSets === 1, 'the set to expire');
    expect(expired.stats.pendingSets).toBe(0);
    await collector.stop();
    const [collection] = flowCollections(liveContents());
    expect(collection!.recordCount).toBe(0);
    expect(collection!.diagnostics).toEqual([expect.objectContaining({ line: 1, severity: 'warning', expected: 'template-never-came', message: expect.stringMatching(/template 256 .*was dropped: its template never came/) })]);
  });

  it('hands over a collection every flush interval while listening, and emits throttled counts', async () => {
    const seen: CollectorStatus[] = [];
    const handed: string[] = [];
    events.subscribe((event, payload) => {
      if (event === 'collector.stats') seen.push(payload as CollectorStatus);
      if (event === 'collector.collection') handed.push((payload as { command: { device: string } }).command.device);
    });
    await collector.start({ address: '127.0.0.1', port: 0, flushSeconds: 1 });
    const router = await exporter();
    for (let sequence = 0; sequence < 20; sequence++) await router.send(v5Packet({ sysUptime: 60_000 + sequence, unixSecs: NOW_S, sequence }, [tcp]));
    const deadline = Date.now() + 5000;
    while (handed.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(handed).toEqual([`NetFlow exporter ${router.name}`]);
    expect(collector.status().state).toBe('listening');
    await collector.settled();
    expect(flowCollections(liveContents())).toHaveLength(1);
    // Fewer events than datagrams, and the last one says what status() says.
    expect(seen.length).toBeLessThan(20);
    expect(seen.at(-1)!.stats.packets).toBe(20);
  });

  it('listens on IPv6 loopback and names an IPv6 exporter in brackets', async () => {
    const status = await collector.start({ address: '::1', port: 0 });
    expect(status).toMatchObject({ state: 'listening', address: '::1' });
    const socket = createSocket({ type: 'udp6', ipv6Only: true });
    senders.push(socket);
    await new Promise<void>((resolve) => socket.bind(0, '::1', resolve));
    const name = `[::1]:${socket.address().port}`;
    await new Promise<void>((resolve, reject) => socket.send(v5Packet({ sysUptime: 60_000, unixSecs: NOW_S, sequence: 0 }, [tcp]), status.port!, '::1', (error) => (error ? reject(error) : resolve())));
    await until((current) => current.stats.flows === 1, 'the flow');
    expect(collector.status().stats.exporters.map((exporter) => exporter.exporter)).toEqual([name]);
    await collector.stop();
    const contents = liveContents();
    expect(contents.devices).toContainEqual(expect.objectContaining({ address: '::1', port: socket.address().port, label: `NetFlow exporter ${name}`, via: 'netflow-v5' }));
    const [collection] = flowCollections(contents);
    expect(collection!.command).toBe(`receive NetFlow v5 on udp [::1]:${status.port}`);
    expect(readDatagramLog(collection!.raw).datagrams.map((datagram) => datagram.exporter)).toEqual([name]);
  });

  it('refuses a port another program holds, naming the address and port, and starts on a free one', async () => {
    const holder = createSocket('udp4');
    senders.push(holder);
    await new Promise<void>((resolve) => holder.bind(0, '127.0.0.1', resolve));
    const taken = holder.address().port;
    const refused = await collector.start({ address: '127.0.0.1', port: taken }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).data).toMatchObject({ kind: 'collector-bind-failed', address: '127.0.0.1', port: taken, code: 'EADDRINUSE' });
    expect((refused as AppError).message).toBe(`Cannot listen for flow exports on UDP 127.0.0.1:${taken}: another program (or another FlowPivot) already listens on that port; stop it or choose another port.`);
    expect(collector.status().state).toBe('stopped');
    expect((await collector.start({ address: '127.0.0.1', port: 0 })).state).toBe('listening');
  });
});

describe('the collector through the contract', () => {
  let services: Services;
  let configDir: Awaited<ReturnType<typeof withTempDir>>;
  const calls = dispatchHelpers(() => services);
  beforeEach(async () => {
    configDir = await withTempDir();
    services = await createServices({ configDir: configDir.path, secrets: new MemorySecretStore(), mode: 'preview' });
  });
  afterEach(async () => {
    await services.dispose();
    await configDir.remove();
  });

  it('validates the address and port, listens, takes the lab\'s demo exports into the live case, and closes the socket on dispose', async () => {
    expect(await calls.fails('collector.start', { address: 'localhost', port: 2055 })).toMatchObject({ kind: 'invalid-input', issues: [expect.stringContaining('address: an IPv4 or IPv6 address')] });
    expect(await calls.fails('collector.start', { address: '127.0.0.1', port: 0 })).toMatchObject({ kind: 'invalid-input', issues: ['port: a port from 1 to 65535'] });
    expect(await calls.fails('collector.start', { address: '127.0.0.1', port: 70_000 })).toMatchObject({ kind: 'invalid-input' });
    expect(await calls.ok('collector.status', {})).toMatchObject({ state: 'stopped', address: null, port: null });

    const created = await calls.ok('case.create', { name: 'demo', path: join(configDir.path, 'demo.flowpivot') });
    // A free port, found the way an analyst would: try one, and the error says when it is taken.
    let status: CollectorStatus | null = null;
    for (let port = 20_000 + (process.pid % 20_000); status === null; port++) {
      const envelope = await services.dispatch('collector.start', { address: '127.0.0.1', port });
      if (envelope.ok) status = envelope.value as CollectorStatus;
      else expect(envelope.error).toMatchObject({ kind: 'collector-bind-failed', code: 'EADDRINUSE' });
    }
    expect(status).toMatchObject({ state: 'listening', address: '127.0.0.1', flushSeconds: 5 });
    expect(await calls.fails('lab.exportFlows', { address: '127.0.0.1', port: status.port, scenario: 'investigation' })).toMatchObject({ kind: 'invalid-input' });
    const sent = await calls.ok('lab.exportFlows', { address: '127.0.0.1', port: status.port });
    const deadline = Date.now() + 10_000;
    while ((await calls.ok('collector.status', {})).stats.packets < sent.packets && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const stopped = await calls.ok('collector.stop', {});
    expect(stopped.stats).toMatchObject({ packets: sent.packets, flows: sent.flows, collections: 1 });
    const contents = await calls.ok('case.contents', { handle: created.handle });
    expect(contents.collections.filter((collection) => collection.kind === 'flows').map((collection) => collection.recordCount)).toEqual([sent.flows]);
    expect(contents.audit.map((entry) => entry.action)).toContain('collection');

    await calls.ok('collector.start', { address: '127.0.0.1', port: status.port! });
    await services.dispose();
    // Disposed: the port is free again.
    const probe = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.bind(status.port!, '127.0.0.1', resolve);
    });
    probe.close();
  });
});
