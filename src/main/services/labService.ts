// The embedded lab as the app's demo: starts the simulated IOS router on 127.0.0.1 and lists it as a router.
import type { LabInfo, LabScenarioInfo } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import { labScenarios, startLabRouter, type LabRouter } from '../lab/labRouter';
import type { LogBook } from './logBook';
import type { RouterService } from './routerService';

export class LabService {
  private lab: LabRouter | null = null;
  private routerId: string | null = null;

  constructor(private readonly routers: RouterService, private readonly log: LogBook, private readonly hostKeyPath: string) {}

  scenarios(): LabScenarioInfo[] {
    return labScenarios();
  }

  status(): LabInfo | null {
    return this.lab ? { ...this.lab.info(), routerId: this.routerId } : null;
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
    this.log.add({ level: 'info', kind: 'lab', routerId: this.routerId, device: `Embedded lab router (${lab.host}:${lab.port})`, command: null, message: `Embedded lab started on ${lab.host}:${lab.port} (scenario "${lab.scenario}", host key ${lab.fingerprint}).`, detail: null });
    return this.status()!;
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
    this.log.add({ level: 'info', kind: 'lab', routerId: this.routerId, device: null, command: null, message: 'Embedded lab stopped.', detail: null });
  }

  requireRunning(): LabRouter {
    if (!this.lab) throw new AppError({ kind: 'lab-not-running' });
    return this.lab;
  }
}
