// The embedded lab router: whether it runs, its credentials and fingerprint, start and stop; the fleet's PID-reuse demo.
import type { LabInfo, LabScenarioInfo } from '../../../shared/domain';
import { refusedReadOnly } from './readOnly';
import type { SliceCreator } from './types';

export interface LabSlice {
  lab: LabInfo | null;
  labScenarios: LabScenarioInfo[];
  labBusy: 'starting' | 'stopping' | 'simulating' | null;
  loadLab(): Promise<void>;
  startLab(scenario?: string): Promise<void>;
  stopLab(): Promise<void>;
  /** Ends the lab host's process and gives its PID to another image, so a kill from the old listing meets PID reuse. */
  simulatePidReuse(host: string, pid: number): Promise<void>;
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
    if (refusedReadOnly(get())) return;
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

  async simulatePidReuse(host, pid) {
    if (refusedReadOnly(get())) return;
    set({ labBusy: 'simulating' });
    try {
      const reuse = await api.call('lab.simulatePidReuse', { host, pid });
      get().notify(`Lab: ${reuse.previousName} (PID ${reuse.pid}) on ${reuse.host} ended and ${reuse.newName} now has PID ${reuse.pid}. The listing shown still says ${reuse.previousName}, as after a real PID reuse.`);
    } catch (error) {
      get().reportError(error);
    } finally {
      set({ labBusy: null });
    }
  },

  async stopLab() {
    if (refusedReadOnly(get())) return;
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
