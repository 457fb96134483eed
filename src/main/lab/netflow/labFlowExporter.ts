// The lab as a NetFlow v9 exporter, so the collector can be tried with no network: a scenario's flows encoded as v9
// (template, data, template refresh) and sent from a UDP socket on loopback to a collector on loopback.
import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import { endpointText } from '../../../shared/collector/collectorModel';
import type { LabExportResult } from '../../../shared/collector/labExport';
import { AppError } from '../../../shared/errors';
import type { CachedFlow } from '../flowCacheModel';
import { isLoopbackAddress } from '../loopback';
import { largeFlowCache } from '../scenarios/largeScenario';
import { officeFlowCache } from '../scenarios/officeScenario';
import { exportableFlows, writeV9Packets, type V9WriterOptions } from './netflowV9Writer';

/**
 * The scenarios whose flows NetFlow can carry. The investigation and seed scenarios print the write-up's redacted
 * addresses ("10.xx.50.81"), which no 4-byte address field can hold, so they are not offered.
 */
const EXPORT_SCENARIOS: Record<string, () => Iterable<CachedFlow>> = {
  office: () => officeFlowCache().flows(),
  large: () => largeFlowCache(5000).flows(),
};

export const DEFAULT_EXPORT_SCENARIO = 'office';

export function labExportScenarios(): string[] {
  return Object.keys(EXPORT_SCENARIOS);
}

export interface LabExportOptions {
  address: string;
  port: number;
  scenario?: string | undefined;
  /** Observation domain of the simulated router. */
  sourceId?: number;
  /** The template again every this many packets (default 4: a long export shows a refresh). */
  templateEvery?: number;
  maxPacketBytes?: number;
  /** Milliseconds between two datagrams, so a collector on a busy machine keeps up (default 1). */
  gapMs?: number;
}

/** The packets the lab would send for a scenario, in order (tests send them in another order to test buffering). */
export function labExportPackets(scenario: string, options: Partial<Pick<V9WriterOptions, 'sourceId' | 'templateEvery' | 'maxPacketBytes' | 'exportedAt'>> = {}): { packets: Uint8Array[]; flows: CachedFlow[] } {
  const source = EXPORT_SCENARIOS[scenario];
  if (!source) throw new AppError({ kind: 'invalid-input', method: 'lab.exportFlows', issues: [`scenario: one of ${labExportScenarios().join(', ')} (their addresses are numbers NetFlow can carry)`] });
  const flows = exportableFlows(source());
  const interfaces = new Map<string, number>();
  const exportedAt = options.exportedAt ?? Date.now();
  const packets = writeV9Packets(flows, {
    sourceId: options.sourceId ?? 1,
    bootedAt: exportedAt - 86_400_000,
    exportedAt,
    firstSequence: 1,
    templateEvery: options.templateEvery ?? 4,
    maxPacketBytes: options.maxPacketBytes ?? 1400,
    interfaceIndex: (name) => {
      let index = interfaces.get(name);
      if (index === undefined) interfaces.set(name, (index = interfaces.size + 1));
      return index;
    },
  });
  return { packets, flows };
}

function bindLoopback(address: string): Promise<Socket> {
  const socket = createSocket(isIP(address) === 6 ? 'udp6' : 'udp4');
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, address === '::1' || isIP(address) === 6 ? '::1' : '127.0.0.1', () => {
      socket.off('error', reject);
      resolve(socket);
    });
  });
}

function send(socket: Socket, packet: Uint8Array, address: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => socket.send(packet, port, address, (error) => (error ? reject(error) : resolve())));
}

/** Sends a scenario's flows as NetFlow v9 to `address`:`port`, which must be loopback: the lab never leaves the machine. */
export async function exportLabFlows(options: LabExportOptions): Promise<LabExportResult> {
  const { address, port } = options;
  if (!isLoopbackAddress(address)) throw new AppError({ kind: 'lab-export-failed', address, port, detail: 'the lab only sends to loopback (127.0.0.0/8 or ::1); start the collector on a loopback address to try it' });
  const scenario = options.scenario ?? DEFAULT_EXPORT_SCENARIO;
  const writerOptions = { ...(options.sourceId === undefined ? {} : { sourceId: options.sourceId }), ...(options.templateEvery === undefined ? {} : { templateEvery: options.templateEvery }), ...(options.maxPacketBytes === undefined ? {} : { maxPacketBytes: options.maxPacketBytes }) };
  const { packets, flows } = labExportPackets(scenario, writerOptions);
  let socket: Socket;
  try {
    socket = await bindLoopback(address);
  } catch (error) {
    throw new AppError({ kind: 'lab-export-failed', address, port, detail: (error as NodeJS.ErrnoException).code ?? (error as Error).message });
  }
  try {
    const from = socket.address();
    for (const packet of packets) {
      await send(socket, packet, address, port);
      await new Promise((resolve) => setTimeout(resolve, options.gapMs ?? 1));
    }
    const templateEvery = options.templateEvery ?? 4;
    return { to: endpointText(address, port), from: endpointText(from.address, from.port), scenario, packets: packets.length, templatePackets: Math.ceil(packets.length / templateEvery), flows: flows.length };
  } catch (error) {
    throw new AppError({ kind: 'lab-export-failed', address, port, detail: (error as NodeJS.ErrnoException).code ?? (error as Error).message });
  } finally {
    socket.close();
  }
}
