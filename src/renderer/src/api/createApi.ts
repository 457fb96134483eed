// Picks the adapter: the Electron preload's bridge when present, otherwise the browser preview's WebSocket.
import { createBridgeApi } from './bridgeApi';
import type { RendererApi } from './link';
import { createPreviewApi, takePreviewToken } from './previewApi';

export function createApi(): RendererApi {
  if (window.flowpivot) return createBridgeApi(window.flowpivot);
  return createPreviewApi(takePreviewToken());
}

export { ApiError, TransportError } from './ApiError';
export type { LinkState, RendererApi } from './link';
