// App info, start-up, and the line to main: subscribes to events and (re)loads everything after a reconnect.
import type { AppInfo } from '../../../shared/domain';
import type { LinkState } from '../api/createApi';
import type { SliceCreator } from './types';

export type BootState = { state: 'loading' } | { state: 'ready' } | { state: 'failed'; message: string };

export interface SessionSlice {
  info: AppInfo | null;
  boot: BootState;
  link: LinkState;
  /** Subscribes to main's events and loads the initial state; returns the unsubscribe. */
  start(): () => void;
  reload(): Promise<void>;
}

export const createSessionSlice: SliceCreator<SessionSlice> = (api) => (set, get) => ({
  info: null,
  boot: { state: 'loading' },
  link: api.link(),

  start() {
    const unsubscribers = [
      api.on('router.status', (status) => get().applyStatus(status)),
      api.on('router.progress', (progress) => get().applyProgress(progress)),
      api.on('log.entry', (entry) => get().appendLog(entry)),
      api.on('host.progress', (progress) => get().applyHostProgress(progress)),
      api.on('case.changed', (summary) => get().applyCaseChanged(summary)),
      api.on('collectMany.host', (event) => get().applyCollectManyHost(event)),
      api.on('collectMany.progress', (progress) => get().applyCollectManyProgress(progress)),
      api.on('collector.stats', (status) => get().applyCollectorStats(status)),
      api.on('collector.collection', (collection) => get().applyCollectorCollection(collection)),
      api.on('watch.progress', (progress) => get().applyWatchProgress(progress)),
      api.on('watch.alert', (alert) => get().applyWatchAlert(alert)),
      api.on('terminal.output', (output) => get().applyTerminalOutput(output)),
      api.on('terminal.exit', (exit) => get().applyTerminalExit(exit)),
      api.onLinkChange((link) => {
        const wasDown = get().link.state !== 'open';
        set({ link });
        // Events sent while the line was down are lost: read the state again.
        if (link.state === 'open' && wasDown && get().boot.state !== 'loading') void get().reload();
      }),
    ];
    void get().reload();
    return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
  },

  async reload() {
    const loads = [
      api.call('app.info', {}),
      get().loadRouters(),
      get().loadStatuses(),
      get().loadHosts(),
      get().loadLog(),
      get().loadLab(),
      get().loadSettings(),
      get().loadCollector(),
    ] as const;
    // Asked for last, and not waited for: a reviewed case may hold a million flows, and the window (its grids) is
    // built while they are on their way.
    const caseLoaded = get().loadCase();
    const [info] = await Promise.allSettled(loads);
    if (info.status === 'fulfilled') {
      set({ info: info.value, boot: { state: 'ready' } });
    } else {
      const message = info.reason instanceof Error ? info.reason.message : String(info.reason);
      set({ boot: { state: 'failed', message } });
    }
    await caseLoaded;
  },
});
