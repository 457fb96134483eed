// The third-party flow tools the cross-check runs for real: tcpdump captures loopback traffic, softflowd turns the
// pcap into NetFlow/IPFIX, nfcapd stores what it receives and nfdump prints it. Argv arrays only, loopback only.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A child process whose stderr we watch, and that we stop and wait for. */
export class ToolProcess {
  stderr = '';
  stdout = '';
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcess) {
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    this.exited = new Promise((resolve) => {
      child.once('exit', (code) => resolve(code));
      child.once('error', () => resolve(null));
    });
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves once the output matches, rejects on exit or after timeoutMs. */
  async waitForOutput(pattern: RegExp, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.stderr + this.stdout)) {
      if (!this.running) throw new Error(`${this.child.spawnfile} exited before printing ${pattern}: ${this.stderr}`);
      if (Date.now() > deadline) throw new Error(`${this.child.spawnfile} did not print ${pattern} within ${timeoutMs} ms: ${this.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 5_000): Promise<void> {
    if (!this.running) return;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/**
 * tcpdump on lo writing a pcap. `--immediate-mode`: without it libpcap hands packets over in ring blocks on a 1 s timer
 * and packets still in the ring when it stops are counted but never written; `-B 16384` (KiB): with the default
 * buffer the kernel drops most of a burst on a busy machine. `-Z root`: it would drop to a user who cannot write our
 * 0700 temp dir.
 */
export async function startCapture(pcap: string, filter: string): Promise<ToolProcess> {
  const capture = new ToolProcess(spawn('tcpdump', ['-i', 'lo', '-n', '-U', '--immediate-mode', '-B', '16384', '-Z', 'root', '-w', pcap, filter], { stdio: ['ignore', 'pipe', 'pipe'] }));
  await capture.waitForOutput(/listening on lo/, 5_000);
  // "listening" comes as the socket opens; give the kernel a moment to attach the filter before traffic starts.
  await new Promise((resolve) => setTimeout(resolve, 300));
  return capture;
}

/** Stops tcpdump once the pcap has stopped growing, and returns how many packets it wrote. */
export async function stopCapture(capture: ToolProcess, pcap: string): Promise<number> {
  let size = -1;
  for (let stable = 0; stable < 3; ) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = (await stat(pcap)).size;
    stable = now === size ? stable + 1 : 0;
    size = now;
  }
  await capture.stop('SIGINT');
  const captured = /(\d+) packets? captured/.exec(capture.stderr);
  if (captured === null) throw new Error(`tcpdump did not report its count: ${capture.stderr}`);
  return Number(captured[1]);
}

/** nfcapd listening on 127.0.0.1:port, writing into dir. */
export async function startNfcapd(dir: string, port: number): Promise<ToolProcess> {
  const nfcapd = new ToolProcess(spawn('nfcapd', ['-w', dir, '-b', '127.0.0.1', '-p', String(port), '-t', '3600'], { stdio: ['ignore', 'pipe', 'pipe'] }));
  await nfcapd.waitForOutput(/Startup nfcapd/, 10_000);
  return nfcapd;
}

/**
 * softflowd reading the pcap and exporting to 127.0.0.1:port in NetFlow `version` (5, 9, 10 = IPFIX). softflowd 1.1.0
 * reading a file waits on its control socket between reads, so we knock (`softflowctl statistics`) until it has read
 * to the end of the file, expired every flow and exited.
 */
export async function runSoftflowd(pcap: string, dir: string, port: number, version: 5 | 9 | 10): Promise<string> {
  const control = join(dir, `softflowd-v${version}.ctl`);
  const softflowd = new ToolProcess(
    spawn('softflowd', ['-d', '-r', pcap, '-n', `127.0.0.1:${port}`, '-v', String(version), '-T', 'full', '-p', join(dir, `softflowd-v${version}.pid`), '-c', control], { stdio: ['ignore', 'pipe', 'pipe'] }),
  );
  const deadline = Date.now() + 15_000;
  try {
    while (softflowd.running) {
      if (Date.now() > deadline) throw new Error(`softflowd -v ${version} did not finish within 15 s: ${softflowd.stderr}`);
      await run('softflowctl', ['-c', control, 'statistics'], { timeout: 2_000 }).catch(() => undefined);
      await Promise.race([softflowd.exited, new Promise((resolve) => setTimeout(resolve, 50))]);
    }
    return softflowd.stderr;
  } finally {
    await softflowd.stop();
  }
}

export interface NfdumpFlow {
  protocol: string;
  srcAddr: string;
  srcPort: number;
  dstAddr: string;
  dstPort: number;
  packets: number;
  bytes: number;
}

/** Every flow in nfcapd's files in dir, as `nfdump -r FILE -o csv` prints it. */
export async function nfdumpFlows(dir: string): Promise<NfdumpFlow[]> {
  const files = (await readdir(dir)).filter((name) => /^nfcapd\.\d+$/.test(name));
  if (files.length === 0) throw new Error(`nfcapd wrote no file in ${dir}`);
  const flows: NfdumpFlow[] = [];
  for (const file of files) {
    const { stdout } = await run('nfdump', ['-r', join(dir, file), '-o', 'csv'], { timeout: 10_000, maxBuffer: 64 * 1024 * 1024 });
    const lines = stdout.split('\n');
    const header = lines[0]!.split(',');
    const column = (name: string) => {
      const index = header.indexOf(name);
      if (index < 0) throw new Error(`nfdump's csv has no ${name} column: ${lines[0]}`);
      return index;
    };
    const [sa, da, sp, dp, pr, ipkt, ibyt] = ['sa', 'da', 'sp', 'dp', 'pr', 'ipkt', 'ibyt'].map(column) as number[];
    for (const line of lines.slice(1)) {
      if (line.trim() === '' || line.startsWith('Summary')) break;
      const cells = line.split(',');
      flows.push({ protocol: cells[pr!]!.trim(), srcAddr: cells[sa!]!, srcPort: Number(cells[sp!]), dstAddr: cells[da!]!, dstPort: Number(cells[dp!]), packets: Number(cells[ipkt!]), bytes: Number(cells[ibyt!]) });
    }
  }
  return flows;
}
