// Probe results and encoded frame images, cached so that scrubbing a long clip stays responsive: frames are
// fetched on demand, at most a few ffmpeg grabs run at once, and a request whose client went away is
// cancelled before it costs anything.
import { stat } from 'node:fs/promises';
import type { Engine } from './engine.ts';
import { PathSet } from './path-set.ts';
import type { MediaInfo } from '../../src-shared/media.ts';
import { findProxy } from '../proxy/make-proxy.ts';
import { ProxyReader } from '../proxy/proxy-frames.ts';

export class LruBytes<K> {
  private readonly map = new Map<K, Buffer>();
  private bytes = 0;
  private readonly maxBytes: number;
  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
  }
  get(key: K): Buffer | undefined {
    const v = this.map.get(key);
    if (v) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: K, value: Buffer): void {
    const old = this.map.get(key);
    if (old) this.bytes -= old.length;
    this.map.delete(key);
    this.map.set(key, value);
    this.bytes += value.length;
    for (const [k, v] of this.map) {
      if (this.bytes <= this.maxBytes) break;
      this.map.delete(k);
      this.bytes -= v.length;
    }
  }
  get size(): number {
    return this.map.size;
  }
}

/** A counting semaphore; waiters whose signal aborts leave the queue. */
class Gate {
  private free: number;
  private readonly queue: (() => void)[] = [];
  constructor(n: number) {
    this.free = n;
  }
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.free === 0) {
      await new Promise<void>((resolve, reject) => {
        const go = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = () => {
          const i = this.queue.indexOf(go);
          if (i >= 0) this.queue.splice(i, 1);
          reject(signal?.reason instanceof Error ? signal.reason : new Error('cancelled'));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        this.queue.push(go);
      });
    } else this.free--;
    try {
      return await fn();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.free++;
    }
  }
}

export class MediaCache {
  private readonly engine: Engine;
  /** Media whose frames may be served (imported, in the open project, written by the engine). */
  readonly reachable: PathSet;
  private readonly infos = new Map<string, { mtimeMs: number; info: Promise<MediaInfo> }>();
  private readonly frames = new LruBytes<string>(96 * 1024 * 1024);
  private readonly gate = new Gate(2);
  /** Where scrub proxies and review audio are kept (null: neither). */
  readonly stateDir: string | null;
  /** Open proxy readers by clip path, and when a clip without one was last looked at. */
  private readonly proxies = new Map<string, { mtimeMs: number; reader: ProxyReader }>();
  private readonly proxyMisses = new Map<string, number>();

  constructor(engine: Engine, reachable: PathSet = new PathSet(), stateDir: string | null = null) {
    this.engine = engine;
    this.reachable = reachable;
    this.stateDir = stateDir;
  }
  /** The clip's scrub proxy reader, when a complete proxy of the clip as it is now exists. */
  async proxy(filePath: string): Promise<ProxyReader | null> {
    if (!this.stateDir) return null;
    const { mtimeMs } = await stat(filePath);
    const hit = this.proxies.get(filePath);
    if (hit && hit.mtimeMs === mtimeMs) return hit.reader;
    // A miss is looked up again after a second (the proxy may be being made).
    const missed = this.proxyMisses.get(filePath);
    if (missed !== undefined && performance.now() - missed < 1000) return null;
    const found = await findProxy(filePath, this.stateDir);
    if (!found) {
      this.proxyMisses.set(filePath, performance.now());
      return null;
    }
    this.proxyMisses.delete(filePath);
    if (hit) void hit.reader.close();
    const reader = new ProxyReader(found.indexPath, found.index);
    this.proxies.set(filePath, { mtimeMs, reader });
    return reader;
  }

  /** A proxy was just made: look it up on the next request. */
  proxyChanged(filePath: string): void {
    this.proxyMisses.delete(filePath);
  }

  /**
   * Frame `index` from the clip's scrub proxy (JPEG, reduced size), or null when the clip has none yet
   * (the caller then serves the full frame).
   */
  async proxyFrame(filePath: string, index: number): Promise<Buffer | null> {
    const reader = await this.proxy(filePath);
    return reader ? reader.frame(index) : null;
  }

  async info(filePath: string): Promise<MediaInfo> {
    const { mtimeMs } = await stat(filePath);
    const hit = this.infos.get(filePath);
    if (hit && hit.mtimeMs === mtimeMs) return hit.info;
    const info = this.engine.probe(filePath);
    this.infos.set(filePath, { mtimeMs, info });
    info.catch(() => this.infos.delete(filePath));
    return info;
  }

  /** Frame `index` as JPEG, or with `matte` its alpha as a grey PNG. */
  async frame(
    filePath: string,
    index: number,
    maxWidth: number | undefined,
    signal?: AbortSignal,
    matte = false,
  ) {
    const info = await this.info(filePath);
    // By the file's modification time too: a file written again (a new preview) is never served stale.
    const { mtimeMs } = await stat(filePath);
    const key = `${filePath}\u0000${mtimeMs}\u0000${index}\u0000${maxWidth ?? 0}\u0000${matte ? 'matte' : ''}`;
    const hit = this.frames.get(key);
    if (hit) return hit;
    const opts = { info, ...(maxWidth ? { maxWidth } : {}), ...(signal ? { signal } : {}) };
    const data = await this.gate.run(
      () =>
        matte ? this.engine.grabMatte(filePath, index, opts) : this.engine.grabFrame(filePath, index, opts),
      signal,
    );
    this.frames.set(key, data);
    return data;
  }
}
