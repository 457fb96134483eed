// The embedded lab as the app's demo: starts the simulated IOS router on 127.0.0.1 and lists it as a router, and the
// simulated Windows fleet whose hosts it lists as hosts (reached through the fleet's own psexec, pslist and pskill).
import type { LabInfo, LabScenarioInfo } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import type { PidReuse } from '../lab/fleet/fleetPidReuse';
import { startLabFleet, type LabFleet } from '../lab/fleet/labFleet';
import { labScenarios, startLabRouter, type LabRouter } from '../lab/labRouter';
import type { HostService } from './hostService';
import type { LogBook } from './logBook';
import type { RouterService } from './routerService';

export class LabService {
  private lab: LabRouter | null = null;
  private fleet: LabFleet | null = null;
  private routerId: string | null = null;
  private hostIds: string[] = [];

  constructor(
    private readonly routers: RouterService,
    private readonly hosts: HostService,
    private readonly log: LogBook,
    private readonly hostKeyPath: string,
  ) {}

  scenarios(): LabScenarioInfo[] {
    return labScenarios();
  }

  status(): LabInfo | null {
    if (!this.lab) return null;
    const fleet = this.fleet ? { binDir: this.fleet.binDir, hostIds: this.hostIds, hosts: this.fleet.hosts.map((host) => host.address) } : null;
    return { ...this.lab.info(), routerId: this.routerId, fleet };
  }

  async start(scenario?: string): Promise<LabInfo> {
    if (this.lab && (!scenario || scenario === this.lab.scenario)) return this.status()!;
    await this.stop();
    const existing = this.routers.findLabRouter();
    const lab = await this.startOnPreferredPort(existing?.port, scenario);
    this.lab = lab;
    const profile = {
      name: 'Embedded lab router',
      host: lab.host,
      port: lab.port,
      username: lab.username,
      auth: 'password' as const,
      privateKeyPath: null,
      password: lab.password,
      enablePassword: lab.enablePassword,
      legacyAlgorithms: false,
      commandTimeoutMs: 60_000,
    };
    this.routerId = existing ? (await this.routers.update(existing.id, profile)).id : (await this.routers.add(profile, { isLab: true })).id;
    this.fleet = await startLabFleet({ scenario: lab.scenario });
    this.hosts.setLabToolDir(this.fleet.binDir);
    this.hostIds = await this.listFleetHosts(this.fleet);
    this.log.add({ level: 'info', kind: 'lab', routerId: this.routerId, device: `Embedded lab router (${lab.host}:${lab.port})`, command: null, message: `Embedded lab started on ${lab.host}:${lab.port} (scenario "${lab.scenario}", host key ${lab.fingerprint}); simulated Windows fleet: ${this.fleet.hosts.map((host) => host.address).join(', ')} (tools in ${this.fleet.binDir}).`, detail: null });
    return this.status()!;
  }

  /** The fleet's hosts in the host list, replacing the previous lab's: their ids. */
  private async listFleetHosts(fleet: LabFleet): Promise<string[]> {
    const previous = this.hosts.labHosts();
    const ids: string[] = [];
    for (const host of fleet.hosts) {
      const account = host.currentLogon ? undefined : host.accounts[0];
      const profile = { address: host.address, label: host.hostname, via: 'psexec' as const, os: 'windows' as const, username: account?.user ?? '', password: account?.password ?? '', port: 22, privateKeyPath: null, timeoutMs: 30_000 };
      const existing = previous.find((candidate) => candidate.address === host.address);
      ids.push(existing ? (await this.hosts.update(existing.id, profile)).id : (await this.hosts.add(profile, { isLab: true })).id);
    }
    for (const stale of previous.filter((candidate) => !ids.includes(candidate.id))) await this.hosts.remove(stale.id);
    return ids;
  }

  /** Keeps the lab on the port it had last time, so its known_hosts entry stays valid across runs. */
  private async startOnPreferredPort(port: number | undefined, scenario: string | undefined): Promise<LabRouter> {
    const options = { hostKeyPath: this.hostKeyPath, ...(scenario ? { scenario } : {}) };
    if (port) {
      try {
        return await startLabRouter({ ...options, port });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      }
    }
    return startLabRouter(options);
  }

  async stop(): Promise<void> {
    if (!this.lab) return;
    const lab = this.lab;
    this.lab = null;
    if (this.routerId) this.routers.disconnect(this.routerId, 'embedded lab stopped');
    await lab.close();
    this.hosts.setLabToolDir(null);
    await this.fleet?.dispose();
    this.fleet = null;
    this.log.add({ level: 'info', kind: 'lab', routerId: this.routerId, device: null, command: null, message: 'Embedded lab stopped.', detail: null });
  }

  /**
   * PID reuse on a host of the running lab's fleet, for the demo of the safe kill: the process `pid` ends, its sockets
   * with it, and a new process (notepad.exe unless `image` says otherwise) started now takes its PID.
   */
  async simulatePidReuse(host: string, pid: number, options: { image?: string } = {}): Promise<PidReuse> {
    if (!this.lab || !this.fleet) throw new AppError({ kind: 'lab-not-running' });
    const reuse = await this.fleet.simulatePidReuse(host, pid, options);
    this.log.add({ level: 'info', kind: 'lab', routerId: null, device: reuse.host, command: null, message: `Lab: process ${pid} (${reuse.previousName}) on ${reuse.host} ended and ${reuse.newName}, started now, got its PID.`, detail: null });
    return reuse;
  }

  requireRunning(): LabRouter {
    if (!this.lab) throw new AppError({ kind: 'lab-not-running' });
    return this.lab;
  }
}
