// The studio's WebSocket endpoint under malformed frames (issue 13): raw bytes over net sockets after a real
// handshake (bad opcode, RSV bits, invalid UTF-8, a 70 MiB message, unmasked and fragmented control frames,
// seeded random frames). Bounded in count and time; afterwards `serve` still answers, and a client that was
// connected all along keeps getting answers.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import net from 'node:net';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../../../src-main/server/serve.ts';
import { testOutputDir } from '../../support/shared-data.ts';

const dir = testOutputDir('hardening-ws-fuzz');
let server: RunningServer;

function frame(opts: {
  opcode: number;
  payload: Buffer;
  fin?: boolean;
  rsv?: number;
  mask?: boolean;
  claimedLength?: number;
}): Buffer {
  const fin = opts.fin ?? true;
  const mask = opts.mask ?? true;
  const len = opts.claimedLength ?? opts.payload.length;
  const head: number[] = [(fin ? 0x80 : 0) | ((opts.rsv ?? 0) << 4) | (opts.opcode & 0x0f)];
  const m = mask ? 0x80 : 0;
  let ext = Buffer.alloc(0);
  if (len < 126) head.push(m | len);
  else if (len < 65536) {
    head.push(m | 126);
    ext = Buffer.alloc(2);
    ext.writeUInt16BE(len);
  } else {
    head.push(m | 127);
    ext = Buffer.alloc(8);
    ext.writeBigUInt64BE(BigInt(len));
  }
  const key = Buffer.from([0x12, 0x34, 0x56, 0x78]);
  const body = Buffer.from(opts.payload);
  if (mask) for (let i = 0; i < body.length; i++) body[i]! ^= key[i % 4]!;
  return Buffer.concat([Buffer.from(head), ext, mask ? key : Buffer.alloc(0), body]);
}

/** Opens a raw, authenticated WebSocket connection; resolves once the server answered 101. */
function rawSocket(): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect(server.port, '127.0.0.1');
    s.on('error', () => undefined);
    const host = `127.0.0.1:${server.port}`;
    s.once('connect', () =>
      s.write(
        `GET /api/ws?token=${server.token} HTTP/1.1\r\nHost: ${host}\r\nOrigin: http://${host}\r\n` +
          'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n' +
          'Sec-WebSocket-Version: 13\r\n\r\n',
      ),
    );
    s.once('data', (d) =>
      d.toString().startsWith('HTTP/1.1 101') ? resolve(s) : reject(new Error(d.toString())),
    );
    setTimeout(() => reject(new Error('no handshake')), 5000).unref();
  });
}

/** Sends bytes and waits until the server closes the connection (or a short while passes). */
async function sendAndWait(bytes: Buffer[], waitMs = 1500): Promise<void> {
  const s = await rawSocket();
  await new Promise<void>((resolve) => {
    const t = setTimeout(() => {
      s.destroy();
      resolve();
    }, waitMs);
    s.once('close', () => {
      clearTimeout(t);
      resolve();
    });
    for (const b of bytes) if (!s.destroyed) s.write(b);
  });
}

function healthyClient(): Promise<WebSocket> {
  const host = `127.0.0.1:${server.port}`;
  const ws = new WebSocket(`ws://${host}/api/ws?token=${server.token}`, { origin: `http://${host}` });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

let nextId = 1;
function call(ws: WebSocket, method: string, args: unknown = {}): Promise<{ ok: boolean }> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer to ${method}`)), 10_000);
    const on = (data: WebSocket.RawData) => {
      const msg = JSON.parse(data.toString()) as { id?: number; response?: { ok: boolean } };
      if (msg.id === id && msg.response) {
        clearTimeout(t);
        ws.off('message', on);
        resolve(msg.response);
      }
    };
    ws.on('message', on);
    ws.send(JSON.stringify({ id, method, args }));
  });
}

/** Deterministic pseudo-random bytes (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const text = (s: string) => Buffer.from(s, 'utf8');

describe('the WebSocket endpoint under malformed frames', () => {
  beforeAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(path.join(dir, 'renderer'), { recursive: true });
    writeFileSync(path.join(dir, 'renderer', 'index.html'), '<!doctype html><title>t</title>');
    server = await startServer({
      port: 0,
      rendererDir: path.join(dir, 'renderer'),
      stateDir: path.join(dir, 'state'),
      home: dir,
      version: 't',
    });
  });
  afterAll(async () => server?.close());

  const cases: { name: string; bytes: () => Buffer[] }[] = [
    { name: 'a reserved opcode (0x3)', bytes: () => [frame({ opcode: 0x3, payload: text('x') })] },
    { name: 'a reserved control opcode (0xB)', bytes: () => [frame({ opcode: 0xb, payload: text('x') })] },
    {
      name: 'RSV1 set without an extension',
      bytes: () => [frame({ opcode: 0x1, payload: text('{}'), rsv: 4 })],
    },
    { name: 'RSV2 and RSV3 set', bytes: () => [frame({ opcode: 0x1, payload: text('{}'), rsv: 3 })] },
    {
      name: 'invalid UTF-8 in a text frame',
      bytes: () => [frame({ opcode: 0x1, payload: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) })],
    },
    {
      name: 'an unmasked client frame',
      bytes: () => [frame({ opcode: 0x1, payload: text('{}'), mask: false })],
    },
    {
      name: 'a ping longer than 125 bytes',
      bytes: () => [frame({ opcode: 0x9, payload: Buffer.alloc(200, 1) })],
    },
    { name: 'a fragmented ping', bytes: () => [frame({ opcode: 0x9, payload: text('p'), fin: false })] },
    {
      name: 'a continuation with nothing to continue',
      bytes: () => [frame({ opcode: 0x0, payload: text('x') })],
    },
    {
      name: 'a close frame with an invalid code (1005)',
      bytes: () => [frame({ opcode: 0x8, payload: Buffer.from([0x03, 0xed]) })],
    },
    {
      name: 'a 70 MiB message (header and the first MiB)',
      bytes: () => [
        frame({ opcode: 0x1, payload: Buffer.alloc(0), claimedLength: 70 * 1024 * 1024 }),
        Buffer.alloc(1024 * 1024, 0x61),
      ],
    },
    {
      name: 'a 17 MiB message sent in full',
      bytes: () => [frame({ opcode: 0x1, payload: Buffer.alloc(17 * 1024 * 1024, 0x20) })],
    },
    { name: 'a binary frame', bytes: () => [frame({ opcode: 0x2, payload: Buffer.from([1, 2, 3]) })] },
    { name: 'text that is not JSON', bytes: () => [frame({ opcode: 0x1, payload: text('hello {') })] },
    {
      name: 'JSON nested 100,000 deep',
      bytes: () => [frame({ opcode: 0x1, payload: text('['.repeat(100_000) + ']'.repeat(100_000)) })],
    },
    {
      name: 'a request for an unknown method and bad arguments',
      bytes: () => [
        frame({ opcode: 0x1, payload: text('{"id":1,"method":"no.such","args":{}}') }),
        frame({ opcode: 0x1, payload: text('{"id":2,"method":"fs.list","args":{"dir":"\\u0000"}}') }),
      ],
    },
  ];

  for (const c of cases) {
    it(`survives ${c.name}`, async () => {
      const healthy = await healthyClient();
      await sendAndWait(c.bytes());
      expect((await call(healthy, 'app.info')).ok).toBe(true);
      healthy.close();
    }, 30_000);
  }

  it('survives 200 seeded random frames and answers a client connected all along', async () => {
    const started = performance.now();
    const healthy = await healthyClient();
    const rnd = random(13);
    for (let i = 0; i < 200 && performance.now() - started < 60_000; i++) {
      const len = Math.floor(rnd() * 300);
      const payload = Buffer.from(Array.from({ length: len }, () => Math.floor(rnd() * 256)));
      const opcode = Math.floor(rnd() * 16);
      const raw = rnd() < 0.3;
      const bytes = raw ? payload : frame({ opcode, payload, rsv: rnd() < 0.2 ? 4 : 0, fin: rnd() < 0.9 });
      await sendAndWait([bytes], 150);
      if (i % 50 === 0) expect((await call(healthy, 'app.info')).ok).toBe(true);
    }
    expect((await call(healthy, 'app.info')).ok).toBe(true);
    const late = await healthyClient();
    expect((await call(late, 'project.recent')).ok).toBe(true);
    healthy.close();
    late.close();
  }, 120_000);
});
