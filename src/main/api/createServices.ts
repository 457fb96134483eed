// The composition root: builds every main-process service once and exposes them through one dispatcher and one event bus.
import { mkdir } from 'node:fs/promises';
import { flowCollectionOf, type AppInfo } from '../../shared/domain';
import { configPaths } from '../config/configDir';
import { HostProfileFile } from '../config/hostProfiles';
import { RouterProfileFile } from '../config/routerProfiles';
import { SettingsFile } from '../config/settingsFile';
import { createCollectorFactory, type CollectorFactoryOptions } from '../hosts/hostCollectors';
import { HostService } from '../services/hostService';
import type { SecretStore } from '../config/secretStore';
import { KnownHostsFile } from '../ssh/knownHosts';
import { EventBus } from '../services/eventBus';
import { HostKeyDecisions } from '../services/hostKeyDecisions';
import { LabService } from '../services/labService';
import { LogBook } from '../services/logBook';
import { RouterService } from '../services/routerService';
import { SettingsService } from '../services/settingsService';
import { CaseService } from '../services/caseService';
import { CollectManyService } from '../services/collectManyService';
import { WatchService } from '../services/watchService';
import { RecentCasesFile } from '../config/recentCases';
import { TerminalService } from '../terminal/terminalService';
import { createDispatcher, type Dispatch, type Handlers } from './dispatcher';
import { appVersion } from './appVersion';
import { FlowCollectorService } from '../netflow/flowCollectorService';
import { exportLabFlows } from '../lab/netflow/labFlowExporter';

export interface ServicesOptions {
  configDir: string;
  secrets: SecretStore;
  mode: AppInfo['mode'];
  /** Start the embedded lab at once and list its router (the demo default of `npm start`). */
  startLab?: boolean | string;
  /** How host tools are run (tests pass a console runner to exercise node-pty). */
  collectors?: CollectorFactoryOptions;
  /**
   * Whether terminal.open may start a shell on this machine (default: yes, unless FLOWPIVOT_NO_LOCAL_SHELL=1). It runs
   * anything typed, for whoever holds the API: the window, or the preview's token.
   */
  localShell?: boolean;
}

export interface Services {
  dispatch: Dispatch;
  events: EventBus;
  routers: RouterService;
  hosts: HostService;
  lab: LabService;
  settings: SettingsService;
  cases: CaseService;
  log: LogBook;
  collector: FlowCollectorService;
  terminals: TerminalService;
  dispose(): Promise<void>;
}

export async function createServices(options: ServicesOptions): Promise<Services> {
  await mkdir(options.configDir, { recursive: true, mode: 0o700 });
  const paths = configPaths(options.configDir);
  const events = new EventBus();
  const log = new LogBook(events);
  const hostKeys = new HostKeyDecisions(new KnownHostsFile(paths.knownHosts), log);
  const routers = new RouterService(new RouterProfileFile(paths.routers), options.secrets, hostKeys, events, log);
  await routers.load();
  /** No router configured before this launch: the window offers the embedded lab. */
  const firstRun = routers.count === 0;
  const hosts = new HostService(new HostProfileFile(paths.hosts), options.secrets, hostKeys, createCollectorFactory(options.collectors), events, log);
  await hosts.load();
  const lab = new LabService(routers, hosts, log, paths.labHostKey);
  const settings = new SettingsService(new SettingsFile(paths.settings));
  await settings.load();
  const cases = new CaseService(new RecentCasesFile(paths.recentCases), paths.cases, events, log, `FlowPivot ${appVersion}`);
  routers.recordInto(cases);
  hosts.recordInto(cases);
  const collectMany = new CollectManyService(hosts, events);
  const collector = new FlowCollectorService(events, log);
  collector.recordInto(cases);
  const watches = new WatchService(hosts, events, log);
  const terminals = new TerminalService(routers, events, log, { allowLocalShell: options.localShell ?? process.env.FLOWPIVOT_NO_LOCAL_SHELL !== '1' });
  terminals.recordInto(cases);

  const handlers: Handlers = {
    'app.info': () => ({ version: appVersion, mode: options.mode, firstRun, secretsPersisted: options.secrets.persistent, configDir: options.configDir }),
    'routers.list': () => routers.list(),
    'routers.add': (input) => routers.add(input),
    'routers.update': ({ id, changes }) => routers.update(id, changes),
    'routers.remove': ({ id }) => routers.remove(id),
    'routers.status': () => routers.allStatuses(),
    'routers.connect': ({ id }) => routers.connect(id),
    'routers.disconnect': ({ id }) => routers.disconnect(id),
    'routers.collectFlows': async ({ id }) => flowCollectionOf(await routers.collectFlows(id)),
    'hostKeys.accept': ({ id, fingerprint }) => (hosts.has(id) ? hosts.acceptHostKey(id, fingerprint) : routers.acceptHostKey(id, fingerprint)),
    'hostKeys.forget': ({ id }) => (hosts.has(id) ? hosts.forgetHostKey(id) : routers.forgetHostKey(id)),
    'hosts.list': () => hosts.list(),
    'hosts.add': (input) => hosts.add(input),
    'hosts.update': ({ id, changes }) => hosts.update(id, changes),
    'hosts.remove': ({ id }) => hosts.remove(id),
    'hosts.collectConnections': ({ id, withOwners }) => hosts.collectConnections(id, withOwners),
    'hosts.collectProcesses': ({ id }) => hosts.collectProcesses(id),
    'hosts.cancel': ({ id }) => hosts.cancel(id),
    'hosts.collectMany': ({ sweepId, ids, ...options }) => collectMany.collect({ sweepId, hostIds: ids, ...options }),
    'hosts.cancelCollectMany': ({ sweepId }) => collectMany.cancel(sweepId),
    'hosts.kill': ({ id, ...request }) => hosts.kill(id, request),
    'tools.status': () => hosts.toolStatus(),
    'tools.setPath': ({ tool, path }) => hosts.setToolPath(tool, path),
    'log.list': () => log.list(),
    'log.detail': ({ id }) => log.detail(id),
    'lab.scenarios': () => lab.scenarios(),
    'lab.status': () => lab.status(),
    'lab.start': ({ scenario }) => lab.start(scenario),
    'lab.stop': () => lab.stop(),
    'lab.simulatePidReuse': ({ host, pid }) => lab.simulatePidReuse(host, pid),
    'case.live': () => cases.live(),
    'case.create': (input) => cases.create(input),
    'case.open': (input) => cases.openCase(input),
    'case.close': ({ handle }) => cases.close(handle),
    'case.recent': () => cases.recent(),
    'case.contents': ({ handle }) => cases.contents(handle),
    'case.raw': ({ handle, collectionId }) => cases.raw(handle, collectionId),
    'case.verify': ({ handle }) => cases.verify(handle),
    'case.addNote': ({ handle, ...note }) => cases.addNote(handle, note),
    'case.updateNote': ({ handle, noteId, ...changes }) => cases.updateNote(handle, noteId, changes),
    'case.markFinding': ({ handle, finding }) => cases.markFinding(handle, finding),
    'case.import': ({ handle, files }) => cases.importFiles(handle, files),
    'case.report': ({ handle }) => cases.report(handle),
    'settings.get': () => settings.get(),
    'settings.update': (changes) => settings.update(changes),
    'collector.start': (input) => collector.start(input),
    'collector.stop': () => collector.stop(),
    'collector.status': () => collector.status(),
    'lab.exportFlows': (input) => exportLabFlows(input),
    'hosts.watch': (request) => watches.watch(request),
    'hosts.cancelWatch': ({ id }) => watches.cancel(id),
    'terminal.open': ({ target, cols, rows }) => terminals.open(target, { cols, rows }),
    'terminal.input': ({ sessionId, data }) => terminals.input(sessionId, data),
    'terminal.resize': ({ sessionId, cols, rows }) => terminals.resize(sessionId, cols, rows),
    'terminal.close': ({ sessionId }) => terminals.close(sessionId),
    'terminal.list': () => terminals.list(),
  };

  const dispatch = createDispatcher(handlers, (error, method) => {
    log.add({ level: 'error', kind: 'error', routerId: null, device: null, command: null, message: `Internal error in ${method}: ${(error as Error)?.message ?? String(error)}`, detail: (error as Error)?.stack ?? null });
  });

  if (options.startLab) await lab.start(typeof options.startLab === 'string' ? options.startLab : undefined);

  return {
    dispatch,
    events,
    routers,
    hosts,
    lab,
    settings,
    cases,
    log,
    collector,
    terminals,
    async dispose() {
      // First, while the case is open: each terminal's last part of its transcript goes into it.
      await terminals.disposeAll();
      await collector.dispose();
      collectMany.disposeAll();
      watches.disposeAll();
      routers.disposeAll();
      hosts.disposeAll();
      cases.closeAll();
      await lab.stop();
    },
  };
}
