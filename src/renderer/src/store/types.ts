// The combined store's shape and the signature every slice shares.
import type { StateCreator } from 'zustand';
import type { RendererApi } from '../api/createApi';
import type { CaseSlice } from './caseSlice';
import type { CollectManySlice } from './collectManySlice';
import type { CollectorSlice } from './collectorSlice';
import type { FlowsSlice } from './flowsSlice';
import type { HostsSlice } from './hostsSlice';
import type { LabSlice } from './labSlice';
import type { LogSlice } from './logSlice';
import type { PivotSlice } from './pivotSlice';
import type { RoutersSlice } from './routersSlice';
import type { SessionSlice } from './sessionSlice';
import type { SettingsSlice } from './settingsSlice';
import type { UiSlice } from './uiSlice';
import type { WatchSlice } from './watchSlice';
import type { TerminalSlice } from './terminalSlice';

export type AppState = SessionSlice & RoutersSlice & FlowsSlice & HostsSlice & LogSlice & LabSlice & UiSlice & PivotSlice & SettingsSlice & CaseSlice & CollectManySlice & CollectorSlice & WatchSlice & TerminalSlice;

/** A slice sees the whole store (to call other slices' actions) and the API it was built with. */
export type SliceCreator<TSlice> = (api: RendererApi) => StateCreator<AppState, [], [], TSlice>;

/** The actions on a router that can fail with a host-key question and be tried again once it is answered. */
/** What a host-key decision retries: a router's connect or flow collection, or a host's collection over SSH. */
export type RetryableAction = 'connect' | 'collect' | 'host-connections' | 'host-processes' | 'terminal';
