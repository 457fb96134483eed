// `flowpivot lab` with its Windows fleet, as a real child process: the pivot from a router flow to the host's socket
// and process works through the tools it lists, and its fleet folder is gone once it stops.
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabRouter } from '../../../src/main/lab/labRouter';
import { OFFICE } from '../../../src/main/lab/scenarios/officeNetwork';
import { findParser } from '../../../src/shared/parsers/registry';
import type { Connection, Flow, ProcessEntry } from '../../../src/shared/domain';
import { withTempDir } from '../../support/tempDir';
import { startCli, waitForOutput, type RunningCli } from '../support/flowpivotCli';
import { connectToLab, execOnLab } from './labTerminal';

const execFileAsync = promisify(execFile);

let home: { path: string; remove: () => Promise<void> };

beforeAll(async () => {
  home = await withTempDir();
});

afterAll(async () => {
  await home.remove();
});

function startLab(args: string[]): RunningCli {
  return startCli(['lab', ...args], home.path);
}

/** Runs a fleet tool the way FlowPivot will: by name, with the lab's bin folder first on PATH. */
async function tool(binDir: string, name: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return execFileAsync(name, args, { env: { ...process.env, PATH: `${binDir}:${process.env.PATH ?? ''}` }, encoding: 'utf8' });
}

describe('flowpivot lab with its Windows fleet', () => {
  it('pivots from the beacon\'s flow to the process behind it, kills it, and removes the fleet on SIGINT', async () => {
    const lab = startLab(['--json', '--scenario', 'office']);
    await waitForOutput(lab, (stdout) => stdout.includes('\n'));
    const ready = JSON.parse(lab.stdout()) as {
      router: Omit<LabRouter, 'hostKeyType' | 'scenario' | 'commandLog' | 'info' | 'close'>;
      fleet: { binDir: string; stateFile: string; hosts: { address: string; hostname: string; local: boolean }[] };
    };
    const { binDir, stateFile, hosts } = ready.fleet;
    expect(hosts.find((host) => host.local)?.address).toBe(OFFICE.adminWorkstation);
    expect(hosts.map((host) => host.address)).toContain(OFFICE.compromised);

    // The router shows the beacon...
    const router = { ...ready.router, hostKeyType: 'ssh-rsa', scenario: 'office', commandLog: [], info: () => ({ ...ready.router, scenario: 'office', routerId: null }), close: async () => undefined };
    const { client } = await connectToLab(router);
    const cache = await execOnLab(client, 'show ip cache flow');
    client.end();
    const beacon = (findParser('ios-ip-cache-flow')!.parse(cache.stdout).records as Flow[]).find((flow) => flow.dstAddr === OFFICE.beaconServer && flow.dstPort === OFFICE.beaconPort);
    expect(beacon?.srcAddr).toBe(OFFICE.compromised);

    // ...the host's netstat has that very socket, and PsList names its process.
    const netstat = await tool(binDir, 'psexec', [`\\\\${beacon!.srcAddr}`, '-accepteula', '-nobanner', 'netstat', '-ano']);
    const socket = (findParser('win-netstat')!.parse(netstat.stdout).records as Connection[]).find(
      (row) => row.localAddr === beacon!.srcAddr && row.localPort === beacon!.srcPort && row.remoteAddr === beacon!.dstAddr && row.remotePort === beacon!.dstPort,
    );
    expect(socket?.state).toBe('ESTABLISHED');
    const listing = await tool(binDir, 'pslist', [`\\\\${beacon!.srcAddr}`, '-accepteula', '-nobanner', '-t']);
    const tree = findParser('pslist-tree')!.parse(listing.stdout).records as ProcessEntry[];
    const owner = tree.find((process) => process.pid === socket!.pid)!;
    expect(owner.name).toBe('rundll32');
    const document = tree.find((process) => process.pid === tree.find((parent) => parent.pid === owner.ppid)!.ppid)!;
    expect(document.name).toBe('WINWORD');

    // Stopping the document's tree takes the beacon and its sockets with it.
    const killed = await tool(binDir, 'pskill', [`\\\\${beacon!.srcAddr}`, '-accepteula', '-nobanner', '-t', String(document.pid)]);
    expect(killed.stdout).toBe(`3 processes descended from and including ${document.pid} on ${beacon!.srcAddr} killed.\r\n`);
    const after = await tool(binDir, 'psexec', [`\\\\${beacon!.srcAddr}`, '-accepteula', '-nobanner', 'netstat', '-ano']);
    expect(after.stdout).not.toContain(`${OFFICE.beaconServer}:${OFFICE.beaconPort}`);

    lab.child.kill('SIGINT');
    expect(await lab.exited).toEqual({ code: 0, signal: null });
    await expect(stat(stateFile)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(stat(join(binDir, '..'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('lists the fleet\'s tools folder and hosts for people, and removes it on SIGTERM', async () => {
    const lab = startLab([]);
    await waitForOutput(lab, (stdout) => stdout.includes('Press Ctrl+C'));
    const binDir = /^ {2}Tools: +(\S+)$/m.exec(lab.stdout())?.[1];
    expect(binDir).toBeDefined();
    expect(lab.stdout()).toMatch(/^ {4}10\.xx\.50\.81 +WS5081 +answers with the current logon$/m);
    expect(lab.stdout()).toMatch(/^ {4}10\.xx\.12\.200 +DC12200 +needs -u CORP\\ir-admin -p lab-ir-admin$/m);
    expect(lab.stdout()).toContain(`PATH=${binDir}:$PATH psexec '\\\\`);
    expect((await stat(join(binDir!, 'psexec'))).isFile()).toBe(true);
    lab.child.kill('SIGTERM');
    expect((await lab.exited).code).toBe(0);
    await expect(stat(binDir!)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
