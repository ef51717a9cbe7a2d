// The shape of window.kioskBridge, exposed by the Electron preload and used by the
// renderer's IPC link. Types only.
export type BridgeEvent =
  | { type: 'data'; data: unknown }
  | { type: 'error'; error: { message: string; code: string } }
  | { type: 'stopped' };

export interface KioskBridge {
  invoke(op: { type: 'query' | 'mutation'; path: string; input: unknown }): Promise<{ ok: true; data: unknown } | { ok: false; error: { message: string; code: string } }>;
  subscribe(op: { path: string; input: unknown }, onEvent: (e: BridgeEvent) => void): () => void;
}
