// `depthswap serve`: the studio API over WebSocket plus frames over HTTP, on 127.0.0.1 only, serving the
// built renderer so that the studio runs in any Chromium. Every API request and frame request carries the
// session token printed at start-up; the Host and Origin headers must be this server (no DNS rebinding).
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { WsRequestSchema, type EventName } from '../../src-shared/api/contract.ts';
import { checkedSink, createDispatcher } from './dispatch.ts';
import { createEngine } from './engine.ts';
import { createHandlers } from './handlers.ts';
import { frameResponse } from './frame-route.ts';
import { AUDIO_PATH, FRAME_PATH } from '../../src-shared/api/contract.ts';
import { audioResponse } from './audio-route.ts';
import { contentTypeOf } from './mime.ts';
import { DEFAULT_DEPTHNET_DIR } from '../depthnet/depthnet.ts';
import { userMessage } from '../util/user-message.ts';
import { parseJsonText } from '../../src-shared/json-text.ts';

export interface ServeOptions {
  port: number;
  rendererDir: string;
  stateDir: string;
  home: string;
  version: string;
  autosaveIntervalMs?: number;
  token?: string;
  /** DepthNet model folder (default: the shipped resources/models/depthnet). */
  modelDir?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Largest WebSocket message accepted: a project with every keyframe is well under 1 MiB. */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

function parseUrl(raw: string | undefined, host: string | undefined): URL | null {
  try {
    return new URL(raw ?? '/', `http://${host ?? '127.0.0.1'}`);
  } catch {
    return null;
  }
}

function rawText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return Buffer.from(data).toString('utf8');
}

export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' blob: data:; connect-src 'self' ws://127.0.0.1:* ws://localhost:*; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  if (!existsSync(path.join(opts.rendererDir, 'index.html'))) {
    throw new Error(
      `the studio UI is not built (${opts.rendererDir}/index.html missing); run 'npm run build' first`,
    );
  }
  const token = opts.token ?? randomBytes(16).toString('hex');
  const sockets = new Set<WebSocket>();
  const emit = checkedSink((name: EventName, payload: unknown) => {
    const text = JSON.stringify({ event: name, payload });
    for (const s of sockets) if (s.readyState === s.OPEN) s.send(text);
  });
  const modelDir = opts.modelDir ?? DEFAULT_DEPTHNET_DIR;
  const backend = createHandlers({
    version: opts.version,
    engine: createEngine(false, modelDir),
    modelDir,
    emit,
    stateDir: opts.stateDir,
    home: opts.home,
    autosaveIntervalMs: opts.autosaveIntervalMs ?? 30_000,
    jobWorkerUrl: new URL('./job-worker.ts', import.meta.url),
  });
  const dispatch = createDispatcher(backend.handlers);
  let port = opts.port;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  const server = http.createServer((req, res) => {
    void (async () => {
      const send = (status: number, headers: Record<string, string>, body: Buffer | string) => {
        res.writeHead(status, { 'x-content-type-options': 'nosniff', ...headers });
        res.end(body);
      };
      if (!allowedHosts().has(req.headers.host ?? '')) return send(403, {}, 'forbidden host');
      const url = parseUrl(req.url, req.headers.host);
      if (!url) return send(400, { 'content-type': 'text/plain' }, 'malformed address');
      if (url.pathname === FRAME_PATH || url.pathname === AUDIO_PATH) {
        if (url.searchParams.get('token') !== token) return send(403, {}, 'bad token');
        const abort = new AbortController();
        res.on('close', () => {
          if (!res.writableFinished) abort.abort(new Error('client went away'));
        });
        const route = url.pathname === FRAME_PATH ? frameResponse : audioResponse;
        const r = await route(url, backend.media, abort.signal);
        if (!res.destroyed) send(r.status, r.headers, r.body);
        return;
      }
      let rel: string;
      try {
        rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
      } catch (err) {
        return send(400, { 'content-type': 'text/plain' }, userMessage(err));
      }
      const file = path.resolve(opts.rendererDir, rel);
      if (!file.startsWith(path.resolve(opts.rendererDir) + path.sep)) return send(403, {}, 'forbidden');
      try {
        const body = await readFile(file);
        const type = contentTypeOf(path.extname(file));
        send(200, { 'content-type': type, 'content-security-policy': CSP }, body);
      } catch {
        send(404, { 'content-type': 'text/plain' }, 'not found');
      }
    })().catch((err: unknown) => {
      // One line, never a stack or file contents.
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(userMessage(err));
    });
  });
  // A broken request line or a client that resets must not take the server down.
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    socket.destroy();
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  wss.on('error', () => undefined);
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const url = parseUrl(req.url, req.headers.host);
    if (!url) {
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    const origin = req.headers.origin ?? '';
    const okOrigin = [...allowedHosts()].some((h) => origin === `http://${h}`);
    if (
      url.pathname !== '/api/ws' ||
      url.searchParams.get('token') !== token ||
      !allowedHosts().has(req.headers.host ?? '') ||
      !okOrigin
    ) {
      socket.write('HTTP/1.1 403 Forbidden\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      // A malformed frame (bad opcode, RSV bits, invalid UTF-8, a message over MAX_MESSAGE_BYTES) is a
      // protocol error of this one client: ws closes it; the server and the other clients go on.
      ws.on('error', () => ws.terminate());
      const reply = (text: string) => {
        if (ws.readyState === ws.OPEN) ws.send(text, (err) => err && ws.terminate());
      };
      ws.on('message', (data, isBinary) => {
        let msg;
        try {
          if (isBinary) throw new Error('binary');
          msg = WsRequestSchema.parse(parseJsonText(rawText(data), 'request'));
        } catch {
          reply(JSON.stringify({ event: 'protocol.error', payload: 'malformed request' }));
          return;
        }
        const { id } = msg;
        dispatch(msg.method, msg.args)
          .then((response) => reply(JSON.stringify({ id, response })))
          .catch((err: unknown) =>
            reply(
              JSON.stringify({
                id,
                response: { ok: false, error: { code: 'failed', message: userMessage(err) } },
              }),
            ),
          );
      });
    });
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port, '127.0.0.1', () => resolve());
    });
  } catch (err) {
    // Not listening (e.g. the port is in use): stop what the backend started (queue runner, autosave,
    // job threads), or the process would stay up doing nothing.
    wss.close();
    await backend.dispose();
    throw err;
  }
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : opts.port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    async close() {
      for (const s of sockets) s.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await backend.dispose();
    },
  };
}
