// One exporter's datagrams as a flow collection: raw lines, flows with exporter and receive time, diagnostics per line.
import { describe, expect, it } from 'vitest';
import { exportCollection, exporterDeviceId, type ExportBatch } from '../../../src/shared/collector/exportCollection';
import { describeError } from '../../../src/shared/errors';
import { FlowTable } from '../../../src/shared/flows/flowTable';
import type { ExportedFlow } from '../../../src/shared/netflow';

const T0 = Date.UTC(2026, 11, 7, 13, 0, 0);

function exported(fields: Partial<ExportedFlow>): ExportedFlow {
  return {
    exporter: '127.0.0.1:40000', observationDomain: 1, receivedAt: T0, version: 9, ipVersion: 4, srcAddr: '192.0.2.1', dstAddr: '198.51.100.2', srcPort: 50_000, dstPort: 443, protocol: 6,
    packets: 3, bytes: 180, tos: 0, tcpFlags: 0x18, inputIf: 1, outputIf: 2, srcMask: null, dstMask: null, srcAs: null, dstAs: null, nextHop: null, flowStart: T0 - 5000, flowEnd: T0 - 1000, extras: {},
    ...fields,
  };
}

function batch(fields: Partial<ExportBatch> = {}): ExportBatch {
  return {
    id: 'c1',
    exporter: '127.0.0.1:40000',
    listen: { address: '127.0.0.1', port: 2055 },
    datagrams: [
      { receivedAt: T0, exporter: '127.0.0.1:40000', bytes: Uint8Array.of(0, 9), version: 9 },
      { receivedAt: T0 + 2000, exporter: '127.0.0.1:40000', bytes: Uint8Array.of(0, 9, 1), version: 9 },
    ],
    flows: [exported({}), exported({ receivedAt: T0 + 2000, dstPort: 53, protocol: 17, extras: { ie95: '0000000d' } })],
    problems: [{ datagram: 1, severity: 'error', reason: 'short-packet', message: 'a NetFlow v9 header is 20 bytes, got 3' }],
    ...fields,
  };
}

describe('a flow export collection', () => {
  it('keeps each datagram as a line, and names the command, device and span from them', () => {
    const { command, result } = exportCollection(batch());
    expect(command.raw).toBe('2026-12-07T13:00:00.000Z 127.0.0.1:40000 2 0009\n2026-12-07T13:00:02.000Z 127.0.0.1:40000 3 000901\n');
    expect(command).toMatchObject({ id: 'c1', routerId: 'exporter-127-0-0-1-40000', device: 'NetFlow exporter 127.0.0.1:40000', command: 'receive NetFlow v9 on udp 127.0.0.1:2055', startedAt: '2026-12-07T13:00:00.000Z', finishedAt: '2026-12-07T13:00:02.000Z', outcome: 'ok' });
    expect(result).toMatchObject({ format: 'netflow-v9', sections: { exporter: '127.0.0.1:40000', listen: '127.0.0.1:2055', formats: ['netflow-v9'], datagrams: 2, bytes: 5, malformedDatagrams: 1 } });
  });

  it('gives every flow a line of its own, its exporter, receive time, datagram and the decoder\'s extra fields', () => {
    const flows = new FlowTable(exportCollection(batch()).result.table).flows() as unknown as Record<string, unknown>[];
    expect(flows.map((flow) => flow.line)).toEqual([1, 2]);
    expect(flows[0]).toMatchObject({ exporter: '127.0.0.1:40000', receivedAt: '2026-12-07T13:00:00.000Z', datagramLine: 1, srcIf: '1', dstIf: '2', bytes: 180, flags: 0x18, activeSec: 4, flowStart: '2026-12-07T12:59:55.000Z' });
    expect(flows[1]).toMatchObject({ receivedAt: '2026-12-07T13:00:02.000Z', datagramLine: 2, dstPort: 53, dstService: 'domain', ie95: '0000000d' });
  });

  it('puts each problem on its datagram\'s line, with the line\'s start as its text', () => {
    const { result } = exportCollection(batch());
    expect(result.diagnostics).toEqual([{ line: 2, severity: 'error', message: '127.0.0.1:40000: a NetFlow v9 header is 20 bytes, got 3', text: '2026-12-07T13:00:02.000Z 127.0.0.1:40000 3 000901', expected: 'short-packet' }]);
    const earlier = exportCollection(batch({ problems: [{ datagram: null, severity: 'warning', reason: 'template-never-came', message: 'dropped' }] })).result.diagnostics;
    expect(earlier).toEqual([expect.objectContaining({ line: 0, text: '', severity: 'warning' })]);
  });

  it('spans the receive time of flows buffered from an earlier datagram, which then name no datagram of their own', () => {
    const { command, result } = exportCollection(batch({ flows: [exported({ receivedAt: T0 - 3000 })], problems: [] }));
    expect(command.startedAt).toBe('2026-12-07T12:59:57.000Z');
    expect(new FlowTable(result.table).flowAt(0)).toHaveProperty('datagramLine', null);
  });

  it('names mixed versions from one exporter', () => {
    const { command, result } = exportCollection(batch({ datagrams: [{ receivedAt: T0, exporter: '127.0.0.1:40000', bytes: Uint8Array.of(0, 5), version: 5 }, { receivedAt: T0, exporter: '127.0.0.1:40000', bytes: Uint8Array.of(0, 10), version: 10 }], flows: [], problems: [] }));
    expect(command.command).toBe('receive NetFlow v5 + IPFIX on udp 127.0.0.1:2055');
    expect(result.format).toBe('netflow');
  });

  it('makes device ids of letters, digits and dashes', () => {
    expect(exporterDeviceId('[fe80::1]:9995')).toBe('exporter-fe80-1-9995');
  });
});

describe('bind failures, in words', () => {
  it.each([
    ['EADDRINUSE', 2055, 'Cannot listen for flow exports on UDP 127.0.0.1:2055: another program (or another FlowPivot) already listens on that port; stop it or choose another port.'],
    ['EACCES', 514, 'Cannot listen for flow exports on UDP 127.0.0.1:514: ports below 1024 need administrator rights; choose a port from 1024 up (2055 is the usual NetFlow port).'],
    ['EADDRNOTAVAIL', 2055, "Cannot listen for flow exports on UDP 127.0.0.1:2055: that address is not one of this machine's (choose 127.0.0.1, ::1, 0.0.0.0 or an address of one of its interfaces)."],
  ])('%s', (code, port, sentence) => {
    expect(describeError({ kind: 'collector-bind-failed', address: '127.0.0.1', port, code, detail: '' })).toBe(sentence);
  });

  it('puts an IPv6 address in brackets', () => {
    expect(describeError({ kind: 'collector-bind-failed', address: '::2', port: 2055, code: 'EADDRNOTAVAIL', detail: '' })).toMatch(/^Cannot listen for flow exports on UDP \[::2\]:2055: /);
  });
});
