// The app's own services, put together for one command-line run: the same RouterService and HostService as the
// window, with the routers and hosts of this run kept in memory (the app's lists are never touched), passwords only in
// memory, and the app's known_hosts (or the one named) deciding on host keys.
import type { z } from 'zod';
import { hostInputSchema, routerInputSchema } from '../../shared/contract';
import type { HostProfile, RouterProfile } from '../../shared/domain';
import { configPaths, defaultConfigDir } from '../config/configDir';
import { MemoryDocument } from '../config/configFiles';
import type { HostsFileContent } from '../config/hostProfiles';
import type { StoredRouter } from '../config/routerProfiles';
import { MemorySecretStore } from '../config/secretStore';
import { createCollectorFactory } from '../hosts/hostCollectors';
import { EventBus } from '../services/eventBus';
import { HostKeyDecisions } from '../services/hostKeyDecisions';
import { HostService } from '../services/hostService';
import { EVIDENCE_NOT_KEPT } from '../services/evidenceRecorder';
import { LogBook } from '../services/logBook';
import { RouterService } from '../services/routerService';
import { KnownHostsFile } from '../ssh/knownHosts';
import type { CliContext } from './cliCommand';
import { UsageError } from './cliOptions';
import { reportProgress } from './progressReport';
import { commandLineCases, openLiveCase } from './caseOption';
import type { CaseService } from '../services/caseService';
import { TerminalService } from '../terminal/terminalService';

export interface CliServicesOptions {
  /** known_hosts to verify against; default: the app's own. */
  knownHostsPath?: string | undefined;
  /** Trust and store a key never seen before (a changed key is refused all the same). */
  acceptNewHostKeys?: boolean | undefined;
  /** Each operation's progress and connection notes on stderr (default true); a sweep shows its own one line instead. */
  reportProgress?: boolean;
  /** A case file to record into (`--case FILE`); created when missing. */
  caseFile?: string | undefined;
}

export interface CliServices {
  /** What the services report as they work (progress, a watch's snapshots and alert). */
  events: EventBus;
  routers: RouterService;
  hosts: HostService;
  log: LogBook;
  cases: CaseService;
  /** Terminals on this run's routers or on this machine (the analyst running flowpivot may run a shell anyway). */
  terminals: TerminalService;
  /** Adds a router for this run, validated exactly as the window's "add router" is. */
  addRouter(input: z.input<typeof routerInputSchema>): Promise<RouterProfile>;
  /** Adds a host for this run, validated exactly as the window's "add host" is. */
  addHost(input: z.input<typeof hostInputSchema>): Promise<HostProfile>;
  /** Exit code 1 and the sentences when something done was NOT kept in the `--case` file; 0 otherwise. */
  evidenceLost(context: CliContext): number;
  /** Cancels what is running (Ctrl+C) and closes every session. */
  dispose(): void;
}

function validated<T extends z.ZodType>(schema: T, input: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new UsageError(`${what}: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'value'}: ${issue.message}`).join('; ')}`);
  return parsed.data;
}

export async function createCliServices(context: CliContext, options: CliServicesOptions = {}): Promise<CliServices> {
  const events = new EventBus();
  const log = new LogBook(events);
  const knownHosts = new KnownHostsFile(options.knownHostsPath ?? configPaths(defaultConfigDir(context.env)).knownHosts);
  const hostKeys = new HostKeyDecisions(knownHosts, log, { acceptNew: options.acceptNewHostKeys === true });
  const secrets = new MemorySecretStore();
  const routers = new RouterService(new MemoryDocument<StoredRouter[]>([]), secrets, hostKeys, events, log);
  const hosts = new HostService(
    new MemoryDocument<HostsFileContent>({ version: 1, hosts: [], toolPaths: { psexec: null, pslist: null, pskill: null } }),
    secrets,
    hostKeys,
    createCollectorFactory(),
    events,
    log,
  );
  await Promise.all([routers.load(), hosts.load()]);
  const cases = commandLineCases(events, log);
  if (options.caseFile !== undefined) {
    await openLiveCase(cases, options.caseFile);
    routers.recordInto(cases);
    hosts.recordInto(cases);
  }
  const terminals = new TerminalService(routers, events, log, { allowLocalShell: true, env: context.env });
  if (options.caseFile !== undefined) terminals.recordInto(cases);
  const stopReporting = options.reportProgress === false ? () => undefined : reportProgress(events, context);
  return {
    events,
    routers,
    hosts,
    log,
    cases,
    terminals,
    evidenceLost(context) {
      const lost = log.list().filter((entry) => entry.detail === EVIDENCE_NOT_KEPT);
      for (const entry of lost) context.stderr(`flowpivot: ${entry.message}\n`);
      return lost.length > 0 ? 1 : 0;
    },
    addRouter: (input) => routers.add(validated(routerInputSchema, input, 'router')),
    addHost: (input) => hosts.add(validated(hostInputSchema, input, 'host')),
    dispose() {
      hosts.disposeAll();
      routers.disposeAll();
      cases.closeAll();
      stopReporting();
    },
  };
}
