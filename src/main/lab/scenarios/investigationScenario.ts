// The investigation scenario, the lab's default: the seed's router and the seed's Windows fleet made to agree. The
// router prints the seed's `show ip cache flow` with the seed's flows plus the flows of the fleet's own connections
// (the SMB session to 10.xx.50.81, its seven connections to the proxy on 8080, its RPC to the domain controller),
// derived from the same fleet state, so a pivot from those flows lands on a socket and a process, and back.
import type { FleetConnection, FleetState } from '../fleet/fleetState';
import { packetSizeBucketOf, PACKET_SIZE_BUCKETS, type CachedFlow } from '../flowCacheModel';
import type { LabScenario } from './labScenario';
import { randomInt, seededRandom } from './seededRandom';
import { seedFleet } from './seedFleet';
import { seedShowIpCacheFlowLines } from './seedScenario';

export const INVESTIGATION_SCENARIO = 'investigation';

/** The seed fleet, named for this scenario: the hosts behind the flows. */
export function investigationFleet(): FleetState {
  return { ...seedFleet(), scenario: INVESTIGATION_SCENARIO };
}

/**
 * The seed router's interface towards an address, as its flows show it: its LAN (10.bb…) on Fa0/0, the Internet over
 * Tu1, the other sites over Tu0 — a hub, so traffic between two of them comes in and leaves over Tu0.
 */
export function seedRouterInterface(address: string): string {
  if (address.startsWith('10.bb.')) return 'Fa0/0';
  return address.startsWith('10.') ? 'Tu0' : 'Tu1';
}

interface Endpoint {
  addr: string;
  port: number;
}

/** "10.xx.50.81:1822" → address and port; null for netstat's "*:*" and anything without a port. */
function endpoint(text: string): Endpoint | null {
  const colon = text.lastIndexOf(':');
  const port = Number(text.slice(colon + 1));
  if (colon <= 0 || !/^\d+$/.test(text.slice(colon + 1))) return null;
  return { addr: text.slice(0, colon), port };
}

const key = (protocol: number, src: Endpoint, dst: Endpoint) => `${protocol} ${src.addr}:${src.port} > ${dst.addr}:${dst.port}`;

/** A socket with a peer the router could see: not a listener, not UDP's *:*, not loopback. */
function peerOf(connection: FleetConnection): { local: Endpoint; remote: Endpoint } | null {
  if (connection.proto !== 'TCP' || connection.state === 'LISTENING') return null;
  const local = endpoint(connection.local);
  const remote = endpoint(connection.remote);
  if (local === null || remote === null || remote.port === 0) return null;
  if ([local.addr, remote.addr].some((addr) => addr.startsWith('127.') || addr.startsWith('[') || addr === '0.0.0.0')) return null;
  return { local, remote };
}

/** Whether a fleet host at `at` listens on its port (on that address or on all of them): the server end. */
function listens(state: FleetState, at: Endpoint): boolean {
  return state.hosts.some(
    (host) =>
      host.address === at.addr &&
      host.connections.some((connection) => connection.state === 'LISTENING' && (connection.local === `${at.addr}:${at.port}` || connection.local === `0.0.0.0:${at.port}`)),
  );
}

/** A stable number for a text (FNV-1a), to seed each connection's counts. */
function textSeed(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

/**
 * The flows the router sees of the fleet's TCP connections: each connection once (both of its hosts list it), client
 * to server and, once the server answered, server to client. Connections `alreadyShown` (in either direction) are left
 * to the flows that show them already.
 */
export function fleetConnectionFlows(state: FleetState, interfaceOf: (address: string) => string, alreadyShown: (flowKey: string) => boolean): CachedFlow[] {
  const seen = new Set<string>();
  const flows: CachedFlow[] = [];
  for (const host of state.hosts) {
    for (const connection of host.connections) {
      const ends = peerOf(connection);
      if (ends === null) continue;
      const pair = [`${ends.local.addr}:${ends.local.port}`, `${ends.remote.addr}:${ends.remote.port}`].sort().join(' ');
      if (seen.has(pair)) continue;
      seen.add(pair);
      const remoteServes = listens(state, ends.remote) || (!listens(state, ends.local) && ends.remote.port < ends.local.port);
      const [client, server] = remoteServes ? [ends.local, ends.remote] : [ends.remote, ends.local];
      if (alreadyShown(key(6, client, server)) || alreadyShown(key(6, server, client))) continue;
      const random = seededRandom(textSeed(pair));
      const int = (min: number, max: number) => randomInt(random, min, max);
      const activeSeconds = int(50, 17_000) / 10;
      const flow = (from: Endpoint, to: Endpoint, packets: number, meanSize: number): CachedFlow => ({
        srcIf: interfaceOf(from.addr), srcAddr: from.addr, dstIf: interfaceOf(to.addr), dstAddr: to.addr, protocol: 6,
        srcPort: from.port, dstPort: to.port, packets, bytes: packets * meanSize, activeSeconds, idleSeconds: int(0, 150) / 10,
      });
      flows.push(flow(client, server, int(8, 480), int(60, 620)));
      if (connection.state !== 'SYN_SENT') flows.push(flow(server, client, int(6, 640), int(120, 1380)));
    }
  }
  return flows;
}

/** The seed's flow rows as keys, to know which connections its capture shows already. */
function seedFlowKeys(rows: readonly string[]): Set<string> {
  const keys = new Set<string>();
  for (const row of rows) {
    const [, src, , dst, protocol, srcPort, dstPort] = row.trim().split(/\s+/);
    if (dstPort === undefined) continue;
    keys.add(key(parseInt(protocol!, 16), { addr: src!, port: parseInt(srcPort!, 16) }, { addr: dst!, port: parseInt(dstPort, 16) }));
  }
  return keys;
}

/** A flow row as the seed prints them: single-spaced, protocol and ports in hex. */
function seedStyleRow(flow: CachedFlow): string {
  const hex = (value: number, digits: number) => value.toString(16).toUpperCase().padStart(digits, '0');
  return [flow.srcIf, flow.srcAddr, flow.dstIf, flow.dstAddr, hex(flow.protocol, 2), hex(flow.srcPort, 4), hex(flow.dstPort, 4), String(flow.packets)].join(' ');
}

/** ".375" for 0.375, as IOS prints a share. */
function share(fraction: number): string {
  const fixed = fraction.toFixed(3);
  return fixed.startsWith('0') ? fixed.slice(1) : fixed;
}

/**
 * The seed's lines above the flow rows with its counts brought in line with `rows` active flows, `added` of them new:
 * the cache holds exactly the rows printed (active + inactive = its entries; added = expired + active), and the size
 * distribution counts the new flows' packets. The per-protocol table stays as it is: IOS counts a flow there once it
 * has expired, which is why the seed's own Total (4367505) is its added count less its 64 active flows.
 */
function summaryFor(lines: readonly string[], rows: number, added: readonly CachedFlow[]): string[] {
  const out = [...lines];
  const totalIndex = out.findIndex((line) => /^IP packet size distribution \(\d+ total packets\):$/.test(line));
  const seedTotal = Number(/\((\d+) total/.exec(out[totalIndex] ?? '')?.[1]);
  const newPackets = added.reduce((sum, flow) => sum + flow.packets, 0);
  const total = seedTotal + newPackets;
  out[totalIndex] = `IP packet size distribution (${total} total packets):`;

  const labelRows = out.flatMap((line, index) => (/^\s*(1-32|512)\s/.test(line) ? [index] : []));
  const fractions = labelRows.flatMap((index) => (out[index + 1] ?? '').trim().split(/\s+/).map(Number));
  if (fractions.length !== PACKET_SIZE_BUCKETS.length) throw new Error(`the seed's size distribution has ${fractions.length} buckets, not ${PACKET_SIZE_BUCKETS.length}`);
  const packets = fractions.map((fraction) => fraction * seedTotal);
  for (const flow of added) packets[packetSizeBucketOf(Math.round(flow.bytes / flow.packets))]! += flow.packets;
  let bucket = 0;
  for (const index of labelRows) {
    const count = (out[index + 1] ?? '').trim().split(/\s+/).length;
    out[index + 1] = packets.slice(bucket, bucket + count).map((count) => share(count / total)).join(' ');
    bucket += count;
  }

  const cacheIndex = out.findIndex((line) => /^\s*\d+ active, \d+ inactive, \d+ added$/.test(line));
  const [, indent, active, inactive, addedCount] = /^(\s*)(\d+) active, (\d+) inactive, (\d+) added$/.exec(out[cacheIndex] ?? '') ?? [];
  if (addedCount === undefined) throw new Error('the seed has no "N active, N inactive, N added" line');
  const entries = Number(active) + Number(inactive);
  const expired = Number(addedCount) - Number(active);
  out[cacheIndex] = `${indent}${rows} active, ${entries - rows} inactive, ${expired + rows} added`;
  return out;
}

let lines: string[] | undefined;

/**
 * A `show ip cache flow` for `fleet`: the seed's sections, its flow rows, then the fleet's connections' flows and
 * `extra` (flows no listed TCP connection shows, such as a UDP sender's), the counts above brought in line.
 */
export function seedStyleShowIpCacheFlowLines(fleet: FleetState, extra: readonly CachedFlow[] = []): string[] {
  const seed = seedShowIpCacheFlowLines();
  const header = seed.findIndex((line) => line.trimStart().startsWith('SrcIf'));
  const seedRows = seed.slice(header + 1);
  const shown = seedFlowKeys(seedRows);
  const added = [...fleetConnectionFlows(fleet, seedRouterInterface, (flowKey) => shown.has(flowKey)), ...extra];
  return [...summaryFor(seed.slice(0, header + 1), seedRows.length + added.length, added), ...seedRows, ...added.map(seedStyleRow)];
}

/** The scenario's `show ip cache flow`: the seed's sections, its flow rows, then the fleet's connections' flows. */
export function investigationShowIpCacheFlowLines(): string[] {
  lines ??= seedStyleShowIpCacheFlowLines(investigationFleet());
  return lines;
}

export const investigationScenario: LabScenario = {
  name: INVESTIGATION_SCENARIO,
  description:
    'The seed capture with the seed fleet\'s own traffic in the flow cache: the SMB session to 10.xx.50.81, its seven connections to the proxy 10.xx.50.241:8080 (PID 3756) and its RPC to the DC, so every pivot lands on a socket and a process. The default.',
  showIpCacheFlow: () => investigationShowIpCacheFlowLines(),
  windowsFleet: () => investigationFleet(),
};
