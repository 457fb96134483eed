// The embedded lab router: whether it runs, its credentials and fingerprint, start and stop.
import type { LabInfo, LabScenarioInfo } from '../../../shared/domain';
import type { SliceCreator } from './types';

export interface LabSlice {
  lab: LabInfo | null;
  labScenarios: LabScenarioInfo[];
  labBusy: 'starting' | 'stopping' | null;
  loadLab(): Promise<void>;
  startLab(scenario?: string): Promise<void>;
  stopLab(): Promise<void>;
}

export const createLabSlice: SliceCreator<LabSlice> = (api) => (set, get) => ({
  lab: null,
  labScenarios: [],
  labBusy: null,

  async loadLab() {
    try {
      const [lab, labScenarios] = await Promise.all([api.call('lab.status', {}), api.call('lab.scenarios', {})]);
      set({ lab, labScenarios });
    } catch (error) {
      get().reportError(error);
    }
  },

  async startLab(scenario) {
    set({ labBusy: 'starting' });
    try {
      const lab = await api.call('lab.start', scenario ? { scenario } : {});
      set({ lab });
      // lab.start adds the lab's router to the router list and its fleet's hosts to the host list.
      await Promise.all([get().loadRouters(), get().loadHosts()]);
      await get().loadStatuses();
    } catch (error) {
      get().reportError(error);
    } finally {
      set({ labBusy: null });
    }
  },

  async stopLab() {
    set({ labBusy: 'stopping' });
    try {
      await api.call('lab.stop', {});
      set({ lab: null });
      await Promise.all([get().loadStatuses(), get().loadHosts()]);
    } catch (error) {
      get().reportError(error);
    } finally {
      set({ labBusy: null });
    }
  },
});
