// How the renderer reaches the engine: the Electron preload bridge (window.depthswap) or, in any Chromium,
// `depthswap serve` over a WebSocket. Both speak the contract's Response shape.
import type { Response } from '../../src-shared/api/contract.ts';

export interface Transport {
  kind: 'electron' | 'browser';
  call(method: string, args: unknown): Promise<Response>;
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
  /** Absolute URL of a same-origin API path (adds the session token in the browser). */
  url(pathAndQuery: string): string;
  /** The file system path of a dropped file (Electron only). */
  pathForFile(file: File): string | null;
}

/** What src-main/shell/preload.ts exposes through contextBridge. */
export interface PreloadBridge {
  call(method: string, args: unknown): Promise<Response>;
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
  pathForFile(file: File): string;
}

declare global {
  interface Window {
    depthswap?: PreloadBridge;
  }
}

export function electronTransport(bridge: PreloadBridge): Transport {
  return {
    kind: 'electron',
    call: (m, a) => bridge.call(m, a),
    onEvent: (l) => bridge.onEvent(l),
    url: (p) => p,
    pathForFile: (f) => bridge.pathForFile(f) || null,
  };
}

export function websocketTransport(token: string, onClosed: (why: string) => void): Transport {
  const listeners = new Set<(name: string, payload: unknown) => void>();
  const pending = new Map<number, (r: Response) => void>();
  let nextId = 1;
  const ws = new WebSocket(`ws://${location.host}/api/ws?token=${encodeURIComponent(token)}`);
  const opened = new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve(), { once: true });
    ws.addEventListener(
      'error',
      () => reject(new Error('could not connect to the engine (depthswap serve)')),
      {
        once: true,
      },
    );
  });
  ws.addEventListener('message', (ev) => {
    const msg = JSON.parse(String(ev.data)) as {
      id?: number;
      response?: Response;
      event?: string;
      payload?: unknown;
    };
    if (typeof msg.id === 'number' && msg.response) {
      pending.get(msg.id)?.(msg.response);
      pending.delete(msg.id);
    } else if (typeof msg.event === 'string') {
      for (const l of listeners) l(msg.event, msg.payload);
    }
  });
  ws.addEventListener('close', () => {
    const why = 'the connection to the engine closed (is depthswap serve still running?)';
    for (const resolve of pending.values())
      resolve({ ok: false, error: { code: 'disconnected', message: why } });
    pending.clear();
    onClosed(why);
  });
  return {
    kind: 'browser',
    async call(method, args) {
      await opened;
      const id = nextId++;
      return new Promise<Response>((resolve) => {
        pending.set(id, resolve);
        ws.send(JSON.stringify({ id, method, args }));
      });
    },
    onEvent(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    url: (p) => `${p}${p.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`,
    pathForFile: () => null,
  };
}
