// Vite's client types for the renderer: import.meta.env and CSS imports.
/// <reference types="vite/client" />

import type { FlowPivotBridge } from '../../shared/contract';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in the browser preview. */
    flowpivot?: FlowPivotBridge;
  }
}
