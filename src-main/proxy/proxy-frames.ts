// Reading frames from a scrub proxy: frame i is the JPEG between offsets[i] and offsets[i+1] of the data
// file (one read; the file handle is kept open).
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { ProxyIndex } from './make-proxy.ts';

export class ProxyReader {
  private readonly index: ProxyIndex;
  private readonly dataPath: string;
  private handle: Promise<FileHandle> | null = null;

  constructor(indexPath: string, index: ProxyIndex) {
    this.index = index;
    this.dataPath = path.join(path.dirname(indexPath), index.data);
  }

  get frameCount(): number {
    return this.index.source.frameCount;
  }

  get size(): { width: number; height: number } {
    return { width: this.index.width, height: this.index.height };
  }

  /** Frame `i` of the clip as JPEG bytes, from the proxy. */
  async frame(i: number): Promise<Buffer> {
    if (!Number.isInteger(i) || i < 0 || i >= this.frameCount) {
      throw new Error(`frame ${i} is outside the clip (frames 0-${this.frameCount - 1})`);
    }
    const start = this.index.offsets[i]!;
    const end = this.index.offsets[i + 1]!;
    this.handle ??= open(this.dataPath, 'r');
    const h = await this.handle;
    const buf = Buffer.alloc(end - start);
    const { bytesRead } = await h.read(buf, 0, buf.length, start);
    if (bytesRead !== buf.length) throw new Error(`the proxy ${this.dataPath} is truncated at frame ${i}`);
    return buf;
  }

  async close(): Promise<void> {
    const h = this.handle;
    this.handle = null;
    if (h) await (await h).close();
  }
}
