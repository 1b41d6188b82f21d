// Frames for the viewer, fetched on demand and cached (LRU of decoded bitmaps). A newer request for the
// "current" slot aborts the previous one, so scrubbing never queues up stale frames on the engine.
export interface LoadedFrame {
  bitmap: ImageBitmap;
  width: number;
  height: number;
}

export class FrameLoader {
  private readonly cache = new Map<string, LoadedFrame>();
  private readonly maxEntries: number;
  private current: AbortController | null = null;

  constructor(maxEntries = 120) {
    this.maxEntries = maxEntries;
  }

  peek(url: string): LoadedFrame | undefined {
    const hit = this.cache.get(url);
    if (hit) {
      this.cache.delete(url);
      this.cache.set(url, hit);
    }
    return hit;
  }

  /** Loads `url` as the current frame, cancelling the previous current request. */
  async loadCurrent(url: string): Promise<LoadedFrame | null> {
    const hit = this.peek(url);
    if (hit) return hit;
    this.current?.abort();
    const controller = new AbortController();
    this.current = controller;
    try {
      return await this.fetchInto(url, controller.signal);
    } catch (err) {
      if (controller.signal.aborted) return null;
      throw err;
    }
  }

  /** Warms the cache (playback look-ahead, thumbnails); failures are left for the current load to report. */
  async prefetch(url: string, signal?: AbortSignal): Promise<LoadedFrame | null> {
    const hit = this.peek(url);
    if (hit) return hit;
    try {
      return await this.fetchInto(url, signal);
    } catch {
      return null;
    }
  }

  private async fetchInto(url: string, signal?: AbortSignal): Promise<LoadedFrame> {
    const res = await fetch(url, signal ? { signal } : {});
    if (!res.ok) throw new Error(`frame not available: ${(await res.text()).slice(0, 300)}`);
    const bitmap = await createImageBitmap(await res.blob(), { imageOrientation: 'flipY' });
    const frame = { bitmap, width: bitmap.width, height: bitmap.height };
    this.cache.set(url, frame);
    while (this.cache.size > this.maxEntries) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.get(oldest)?.bitmap.close();
      this.cache.delete(oldest);
    }
    return frame;
  }
}
