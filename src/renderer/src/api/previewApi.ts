// The API over the browser preview's WebSocket: calls with incrementing ids, results matched by id, events fanned out.
import type { EventName, Events, MethodInput, MethodName, MethodOutput } from '../../../shared/contract';
import { decodeBinaryValue } from '../../../shared/binaryValue';
import { previewSocketPath, type PreviewClientMessage, type PreviewServerMessage } from '../../../shared/previewProtocol';
import { TransportError, unwrapEnvelope } from './ApiError';
import { EventHub } from './eventHub';
import { pageWithCase, type LinkState, type RendererApi } from './link';

/** Kept per tab so a reload still works after the token was taken out of the address bar. */
const tokenStorageKey = 'flowpivot.previewToken';
const maxReconnectDelayMs = 5000;

/** Takes the per-launch token from `#token=…` and removes it from the URL, so it is not left in history or screenshots. */
export function takePreviewToken(): string | null {
  const fromHash = new URLSearchParams(location.hash.replace(/^#/, '')).get('token');
  if (fromHash) {
    sessionStorage.setItem(tokenStorageKey, fromHash);
    history.replaceState(history.state, '', `${location.pathname}${location.search}`);
    return fromHash;
  }
  return sessionStorage.getItem(tokenStorageKey);
}

interface PendingCall {
  method: string;
  message: PreviewClientMessage;
  sent: boolean;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export function createPreviewApi(token: string | null): RendererApi {
  const hub = new EventHub();
  const linkListeners = new Set<(state: LinkState) => void>();
  const pending = new Map<number, PendingCall>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let everOpened = false;
  let attempt = 0;
  let link: LinkState = token
    ? { state: 'connecting', attempt: 0 }
    : { state: 'closed', reason: 'This page was opened without its access token. Open the address FlowPivot printed when it started (it ends with #token=…).' };

  function setLink(next: LinkState): void {
    link = next;
    for (const listener of [...linkListeners]) listener(next);
  }

  function send(call: PendingCall): void {
    if (socket?.readyState !== WebSocket.OPEN) return;
    socket.send(JSON.stringify(call.message));
    call.sent = true;
  }

  function connect(): void {
    if (!token) return;
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const ws = new WebSocket(`${scheme}://${location.host}${previewSocketPath}?token=${encodeURIComponent(token)}`);
    ws.binaryType = 'arraybuffer';
    socket = ws;
    setLink({ state: 'connecting', attempt });
    ws.addEventListener('open', () => {
      everOpened = true;
      attempt = 0;
      setLink({ state: 'open' });
      for (const call of pending.values()) if (!call.sent) send(call);
    });
    ws.addEventListener('message', (event) => receive(event.data));
    ws.addEventListener('close', (event) => {
      if (socket !== ws) return;
      socket = null;
      const reason = everOpened
        ? `Lost the connection to the FlowPivot preview server (code ${event.code}). Reconnecting…`
        : 'Cannot reach the FlowPivot preview server. If FlowPivot was restarted, open the new address it printed (the token changes with every launch).';
      failPending(reason);
      setLink({ state: 'closed', reason });
      const delay = Math.min(maxReconnectDelayMs, 500 * 2 ** attempt);
      attempt += 1;
      setTimeout(connect, delay);
    });
  }

  function failPending(reason: string): void {
    for (const [id, call] of pending) {
      pending.delete(id);
      const what = call.sent
        ? `${reason} The call ${call.method} was in progress and may still have completed; the log shows what happened.`
        : `${reason} The call ${call.method} was not sent.`;
      call.reject(new TransportError(what));
    }
  }

  function receive(data: unknown): void {
    let message: PreviewServerMessage;
    try {
      message = (data instanceof ArrayBuffer ? decodeBinaryValue(new Uint8Array(data)) : JSON.parse(String(data))) as PreviewServerMessage;
    } catch (error) {
      reportError(new Error(`The preview server sent a message that cannot be read: ${String(error)}`));
      return;
    }
    if (message.type === 'event') {
      hub.emit(message.event, message.payload);
    } else if (message.type === 'result') {
      const call = pending.get(message.id);
      if (!call) {
        reportError(new Error(`The preview server answered call ${message.id}, which is not waiting`));
        return;
      }
      pending.delete(message.id);
      try {
        call.resolve(unwrapEnvelope(call.method, message.envelope));
      } catch (error) {
        call.reject(error as Error);
      }
    } else {
      reportError(new Error(`The preview server sent an unknown message type: ${JSON.stringify((message as { type?: unknown }).type)}`));
    }
  }

  connect();

  return {
    transport: 'preview',
    call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
      if (!token) return Promise.reject(new TransportError(link.state === 'closed' ? link.reason : 'No access token.'));
      return new Promise<MethodOutput<M>>((resolve, reject) => {
        const id = nextId++;
        const call: PendingCall = {
          method,
          message: { type: 'call', id, method, input },
          sent: false,
          resolve: resolve as (value: unknown) => void,
          reject,
        };
        pending.set(id, call);
        // While (re)connecting the call waits for the socket; it fails if that attempt fails.
        send(call);
      });
    },
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void) {
      return hub.on(event, listener);
    },
    link: () => link,
    onLinkChange(listener) {
      linkListeners.add(listener);
      return () => {
        linkListeners.delete(listener);
      };
    },
    // The token travels as in the launch address, in the fragment (never sent to the server), and is taken out again.
    reviewPageUrl: (handle) => `${pageWithCase(handle)}${token ? `#token=${encodeURIComponent(token)}` : ''}`,
  };
}
