// The seed scenario's Windows fleet: host 10.xx.50.81 exactly as the seed's `psexec \\10.xx.50.81 netstat -ano` and
// `pslist \\10.xx.50.81` show it, the hosts at the other end of its sockets and of the router's flows, and a few
// hosts that fail the way real ones do.
import { FLEET_STATE_FORMAT, FLEET_STATE_VERSION, type FleetConnection, type FleetHost, type FleetProcess, type FleetState } from '../fleet/fleetState';
import { parsePsListTime } from '../fleet/renderPsList';
import { WindowsHostBuilder, WINDOWS_OS } from '../fleet/windowsHostBuilder';

/** The seed's host, as the analyst types it. */
export const SEED_HOST = '10.xx.50.81';
/** The PID behind the seven connections to the proxy 10.xx.50.241:8080. */
export const SEED_SUSPECT_PID = 3756;
/** What the seed kills with `pskill 3968 \\10.xx.50.81`. */
export const SEED_PSKILL_PID = 3968;
/** The proxy the suspect talks to; its side of those seven connections is in its own netstat. */
export const SEED_PROXY_HOST = '10.xx.50.241';
export const SEED_LOCAL_HOST = '10.xx.50.10';
/** A domain controller that takes only this account (the analyst's own logon is not an administrator there). */
export const SEED_DC_HOST = '10.xx.12.200';
export const SEED_DC_ACCOUNT = { user: 'CORP\\ir-admin', password: 'lab-ir-admin' };

/** The seed's netstat rows, verbatim (lines 74–93 of the seed). */
const SEED_NETSTAT_ROWS = `
TCP 0.0.0.0:135 0.0.0.0:0 LISTENING 852
TCP 0.0.0.0:445 0.0.0.0:0 LISTENING 4
TCP 0.0.0.0:5800 0.0.0.0:0 LISTENING 1748
TCP 0.0.0.0:5900 0.0.0.0:0 LISTENING 1748
TCP 0.0.0.0:8085 0.0.0.0:0 LISTENING 1456
TCP 10.xx.50.81:139 0.0.0.0:0 LISTENING 4
TCP 10.xx.50.81:445 10.bb.50.64:1826 ESTABLISHED 4
TCP 10.xx.50.81:1221 10.xx.12.200:135 ESTABLISHED 608
TCP 10.xx.50.81:1222 10.xx.12.200:1026 ESTABLISHED 608
TCP 10.xx.50.81:1822 10.xx.50.241:8080 ESTABLISHED 3756
TCP 10.xx.50.81:1823 10.xx.50.241:8080 ESTABLISHED 3756
TCP 10.xx.50.81:1827 10.xx.50.241:8080 ESTABLISHED 3756
TCP 10.xx.50.81:1828 10.xx.50.241:8080 ESTABLISHED 3756
TCP 10.xx.50.81:1829 10.xx.50.241:8080 ESTABLISHED 3756
TCP 10.xx.50.81:1830 10.xx.50.241:8080 ESTABLISHED 3756
TCP 10.xx.50.81:1831 10.xx.50.241:8080 ESTABLISHED 3756
TCP 127.0.0.1:1068 0.0.0.0:0 LISTENING 2412
UDP 0.0.0.0:445 *:* 4
UDP 0.0.0.0:500 *:* 608
`;

/**
 * The seed's PsList rows, verbatim (lines 102–136), and two processes its netstat names but its listing (cut short
 * in the article) does not show: 1748 (listening on the VNC ports 5800 and 5900) and 3756, the suspect.
 */
const SEED_PSLIST_ROWS = `
Idle 0 0 1 0 0 0:37:20.984 0:00:00.000
System 4 8 67 316 0 0:00:48.343 0:00:00.000
smss 464 11 3 21 164 0:00:00.015 4:43:15.698
csrss 528 13 15 545 2520 0:00:13.484 4:43:14.792
winlogon 552 13 19 524 9488 0:00:04.265 4:43:14.370
services 596 9 16 295 1876 0:00:04.281 4:43:14.183
lsass 608 9 20 428 4160 0:00:02.843 4:43:14.167
svchost 792 8 17 193 3284 0:00:00.796 4:43:13.667
svchost 852 8 10 371 2144 0:00:35.421 4:43:13.370
svchost 916 8 70 2092 16500 0:00:54.359 4:43:13.292
svchost 968 8 6 84 1596 0:00:00.921 4:43:13.245
svchost 992 8 15 292 3044 0:00:00.843 4:43:12.714
spoolsv 1196 8 12 142 3492 0:00:00.296 4:43:12.277
stormliv 1324 8 9 163 4952 0:00:08.343 4:43:04.339
EngineServer 1444 8 3 35 576 0:00:00.078 4:43:03.995
FrameworkService 1456 8 21 356 20632 0:00:37.203 4:43:03.573
VsTskMgr 1504 8 19 243 7128 0:00:29.578 4:43:02.714
MDM 1556 8 4 86 1092 0:00:00.140 4:43:02.495
mfevtps 1580 8 6 126 6848 0:00:02.609 4:43:02.370
ArchivingORBService 1636 8 4 88 3304 0:00:15.031 4:43:01.964
WinVNC4 1748 13 6 120 2800 0:00:12.406 4:43:01.902
svchost 1696 8 5 118 2608 0:00:00.453 4:43:01.777
CcmExec 1836 8 13 810 14688 0:00:12.796 4:43:01.214
Mcshield 1880 13 26 182 45316 0:02:15.078 4:42:59.464
naPrdMgr 1964 8 6 130 208448 0:01:05.328 4:42:57.902
mfeann 1968 8 8 151 2264 0:00:01.625 4:42:57.855
alg 2412 8 5 102 1256 0:00:00.109 4:42:17.303
wmiprvse 2876 8 4 140 4132 0:00:00.781 4:42:09.979
wmiprvse 2660 8 7 146 1996 0:00:00.828 4:39:42.549
explorer 3676 8 12 442 17392 0:01:01.828 3:59:34.124
hkcmd 4092 8 2 86 896 0:00:00.140 3:59:30.406
igfxpers 816 8 3 93 868 0:00:00.078 3:59:30.343
UdaterUI 3388 8 5 115 1648 0:00:00.859 3:59:27.390
shstat 3252 8 10 98 2160 0:00:00.812 3:59:27.093
ctfmon 3968 8 1 67 984 0:00:00.156 3:59:25.828
winupd 3756 8 9 187 4388 0:00:21.750 3:58:41.115
`;

/**
 * Who started whom on an XP machine like this one: the seed prints no parents, so these are Windows' usual ones
 * (services under services.exe, the McAfee helpers under their framework, the desktop under an exited userinit).
 */
const SEED_PARENTS: Record<number, number> = {
  0: 0, 4: 0, 464: 4, 528: 464, 552: 464, 596: 552, 608: 552,
  792: 596, 852: 596, 916: 596, 968: 596, 992: 596, 1196: 596, 1324: 596, 1444: 596, 1456: 596, 1504: 596, 1556: 596,
  1580: 596, 1636: 596, 1748: 596, 1696: 596, 1836: 596, 1880: 596, 1964: 1456, 1968: 1504, 2412: 596,
  2876: 792, 2660: 792, 3676: 3640, 4092: 3676, 816: 3676, 3388: 3676, 3252: 3676, 3968: 3676, 3756: 3676,
};

/** What refuses to die even for an administrator. */
const SEED_PROTECTED = new Set([0, 4, 528]);

function seedProcesses(): FleetProcess[] {
  return SEED_PSLIST_ROWS.trim().split('\n').map((row) => {
    const [name, pid, priority, threads, handles, privateKb, cpu, elapsed] = row.split(' ') as [string, string, string, string, string, string, string, string];
    const priv = Number(privateKb);
    const ppid = SEED_PARENTS[Number(pid)];
    if (ppid === undefined) throw new Error(`seed process ${pid} has no parent listed`);
    return {
      name,
      image: name === 'System' || name === 'Idle' ? name : `${name}.exe`,
      pid: Number(pid),
      ppid,
      priority: Number(priority),
      threads: Number(threads),
      handles: Number(handles),
      privateKb: priv,
      // PsList -t's memory columns, which the seed does not show: in proportion to the private bytes.
      virtualKb: priv === 0 ? (pid === '0' ? 0 : 1884) : Math.round(priv * 2.4) + 28_000 + (Number(pid) % 97) * 512,
      workingSetKb: priv === 0 ? (pid === '0' ? 16 : 236) : Math.round(priv * 1.4) + 900,
      cpuMs: parsePsListTime(cpu),
      elapsedMs: parsePsListTime(elapsed),
      protected: SEED_PROTECTED.has(Number(pid)),
    };
  });
}

function seedConnections(): FleetConnection[] {
  return SEED_NETSTAT_ROWS.trim().split('\n').map((row) => {
    const fields = row.split(' ');
    const udp = fields[0] === 'UDP';
    return {
      proto: udp ? 'UDP' : 'TCP',
      local: fields[1] as string,
      remote: fields[2] as string,
      state: udp ? null : (fields[3] as string),
      pid: Number(fields[udp ? 3 : 4]),
      component: Number(fields[udp ? 3 : 4]) === 852 ? 'RpcSs' : null,
    };
  });
}

/** 10.xx.50.81 as the seed shows it: its rows in the seed's order, nothing added but the two missing processes. */
export function seedHost(): FleetHost {
  return {
    address: SEED_HOST,
    aliases: ['WS5081'],
    hostname: 'WS5081',
    os: WINDOWS_OS.xp,
    credentials: { currentLogon: true, accounts: [] },
    reachability: 'ok',
    delayMs: 0,
    hang: false,
    processes: seedProcesses(),
    connections: seedConnections(),
  };
}

function seedProxy(): FleetHost {
  const proxy = new WindowsHostBuilder({ address: SEED_PROXY_HOST, hostname: 'PRX5241', aliases: ['PRX5241'], edition: 'server2003', seed: 0x5241 });
  // ISA Server's Firewall service: the web proxy listening on 8080, the seed host's seven connections at its end.
  const isa = proxy.addProcess({ name: 'wspsrv', parent: 'services', threads: 112, handles: 2210, privateKb: 96_412 });
  proxy.socket({ proto: 'TCP', local: '0.0.0.0:8080', state: 'LISTENING', pid: isa.pid, component: 'fwsrv' });
  for (const port of [1822, 1823, 1827, 1828, 1829, 1830, 1831]) {
    proxy.socket({ proto: 'TCP', local: `${SEED_PROXY_HOST}:8080`, remote: `${SEED_HOST}:${port}`, pid: isa.pid, component: 'fwsrv' });
  }
  return proxy.build();
}

function seedDomainController(): FleetHost {
  const dc = new WindowsHostBuilder({
    address: SEED_DC_HOST, hostname: 'DC12200', aliases: ['DC12200'], edition: 'server2003', seed: 0x12200,
    credentials: { currentLogon: false, accounts: [SEED_DC_ACCOUNT] },
  });
  const lsass = dc.find('lsass');
  dc.socket({ proto: 'TCP', local: '0.0.0.0:1026', state: 'LISTENING', pid: lsass.pid });
  dc.socket({ proto: 'TCP', local: `${SEED_DC_HOST}:135`, remote: `${SEED_HOST}:1221`, pid: dc.service('RpcSs').pid, component: 'RpcSs' });
  dc.socket({ proto: 'TCP', local: `${SEED_DC_HOST}:1026`, remote: `${SEED_HOST}:1222`, pid: lsass.pid });
  return dc.build();
}

/** Hosts at the ends of the router's flows, each with the socket its flow row shows (UDP: netstat's *:* remote). */
function seedFlowHosts(): FleetHost[] {
  const browsing = new WindowsHostBuilder({ address: '10.bb.50.200', hostname: 'WS50200', aliases: ['WS50200'], edition: 'xp', seed: 0x50200 });
  const iexplore = browsing.addProcess({ name: 'iexplore', parent: 'explorer', threads: 24, handles: 610, privateKb: 31_208 });
  for (const port of [1373, 1374]) browsing.socket({ proto: 'TCP', local: `10.bb.50.200:${port}`, remote: '203.151.20.17:80', pid: iexplore.pid });

  const smbClient = new WindowsHostBuilder({ address: '10.ee.12.200', hostname: 'WS12200', aliases: ['WS12200'], edition: 'xp', seed: 0xee12200 });
  smbClient.socket({ proto: 'TCP', local: '10.ee.12.200:2595', remote: '10.bb.ee.140:445', pid: 4 });

  const dns = new WindowsHostBuilder({ address: '10.oo.12.210', hostname: 'NS12210', aliases: ['NS12210'], edition: 'server2003', seed: 0x12210 });
  const dnsServer = dns.addProcess({ name: 'dns', parent: 'services', threads: 18, handles: 402, privateKb: 14_560 });
  dns.socket({ proto: 'TCP', local: '0.0.0.0:53', state: 'LISTENING', pid: dnsServer.pid, component: 'DNS' });
  dns.socket({ proto: 'UDP', local: '10.oo.12.210:53', pid: dnsServer.pid, component: 'DNS' });

  // The far end of the seed host's SMB session: in another domain, so the analyst's logon is refused there.
  const smbPeer = new WindowsHostBuilder({ address: '10.bb.50.64', hostname: 'WS5064', aliases: ['WS5064'], edition: 'xp', seed: 0x5064, reachability: 'access-denied' });
  smbPeer.socket({ proto: 'TCP', local: '10.bb.50.64:1826', remote: `${SEED_HOST}:445`, pid: 4 });
  return [browsing.build(), smbClient.build(), dns.build(), smbPeer.build()];
}

/** Hosts on a branch LAN that fail the way real ones do, for timeouts, cancels and error messages. */
function seedTroubleHosts(): FleetHost[] {
  const host = (last: number, hostname: string, options: Partial<Pick<FleetHost, 'reachability' | 'delayMs' | 'hang'>>) =>
    new WindowsHostBuilder({ address: `192.168.20.${last}`, hostname, aliases: [hostname], edition: 'xp', seed: 0x19216820 + last, ...options }).build();
  return [
    host(15, 'BR-SLOW15', { delayMs: 2500 }),
    host(16, 'BR-HUNG16', { hang: true }),
    host(17, 'BR-OFF17', { reachability: 'unreachable' }),
    host(18, 'BR-AV18', { reachability: 'service-start-failed' }),
    host(19, 'BR-FW19', { reachability: 'rpc-unavailable' }),
  ];
}

export function seedFleet(): FleetState {
  const analyst = new WindowsHostBuilder({ address: SEED_LOCAL_HOST, hostname: 'IT-ANALYST', aliases: ['IT-ANALYST'], edition: 'xp', seed: 0x5010 }).build();
  return {
    format: FLEET_STATE_FORMAT,
    version: FLEET_STATE_VERSION,
    scenario: 'seed',
    localHost: SEED_LOCAL_HOST,
    unknownHost: 'network-path-not-found',
    hosts: [seedHost(), seedProxy(), seedDomainController(), ...seedFlowHosts(), analyst, ...seedTroubleHosts()],
  };
}
