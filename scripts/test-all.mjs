#!/usr/bin/env node
// `npm test`: provisions what the suites need, then runs typecheck, lint, unit + integration (Vitest),
// the Electron build, and end-to-end tests (Playwright in Debian's Chromium), and prints one summary line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const results = join(root, 'test-results');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const started = Date.now();
const totals = { passed: 0, failed: 0, skipped: 0 };
const stages = [];

function run(command, args, options = {}) {
  return spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' }, ...options });
}

function which(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim() || null;
}

/**
 * Debian packages the suites drive for real: Chromium for end-to-end tests, OpenSSH client and server for
 * interoperability tests, the sqlite3 program as the "other tool" that tampers with a case file, and TextFSM for
 * Debian's /usr/bin/python3, which the bench compares our parser with (its template is checked against our parser);
 * softflowd (a flow exporter reading a pcap), nfdump/nfcapd (a third-party collector) and tcpdump (captures the
 * loopback traffic the exporter reads), which the NetFlow/IPFIX decoder is checked against.
 */
function provision() {
  const needed = [];
  if (!existsSync('/usr/bin/chromium')) needed.push('chromium');
  if (!which('ssh') || !which('ssh-keygen')) needed.push('openssh-client');
  if (!existsSync('/usr/sbin/sshd')) needed.push('openssh-server');
  if (!which('sqlite3')) needed.push('sqlite3');
  if (spawnSync('/usr/bin/python3', ['-c', 'import textfsm']).status !== 0) needed.push('python3-textfsm');
  if (!which('softflowd')) needed.push('softflowd');
  if (!which('nfcapd') || !which('nfdump')) needed.push('nfdump');
  if (!which('tcpdump')) needed.push('tcpdump');
  if (needed.length === 0) return true;
  const isRoot = process.getuid?.() === 0;
  const canApt = which('apt-get') !== null;
  if (!isRoot || !canApt || process.env.FLOWPIVOT_NO_APT === '1') {
    console.error(`npm test needs the Debian packages: ${needed.join(' ')}.`);
    console.error(`Install them with:  sudo apt-get update && sudo apt-get install -y ${needed.join(' ')}`);
    console.error(isRoot && canApt ? '(FLOWPIVOT_NO_APT=1 forbids installing them here.)' : '(npm test installs them itself only when it runs as root with apt-get.)');
    return false;
  }
  console.log(`Installing Debian packages: ${needed.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (run('apt-get', ['update', '-qq'], { env }).status !== 0) return false;
  return run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...needed], { env }).status === 0;
}

function stage(name, fn) {
  const t0 = Date.now();
  console.log(`\n=== ${name} ===`);
  const outcome = fn();
  stages.push({ name, ...outcome, seconds: ((Date.now() - t0) / 1000).toFixed(1) });
  totals.passed += outcome.passed;
  totals.failed += outcome.failed;
  totals.skipped += outcome.skipped ?? 0;
  return outcome.failed === 0;
}

/** A step with no test count of its own (typecheck, lint, build) counts as one check. */
function check(command, args) {
  const ok = run(command, args).status === 0;
  return { passed: ok ? 1 : 0, failed: ok ? 0 : 1 };
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

const provisioned = stage('provision (Debian chromium, openssh-client, openssh-server, sqlite3, python3-textfsm, softflowd, nfdump, tcpdump)', () => (provision() ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 }));

stage('typecheck (tsc strict: main, preload, shared, renderer, tests)', () => {
  const projects = ['tsconfig.node.json', 'tsconfig.web.json', 'tsconfig.e2e.json'];
  const passed = projects.filter((project) => run(bin('tsc'), ['-p', project, '--noEmit']).status === 0).length;
  return { passed, failed: projects.length - passed };
});

stage('lint (eslint, with the layering rules)', () => check(bin('eslint'), ['.', '--max-warnings', '0']));

stage('unit + integration (vitest)', () => {
  const output = join(results, 'vitest.json');
  const status = run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${output}`]).status;
  const report = readJson(output);
  if (!report) return { passed: 0, failed: 1 };
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  const failed = report.numFailedTests + (status !== 0 && report.numFailedTests === 0 ? 1 : 0);
  return { passed: report.numPassedTests, failed, skipped };
});

const built = stage('build (electron-vite: main, preload, renderer)', () => check(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build']));

stage('end-to-end (Playwright driving /usr/bin/chromium)', () => {
  if (!provisioned || !built) {
    console.error('Skipping end-to-end tests: ' + (!provisioned ? 'Chromium is not installed.' : 'the build failed.'));
    return { passed: 0, failed: 1 };
  }
  const output = join(results, 'e2e.json');
  const status = run(bin('playwright'), ['test'], { env: { ...process.env, FORCE_COLOR: '0', PLAYWRIGHT_JSON_OUTPUT_NAME: output } }).status;
  const report = readJson(output);
  if (!report) return { passed: 0, failed: 1 };
  const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = report.stats ?? {};
  return { passed: expected + flaky, failed: unexpected + (status !== 0 && unexpected === 0 ? 1 : 0), skipped };
});

console.log('\n=== summary ===');
for (const s of stages) console.log(`${s.failed ? 'FAIL' : 'ok  '} ${s.name}: ${s.passed} passed, ${s.failed} failed${s.skipped ? `, ${s.skipped} skipped` : ''} (${s.seconds} s)`);
console.log(`total time ${((Date.now() - started) / 1000).toFixed(1)} s; artifacts in test-results/`);
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed === 0 ? 0 : 1);
