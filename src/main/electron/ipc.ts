// The Electron adapter: every contract method becomes one ipcMain handler, generic over the contract; events go to the window.
import { ipcMain, type WebContents } from 'electron';
import { ipcChannelPrefix, ipcEventChannel, methodNames } from '../../shared/contract';
import type { Services } from '../api/createServices';
import { isTrustedSenderUrl } from './security';

export function registerIpc(services: Services, rendererUrl: string): () => void {
  for (const method of methodNames) {
    ipcMain.handle(`${ipcChannelPrefix}${method}`, (event, input: unknown) => {
      if (!isTrustedSenderUrl(event.senderFrame?.url, rendererUrl)) {
        return { ok: false, error: { kind: 'internal', detail: 'call refused: it did not come from the FlowPivot window' } };
      }
      return services.dispatch(method, input);
    });
  }
  return () => methodNames.forEach((method) => ipcMain.removeHandler(`${ipcChannelPrefix}${method}`));
}

export function forwardEvents(services: Services, contents: WebContents): () => void {
  return services.events.subscribe((event, payload) => {
    if (!contents.isDestroyed()) contents.send(ipcEventChannel, event, payload);
  });
}
