// The API over the Electron preload's bridge (window.flowpivot): envelopes in, values or ApiErrors out.
import type { EventName, Events, FlowPivotBridge, MethodInput, MethodName, MethodOutput } from '../../../shared/contract';
import { unwrapEnvelope } from './ApiError';
import { EventHub } from './eventHub';
import type { RendererApi } from './link';

export function createBridgeApi(bridge: FlowPivotBridge): RendererApi {
  const hub = new EventHub();
  bridge.subscribe((event, payload) => hub.emit(event, payload));
  return {
    transport: 'electron',
    async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
      const envelope = await bridge.invoke(method, input);
      return unwrapEnvelope(method, envelope) as MethodOutput<M>;
    },
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void) {
      return hub.on(event, listener);
    },
    // IPC to the own process cannot drop; the window lives and dies with main.
    link: () => ({ state: 'open' }),
    onLinkChange: () => () => undefined,
    // Main opens the window itself, and only for exactly `?case=HANDLE`.
    reviewPageUrl: (handle) => `${location.pathname}?case=${encodeURIComponent(handle)}`,
  };
}
