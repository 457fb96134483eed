// Runs TextFSM (Debian's python3-textfsm, under /usr/bin/python3) with our show ip cache flow template on a capture file.
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..', '..');

/** Debian's Python, not whichever `python3` comes first on PATH: python3-textfsm is installed for this one. */
export const SYSTEM_PYTHON = '/usr/bin/python3';
export const SHOW_IP_CACHE_FLOW_TEMPLATE = join(root, 'resources', 'textfsm', 'cisco_ios_show_ip_cache_flow.textfsm');
const RUNNER = join(root, 'resources', 'textfsm', 'run_textfsm.py');
/** What to type when TextFSM is missing; said word for word wherever it is needed and not found. */
export const TEXTFSM_INSTALL = 'apt-get install python3-textfsm';

/** One row of the template: the flow table's fields as printed. */
export interface TextFsmFlowRow {
  SRC_INTF: string;
  SRC_IPADDR: string;
  DST_INTF: string;
  DST_IPADDR: string;
  PROTOCOL: string;
  SRC_PORT: string;
  DST_PORT: string;
  PACKETS: string;
}

export interface TextFsmRun {
  /** TextFSM's version, e.g. "1.1.0". */
  textfsm: string;
  python: string;
  /** The seconds of each run of ParseText alone. */
  seconds: number[];
  rowCount: number;
  /** With `rows: true`. */
  rows?: TextFsmFlowRow[];
}

/** TextFSM's version under SYSTEM_PYTHON, or null when it (or that Python) is not installed. */
export async function textFsmVersion(): Promise<string | null> {
  try {
    const { stdout } = await run(SYSTEM_PYTHON, ['-c', 'import textfsm; print(getattr(textfsm, "__version__", "unknown"))'], { timeout: 30_000 });
    return stdout.trim();
  } catch {
    return null;
  }
}

/** Parses `capturePath` `runs` times with the show ip cache flow template; `rows` returns the rows of the last run. */
export async function runTextFsm(capturePath: string, options: { runs?: number; rows?: boolean; template?: string } = {}): Promise<TextFsmRun> {
  const args = [RUNNER, options.template ?? SHOW_IP_CACHE_FLOW_TEMPLATE, capturePath, '--runs', String(options.runs ?? 1), ...(options.rows ? ['--rows'] : [])];
  // A million rows printed back as JSON are ~150 MB; the default 1 MB buffer would cut them.
  const { stdout } = await run(SYSTEM_PYTHON, args, { maxBuffer: 1024 * 1024 * 1024, encoding: 'utf8' });
  return JSON.parse(stdout) as TextFsmRun;
}
