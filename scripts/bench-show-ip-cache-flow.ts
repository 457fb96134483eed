// Sanity benchmark (not a test): parses a generated `show ip cache flow` capture of 1 M flow rows and prints MB/s.
// Run: npx tsx scripts/bench-show-ip-cache-flow.ts [rows] [runs]
import { pathToFileURL } from 'node:url';
import { parse } from '../src/shared/parsers/cisco/showIpCacheFlow';

const HEADER = `IP packet size distribution (116972772 total packets):
   1-32   64   96  128  160  192  224  256  288  320  352  384  416  448  480
   .000 .375 .090 .023 .010 .007 .006 .003 .002 .014 .011 .010 .009 .005 .004

    512  544  576 1024 1536 2048 2560 3072 3584 4096 4608
   .004 .003 .006 .028 .378 .000 .000 .000 .000 .000 .000

IP Flow Switching Cache, 278544 bytes
  64 active, 4032 inactive, 4367569 added
  80215342 ager polls, 0 flow alloc failures
  Active flows timeout in 30 minutes
  Inactive flows timeout in 15 seconds
IP Sub Flow Cache, 21640 bytes
  0 active, 1024 inactive, 0 added, 0 added to flow
  0 alloc failures, 0 force free
  1 chunk, 1 chunk added
  last clearing of statistics never
Protocol         Total    Flows   Packets Bytes  Packets Active(Sec) Idle(Sec)
--------         Flows     /Sec     /Flow  /Pkt     /Sec     /Flow     /Flow
TCP-WWW        3537205      0.8        14  1021     12.2       3.7       9.7
Total:         4367505      1.0        26   593     27.2       5.2       9.4

SrcIf         SrcIPaddress    DstIf         DstIPaddress    Pr SrcP DstP  Pkts
`;

/** Deterministic pseudo-random numbers, so every run parses the same text. */
function* lcg(seed: number): Generator<number> {
  let state = seed >>> 0;
  for (;;) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    yield state;
  }
}

function hex(value: number, width: number): string {
  return value.toString(16).toUpperCase().padStart(width, '0');
}

/**
 * A capture like an edge router's: hosts from a pool of a few thousand, well-known server ports, ephemeral client
 * ports. With `unique`, every address and port is random (no repetition at all: the worst case for the parser).
 */
export function generateCapture(rows: number, unique = false): string {
  const random = lcg(42);
  const next = () => random.next().value as number;
  const interfaces = ['Gi0/0', 'Gi0/1.100', 'Fa0/0', 'Tu0', 'Se0/0/0:1', 'Local', 'Null', 'Gi0/0*'];
  const protocols = [6, 6, 6, 17, 17, 1, 47];
  const serverPorts = [80, 443, 445, 53, 22, 25, 3389, 123, 8080, 139];
  const address = (n: number) => `10.${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}`;
  const hosts = Array.from({ length: 5000 }, () => address(next()));
  const parts: string[] = [HEADER];
  for (let i = 0; i < rows; i++) {
    const a = next();
    const b = next();
    const protocol = protocols[a % protocols.length]!;
    const src = unique ? address(a) : hosts[a % hosts.length]!;
    const dst = unique ? address(b) : hosts[b % hosts.length]!;
    const srcPort = unique ? a & 0xffff : 49152 + (a & 0x3fff);
    const dstPort = unique ? b & 0xffff : serverPorts[b % serverPorts.length]!;
    parts.push(
      `${interfaces[a % interfaces.length]!.padEnd(13)} ${src.padEnd(15)} ${interfaces[b % interfaces.length]!.padEnd(13)} ${dst.padEnd(15)} ` +
        `${hex(protocol, 2)} ${hex(srcPort, 4)} ${hex(dstPort, 4)} ${String(b % 100000).padStart(5)} \n`,
    );
  }
  return parts.join('');
}

function measure(label: string, text: string, runs: number): void {
  const megabytes = text.length / 1e6;
  let best = Infinity;
  for (let run = 1; run <= runs; run++) {
    const started = performance.now();
    const result = parse(text);
    const seconds = (performance.now() - started) / 1000;
    best = Math.min(best, seconds);
    console.log(`${label} run ${run}: ${result.records.length} records, ${result.diagnostics.length} diagnostics, ${seconds.toFixed(3)} s, ${(megabytes / seconds).toFixed(0)} MB/s`);
  }
  console.log(`${label}: best ${(megabytes / best).toFixed(0)} MB/s on ${megabytes.toFixed(1)} MB`);
}

/**
 * What this machine can do at all, to read the numbers above against: a bare charCodeAt loop over the same text,
 * and allocating as many Flow-shaped objects as there are rows.
 */
function calibrate(text: string, rows: number): void {
  let started = performance.now();
  let tokens = 0;
  let inToken = false;
  for (let i = 0; i < text.length; i++) {
    const space = text.charCodeAt(i) <= 32;
    if (!space && !inToken) tokens++;
    inToken = !space;
  }
  const scanSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  const objects: object[] = [];
  for (let i = 0; i < rows; i++) {
    objects.push({ line: i, srcIf: 'Gi0/0', srcAddr: '10.1.1.1', dstIf: 'Gi0/1', dstAddr: '10.2.2.2', protocol: 6, protocolHex: '06', protocolName: 'TCP', srcPort: i & 0xffff, srcPortHex: '0050', srcService: null, dstPort: 443, dstPortHex: '01BB', dstService: 'https', packets: i, flags: [] });
  }
  const allocationSeconds = (performance.now() - started) / 1000;
  console.log(`calibration: charCodeAt loop ${(text.length / 1e6 / scanSeconds).toFixed(0)} MB/s (${tokens} tokens); ${objects.length} Flow-shaped objects allocated in ${allocationSeconds.toFixed(3)} s`);
}

function main(): void {
  const rows = Number(process.argv[2] ?? 1_000_000);
  const runs = Number(process.argv[3] ?? 5);
  const mix = generateCapture(rows);
  calibrate(mix, rows);
  measure('edge-router mix', mix, runs);
  measure('all-unique worst case', generateCapture(rows, true), runs);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
