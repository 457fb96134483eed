// The one store, combined from its slices, and the hook components read it through.
import { createContext, useContext } from 'react';
import { createStore, useStore, type StoreApi } from 'zustand';
import type { RendererApi } from '../api/createApi';
import { createCaseSlice } from './caseSlice';
import { createCollectManySlice } from './collectManySlice';
import { createCollectorSlice } from './collectorSlice';
import { createFlowsSlice } from './flowsSlice';
import { createHostsSlice } from './hostsSlice';
import { createLabSlice } from './labSlice';
import { createLogSlice } from './logSlice';
import { createPivotSlice } from './pivotSlice';
import { createRoutersSlice } from './routersSlice';
import { createSessionSlice } from './sessionSlice';
import { createSettingsSlice } from './settingsSlice';
import type { AppState } from './types';
import { createUiSlice } from './uiSlice';
import { createWatchSlice } from './watchSlice';
import { createTerminalSlice } from './terminalSlice';

export type AppStore = StoreApi<AppState>;

export interface StoreOptions {
  /** The case this window reviews read-only (the page's `?case=`); null for the live window. */
  reviewHandle: string | null;
}

export function createAppStore(api: RendererApi, { reviewHandle }: StoreOptions = { reviewHandle: null }): AppStore {
  return createStore<AppState>()((...args) => ({
    ...createSessionSlice(api)(...args),
    ...createRoutersSlice(api)(...args),
    ...createFlowsSlice(api)(...args),
    ...createHostsSlice(api)(...args),
    ...createLogSlice(api)(...args),
    ...createLabSlice(api)(...args),
    ...createUiSlice(api)(...args),
    ...createPivotSlice(api)(...args),
    ...createSettingsSlice(api)(...args),
    ...createCaseSlice(reviewHandle)(api)(...args),
    ...createCollectManySlice(api)(...args),
    ...createCollectorSlice(api)(...args),
    ...createWatchSlice(api)(...args),
    ...createTerminalSlice(api)(...args),
  }));
}

export const StoreContext = createContext<AppStore | null>(null);

/** Reads the store through a selector; return primitives or stable references (or wrap the selector in useShallow). */
export function useAppStore<T>(selector: (state: AppState) => T): T {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppStore is used outside <StoreContext>');
  return useStore(store, selector);
}

/** The store's actions never change, so components can take them without subscribing to anything. */
export function useActions(): AppState {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useActions is used outside <StoreContext>');
  return store.getState();
}
