// Preload (sandboxed, context-isolated): exposes exactly the typed API bridge, nothing of Node or Electron.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { IpcRendererEvent } from 'electron';

const API_CALL_CHANNEL = 'api:call';
const API_EVENT_CHANNEL = 'api:event';

contextBridge.exposeInMainWorld('depthswap', {
  call: (method: string, args: unknown) => ipcRenderer.invoke(API_CALL_CHANNEL, method, args),
  onEvent: (listener: (name: string, payload: unknown) => void) => {
    const handler = (_e: IpcRendererEvent, name: string, payload: unknown) => listener(name, payload);
    ipcRenderer.on(API_EVENT_CHANNEL, handler);
    return () => ipcRenderer.removeListener(API_EVENT_CHANNEL, handler);
  },
  pathForFile: (file: File) => webUtils.getPathForFile(file),
});
