// The office scenario: a branch office router's flow cache (~200 flows) with one compromised workstation to find.
// Addresses are private (RFC 1918) or documentation ranges (RFC 5737) and only ever appear in text.
//
// The cache is made of exchanges (a client talking to a server); the router's flows and the Windows fleet's sockets
// (officeFleet.ts) are both derived from them, so every flow's addresses and ports are a socket on a lab host.
import type { CachedFlow, FlowCacheModel } from '../flowCacheModel';
import { renderShowIpCacheFlow } from '../renderShowIpCacheFlow';
import type { LabScenario } from './labScenario';
import { officeFleet } from './officeFleet';
import { OFFICE, type OfficeEndpoint, type OfficeExchange, type OfficePurpose } from './officeNetwork';
import { pick, randomInt, seededRandom } from './seededRandom';

/** Router interfaces as IOS abbreviates them in the flow table. */
const USERS_IF = 'Gi0/0'; // 192.168.10.0/24, workstations
const SERVERS_IF = 'Gi0/1'; // 10.20.5.0/24, server VLAN
const INTERNET_IF = 'Gi0/2'; // uplink; the router's public address is 203.0.113.2
const BRANCH_IF = 'Tu0'; // GRE/IPsec tunnel to the 10.30.1.0/24 branch
const ROUTER_ITSELF = 'Local';

const DC = OFFICE.dc;
const FILES = OFFICE.files;
const MAIL = OFFICE.mail;
const MONITOR = OFFICE.monitor;
const ADMIN_WORKSTATION = OFFICE.adminWorkstation;
const COMPROMISED = OFFICE.compromised;
const BEACON_SERVER = OFFICE.beaconServer;

const WEB_SERVERS = [
  '198.51.100.10', '198.51.100.14', '198.51.100.22', '198.51.100.35', '198.51.100.48', '198.51.100.80',
  '203.0.113.15', '203.0.113.27', '203.0.113.40', '192.0.2.44', '192.0.2.80', '192.0.2.91',
];
const MAIL_PEERS = ['198.51.100.25', '203.0.113.25', '192.0.2.25'];

interface OfficeCache {
  exchanges: OfficeExchange[];
  flows: CachedFlow[];
}

function buildOffice(): OfficeCache {
  const random = seededRandom(0x0ff1ce);
  const int = (min: number, max: number) => randomInt(random, min, max);
  const ephemeral = () => int(49152, 65535);
  const workstation = () => `192.168.10.${int(21, 80)}`;
  const exchanges: OfficeExchange[] = [];

  // The purpose is set after the exchange's random draws, so adding purposes left the cache as it was.
  const add = (purpose: OfficePurpose, exchange: Omit<OfficeExchange, 'activeSeconds' | 'purpose'> & { activeSeconds?: number }) =>
    exchanges.push({ activeSeconds: exchange.activeSeconds ?? int(0, 1200) / 10, ...exchange, purpose });
  const user = (addr = workstation()): OfficeEndpoint => ({ ifName: USERS_IF, addr, port: ephemeral() });
  const server = (addr: string, port: number): OfficeEndpoint => ({ ifName: SERVERS_IF, addr, port });
  const internet = (addr: string, port: number): OfficeEndpoint => ({ ifName: INTERNET_IF, addr, port });

  for (let i = 0; i < 35; i += 1) {
    add('web', { client: user(), server: internet(pick(random, WEB_SERVERS), 443), protocol: 6,
      requestPackets: int(8, 220), requestSize: int(60, 180), replyPackets: int(10, 400), replySize: int(900, 1460) });
  }
  for (let i = 0; i < 8; i += 1) {
    add('web', { client: user(), server: internet(pick(random, WEB_SERVERS), 80), protocol: 6,
      requestPackets: int(5, 40), requestSize: int(60, 400), replyPackets: int(6, 90), replySize: int(700, 1460) });
  }
  for (let i = 0; i < 12; i += 1) {
    add('dns', { client: user(), server: server(DC, 53), protocol: 17,
      requestPackets: int(1, 2), requestSize: int(60, 75), replyPackets: int(1, 2), replySize: int(90, 240), activeSeconds: 0 });
  }
  for (let i = 0; i < 4; i += 1) {
    add('dns-forward', { client: { ifName: SERVERS_IF, addr: DC, port: ephemeral() }, server: internet(pick(random, ['192.0.2.53', '198.51.100.53']), 53),
      protocol: 17, requestPackets: 1, requestSize: int(60, 75), replyPackets: 1, replySize: int(90, 480), activeSeconds: 0 });
  }
  for (let i = 0; i < 10; i += 1) {
    add('file-share', { client: user(), server: server(FILES, 445), protocol: 6,
      requestPackets: int(20, 900), requestSize: int(120, 600), replyPackets: int(20, 1400), replySize: int(400, 1400) });
  }
  for (let i = 0; i < 6; i += 1) {
    add('directory', { client: user(), server: server(DC, i % 2 === 0 ? 88 : 389), protocol: i % 3 === 2 ? 17 : 6,
      requestPackets: int(2, 12), requestSize: int(90, 400), replyPackets: int(2, 12), replySize: int(120, 1300) });
  }
  for (let i = 0; i < 3; i += 1) {
    add('smtp-out', { client: { ifName: SERVERS_IF, addr: MAIL, port: ephemeral() }, server: internet(pick(random, MAIL_PEERS), 25), protocol: 6,
      requestPackets: int(8, 60), requestSize: int(300, 1400), replyPackets: int(6, 30), replySize: int(52, 120) });
    add('smtp-in', { client: internet(pick(random, MAIL_PEERS), ephemeral()), server: server(MAIL, 25), protocol: 6,
      requestPackets: int(8, 60), requestSize: int(300, 1400), replyPackets: int(6, 30), replySize: int(52, 120) });
  }
  add('ntp', { client: { ifName: SERVERS_IF, addr: DC, port: 123 }, server: internet('192.0.2.123', 123), protocol: 17,
    requestPackets: 1, requestSize: 76, replyPackets: 1, replySize: 76, activeSeconds: 0 });
  for (let i = 0; i < 4; i += 1) {
    // ICMP: IOS puts type*256+code in DstP; echo request 0800, echo reply 0000.
    add('ping', { client: { ifName: SERVERS_IF, addr: MONITOR, port: 0 }, server: { ifName: USERS_IF, addr: workstation(), port: 0x0800 }, protocol: 1,
      requestPackets: 5, requestSize: 84, replyPackets: 5, replySize: 84, activeSeconds: 4 });
  }
  add('telnet', { client: user(ADMIN_WORKSTATION), server: server(OFFICE.coreSwitch, 23), protocol: 6,
    requestPackets: int(40, 120), requestSize: int(41, 60), replyPackets: int(40, 140), replySize: int(60, 400) });
  // The router's own replies are not switched, so SSH to the router shows one flow, into Local.
  add('router-ssh', { client: user(ADMIN_WORKSTATION), server: { ifName: ROUTER_ITSELF, addr: OFFICE.router, port: 22 }, protocol: 6,
    requestPackets: int(30, 90), requestSize: int(52, 120), replyPackets: 0, replySize: 0 });
  for (let i = 0; i < 4; i += 1) {
    add('branch-file-share', { client: { ifName: BRANCH_IF, addr: `10.30.1.${int(20, 60)}`, port: ephemeral() }, server: server(FILES, 445), protocol: 6,
      requestPackets: int(20, 400), requestSize: int(120, 600), replyPackets: int(20, 600), replySize: int(400, 1360) });
  }
  add('gre', { client: internet('198.51.100.77', 0), server: { ifName: ROUTER_ITSELF, addr: '203.0.113.2', port: 0 }, protocol: 47,
    requestPackets: int(2000, 6000), requestSize: int(300, 900), replyPackets: 0, replySize: 0, activeSeconds: 1799.9 });

  // The incident: a beacon every 60 s to a documentation-range "C2" on 8443, an SMB sweep of the server VLAN, and RDP to the file server.
  add('beacon', { client: user(COMPROMISED), server: internet(BEACON_SERVER, OFFICE.beaconPort), protocol: 6,
    requestPackets: 30, requestSize: 171, replyPackets: 30, replySize: 92, activeSeconds: 1740.2 });
  for (let host = 11; host <= 26; host += 1) {
    const answered = host % 3 === 0;
    add('smb-sweep', { client: user(COMPROMISED), server: server(`10.20.5.${host}`, 445), protocol: 6,
      requestPackets: answered ? 3 : 1, requestSize: answered ? 52 : 48, replyPackets: answered ? 2 : 0, replySize: 46, activeSeconds: answered ? 0.1 : 0 });
  }
  add('rdp', { client: user(COMPROMISED), server: server(FILES, 3389), protocol: 6,
    requestPackets: 412, requestSize: 138, replyPackets: 530, replySize: 780, activeSeconds: 311.4 });

  const flows: CachedFlow[] = [];
  for (const exchange of exchanges) {
    const idleSeconds = int(0, 150) / 10;
    flows.push({
      srcIf: exchange.client.ifName, srcAddr: exchange.client.addr, dstIf: exchange.server.ifName, dstAddr: exchange.server.addr,
      protocol: exchange.protocol, srcPort: exchange.client.port, dstPort: exchange.server.port,
      packets: exchange.requestPackets, bytes: exchange.requestPackets * exchange.requestSize,
      activeSeconds: exchange.activeSeconds, idleSeconds,
    });
    if (exchange.replyPackets > 0) {
      const icmpReply = exchange.protocol === 1;
      flows.push({
        srcIf: exchange.server.ifName, srcAddr: exchange.server.addr, dstIf: exchange.client.ifName, dstAddr: exchange.client.addr,
        protocol: exchange.protocol, srcPort: icmpReply ? 0 : exchange.server.port, dstPort: icmpReply ? 0 : exchange.client.port,
        packets: exchange.replyPackets, bytes: exchange.replyPackets * exchange.replySize,
        activeSeconds: exchange.activeSeconds, idleSeconds: Math.min(15, idleSeconds + 0.1),
      });
    }
  }
  // IOS lists the cache in hash-bucket order, which looks shuffled.
  for (let i = flows.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [flows[i], flows[j]] = [flows[j] as CachedFlow, flows[i] as CachedFlow];
  }
  return { exchanges, flows };
}

let officeCache: OfficeCache | undefined;

/** The office flow cache; the same flows on every run. */
export function officeFlowCache(): FlowCacheModel {
  officeCache ??= buildOffice();
  const flows = officeCache.flows;
  return { flows: () => flows, statisticsSeconds: 1800 };
}

/** The exchanges the office cache is made of, in the order they were generated (not the router's order). */
export function officeExchanges(): readonly OfficeExchange[] {
  officeCache ??= buildOffice();
  return officeCache.exchanges;
}

export const officeScenario: LabScenario = {
  name: 'office',
  description: 'An office router (users, servers, Internet uplink, branch tunnel) with about 200 flows in real IOS column format; workstation 192.168.10.57 beacons to 203.0.113.66:8443 and sweeps the server VLAN on 445.',
  showIpCacheFlow: () => renderShowIpCacheFlow(officeFlowCache()),
  windowsFleet: () => officeFleet(officeExchanges()),
};
