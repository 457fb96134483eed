// Routers: profiles, live status and progress from main's events, and the actions on one router.
import type { RouterInput } from '../../../shared/contract';
import type { RouterProfile, RouterStatus } from '../../../shared/domain';
import { upsertById, without } from './copyOnWrite';
import { refusedReadOnly } from './readOnly';
import type { RetryableAction, SliceCreator } from './types';

export type RouterAction = 'connect' | 'collect' | 'disconnect' | 'remove';

export interface RouterProgress {
  command: string;
  receivedBytes: number;
}

export interface RoutersSlice {
  routers: RouterProfile[];
  statuses: Record<string, RouterStatus>;
  progress: Record<string, RouterProgress>;
  /** The action in flight per router id; its buttons are disabled meanwhile. */
  busy: Record<string, RouterAction>;
  loadRouters(): Promise<void>;
  loadStatuses(): Promise<void>;
  applyStatus(status: RouterStatus): void;
  applyProgress(progress: { routerId: string } & RouterProgress): void;
  connectRouter(routerId: string): Promise<void>;
  collectFlows(routerId: string): Promise<void>;
  /** Runs connect or collect again, e.g. after a host key was accepted. */
  /** Runs again what a host-key decision interrupted, on the router or host `deviceId`. */
  retry(deviceId: string, action: RetryableAction): Promise<void>;
  disconnectRouter(routerId: string): Promise<void>;
  removeRouter(routerId: string): Promise<void>;
  /** Adds (routerId null) or updates a router from the form; errors stay in the open dialog. */
  saveRouter(routerId: string | null, input: RouterInput): Promise<void>;
  setLegacyAlgorithms(routerId: string, enabled: boolean): Promise<void>;
}

export const createRoutersSlice: SliceCreator<RoutersSlice> = (api) => (set, get) => {
  /** Marks the router busy for the duration of `work`; failures go to the error handling with what to retry. */
  async function withBusy(routerId: string, action: RouterAction, work: () => Promise<void>): Promise<void> {
    if (refusedReadOnly(get())) return;
    set((s) => ({ busy: { ...s.busy, [routerId]: action } }));
    try {
      await work();
    } catch (error) {
      const retry: RetryableAction | undefined = action === 'connect' || action === 'collect' ? action : undefined;
      get().reportError(error, { deviceId: routerId, retry });
    } finally {
      set((s) => ({ busy: without(s.busy, routerId), progress: without(s.progress, routerId) }));
    }
  }

  return {
    routers: [],
    statuses: {},
    progress: {},
    busy: {},

    async loadRouters() {
      try {
        set({ routers: await api.call('routers.list', {}) });
      } catch (error) {
        get().reportError(error);
      }
    },

    async loadStatuses() {
      try {
        const list = await api.call('routers.status', {});
        set({ statuses: Object.fromEntries(list.map((status) => [status.routerId, status])) });
      } catch (error) {
        get().reportError(error);
      }
    },

    applyStatus(status) {
      set((s) => ({ statuses: { ...s.statuses, [status.routerId]: status } }));
    },

    applyProgress({ routerId, command, receivedBytes }) {
      set((s) => ({ progress: { ...s.progress, [routerId]: { command, receivedBytes } } }));
    },

    connectRouter(routerId) {
      return withBusy(routerId, 'connect', async () => {
        get().applyStatus(await api.call('routers.connect', { id: routerId }));
      });
    },

    collectFlows(routerId) {
      return withBusy(routerId, 'collect', async () => {
        const collection = await api.call('routers.collectFlows', { id: routerId });
        get().addCollection(routerId, collection);
      });
    },

    retry(deviceId, action) {
      switch (action) {
        case 'connect':
          return get().connectRouter(deviceId);
        case 'collect':
          return get().collectFlows(deviceId);
        case 'host-connections':
          return get().collectConnections(deviceId);
        case 'host-processes':
          return get().collectProcesses(deviceId);
        case 'terminal':
          return get().openTerminal({ router: deviceId });
      }
    },

    disconnectRouter(routerId) {
      return withBusy(routerId, 'disconnect', async () => {
        get().applyStatus(await api.call('routers.disconnect', { id: routerId }));
      });
    },

    removeRouter(routerId) {
      get().closeDialog();
      return withBusy(routerId, 'remove', async () => {
        await api.call('routers.remove', { id: routerId });
        set((s) => ({ routers: s.routers.filter((r) => r.id !== routerId), statuses: without(s.statuses, routerId) }));
      });
    },

    async saveRouter(routerId, input) {
      set({ dialogBusy: true, dialogError: null });
      try {
        const saved = routerId === null
          ? await api.call('routers.add', input)
          : await api.call('routers.update', { id: routerId, changes: input });
        set((s) => ({ routers: upsertById(s.routers, saved) }));
        get().closeDialog();
      } catch (error) {
        set({ dialogError: error instanceof Error ? error.message : String(error) });
      } finally {
        set({ dialogBusy: false });
      }
    },

    async setLegacyAlgorithms(routerId, enabled) {
      const saved = await api.call('routers.update', { id: routerId, changes: { legacyAlgorithms: enabled } });
      set((s) => ({ routers: upsertById(s.routers, saved) }));
    },
  };
};
