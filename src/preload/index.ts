// Exposes exactly the contract's methods (one channel prefix) and its events to the renderer; nothing else, never ipcRenderer.
import { contextBridge, ipcRenderer } from 'electron';
import { eventNames, ipcChannelPrefix, ipcEventChannel, isMethodName, type Envelope, type FlowPivotBridge } from '../shared/contract';

const bridge: FlowPivotBridge = {
  invoke(method, input) {
    if (!isMethodName(method)) return Promise.resolve<Envelope<unknown>>({ ok: false, error: { kind: 'unknown-method', method: String(method) } });
    return ipcRenderer.invoke(`${ipcChannelPrefix}${method}`, input) as Promise<Envelope<unknown>>;
  },
  subscribe(listener) {
    const handler = (_event: Electron.IpcRendererEvent, name: string, payload: unknown) => {
      if ((eventNames as string[]).includes(name)) listener(name, payload);
    };
    ipcRenderer.on(ipcEventChannel, handler);
    return () => ipcRenderer.removeListener(ipcEventChannel, handler);
  },
};

contextBridge.exposeInMainWorld('flowpivot', bridge);
