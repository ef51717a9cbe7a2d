import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { BridgeEvent, KioskBridge } from '../api/ipc-bridge';
import { IPC_EVENT, IPC_INVOKE, IPC_SUBSCRIBE, IPC_UNSUBSCRIBE } from '../main/ipc-channels';

// The whole surface the renderer gets: invoke a procedure, subscribe to one.
// No ipcRenderer, no Node, no channel names leak into the page.

let nextId = 1;
const listeners = new Map<number, (e: BridgeEvent) => void>();

ipcRenderer.on(IPC_EVENT, (_event: IpcRendererEvent, message: { id: number } & BridgeEvent) => {
  listeners.get(message.id)?.(message);
  if (message.type !== 'data') listeners.delete(message.id);
});

const bridge: KioskBridge = {
  invoke: (op) => ipcRenderer.invoke(IPC_INVOKE, { type: op.type, path: op.path, input: op.input }),
  subscribe: (op, onEvent) => {
    const id = nextId++;
    listeners.set(id, onEvent);
    ipcRenderer.send(IPC_SUBSCRIBE, { id, path: op.path, input: op.input });
    return () => {
      listeners.delete(id);
      ipcRenderer.send(IPC_UNSUBSCRIBE, id);
    };
  },
};

contextBridge.exposeInMainWorld('kioskBridge', bridge);
