// The scrub proxy of a clip: an all-intra, reduced-size copy with exactly the clip's frames (same count,
// same order, colour converted as the viewer's frames are): one JPEG per frame, concatenated, with an
// index of their offsets. Any frame is one file read away (no decoder start, no seek), so the viewer
// scrubs and plays from it. Made in the background with progress and cancel; the index is written last,
// atomically, so a proxy exists only when complete.
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { z } from 'zod';
import type { MediaInfo } from '../../src-shared/media.ts';
import { EtaEstimator, type Progress } from '../../src-shared/progress.ts';
import { spawnTool } from '../media/ffmpeg-process.ts';
import { probe } from '../media/probe.ts';
import { toRgbFilter } from '../media/color-args.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { proxyPathFor, proxySizeOf } from './proxy-path.ts';
import { JpegSplitter } from './jpeg-splitter.ts';

export interface ProxyOptions {
  clip: string;
  stateDir: string;
  /** Make it again even when a complete proxy exists. */
  force?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

export interface ProxyResult {
  /** The proxy's index file (its frames are in `<index>.jpg`, see ProxyIndex). */
  path: string;
  frames: number;
  width: number;
  height: number;
  /** False when an existing complete proxy was reused. */
  made: boolean;
  seconds: number;
}

export const ProxyIndexSchema = z.object({
  format: z.literal('depthswap-proxy'),
  version: z.literal(1),
  source: z.object({ path: z.string(), size: z.number(), mtimeMs: z.number(), frameCount: z.number().int() }),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** The data file (beside the index). */
  data: z.string().min(1),
  /** Byte offset of each frame's JPEG in the data file, and the end of the last (frameCount + 1 values). */
  offsets: z.array(z.number().int().min(0)),
});
export type ProxyIndex = z.infer<typeof ProxyIndexSchema>;

/** The index of `clip`'s proxy when a complete one exists for the clip as it is now, else null. */
export async function findProxy(
  clip: string,
  stateDir: string,
): Promise<{ indexPath: string; index: ProxyIndex } | null> {
  const abs = path.resolve(clip);
  const st = await stat(abs).catch(() => null);
  if (!st?.isFile()) return null;
  const indexPath = proxyPathFor(stateDir, { path: abs, size: st.size, mtimeMs: st.mtimeMs });
  const text = await readFile(indexPath, 'utf8').catch(() => null);
  if (text === null) return null;
  const parsed = ProxyIndexSchema.safeParse(JSON.parse(text));
  if (!parsed.success) return null;
  const index = parsed.data;
  if (index.offsets.length !== index.source.frameCount + 1) return null;
  return { indexPath, index };
}

function proxySize(info: MediaInfo): { width: number; height: number } {
  return proxySizeOf(info.width, info.height);
}

export async function makeProxy(opts: ProxyOptions): Promise<ProxyResult> {
  const t0 = performance.now();
  const clip = path.resolve(opts.clip);
  const info = await probe(clip, opts.signal ? { signal: opts.signal } : {});
  if (info.isImage) throw new Error(`${clip} is a still image; a scrub proxy is made for clips`);
  if (info.frameCount <= 0) throw new Error(`${clip} has no video frames`);
  const st = await stat(clip);
  const indexPath = proxyPathFor(opts.stateDir, { path: clip, size: st.size, mtimeMs: st.mtimeMs });
  const { width, height } = proxySize(info);
  const existing = opts.force ? null : await findProxy(clip, opts.stateDir);
  if (existing) {
    const { index } = existing;
    return {
      path: indexPath,
      frames: index.source.frameCount,
      width: index.width,
      height: index.height,
      made: false,
      seconds: 0,
    };
  }
  await mkdir(path.dirname(indexPath), { recursive: true });
  const dataName = `${path.basename(indexPath, '.json')}.jpg`;
  const dataPath = path.join(path.dirname(indexPath), dataName);
  const tmp = `${dataPath}.${process.pid}.partial`;
  const eta = new EtaEstimator(info.frameCount, 'proxy');
  const filter = `${toRgbFilter(info.color, info.height, 'rgb24', { width, height })},format=yuvj420p`;
  const offsets: number[] = [0];
  const file = createWriteStream(tmp);
  const splitter = new JpegSplitter();
  try {
    const proc = spawnTool(
      'ffmpeg',
      ['-v', 'error', '-nostdin', '-i', clip, '-map', '0:v:0', '-an', '-sn', '-dn', '-vf', filter].concat([
        '-fps_mode',
        'passthrough',
        '-c:v',
        'mjpeg',
        '-q:v',
        '4',
        '-f',
        'image2pipe',
        'pipe:1',
      ]),
      { streamStdout: true, ...(opts.signal ? { signal: opts.signal } : {}) },
    );
    let bytes = 0;
    for await (const chunk of proc.stdout as AsyncIterable<Buffer>) {
      for (const jpeg of splitter.push(chunk)) {
        bytes += jpeg.length;
        offsets.push(bytes);
        if (!file.write(jpeg)) await once(file, 'drain');
        const done = offsets.length - 1;
        if (done % 10 === 0) opts.onProgress?.(eta.update(Math.min(done, info.frameCount)));
      }
    }
    await proc.done;
    file.end();
    await once(file, 'close');
    const frames = offsets.length - 1;
    if (splitter.pending > 0) throw new Error(`the proxy of ${clip} ends in a truncated frame; not kept`);
    if (frames !== info.frameCount) {
      throw new Error(`the proxy of ${clip} has ${frames} frames, the clip ${info.frameCount}; not kept`);
    }
    await rename(tmp, dataPath);
    const index: ProxyIndex = {
      format: 'depthswap-proxy',
      version: 1,
      source: { path: clip, size: st.size, mtimeMs: st.mtimeMs, frameCount: info.frameCount },
      width,
      height,
      data: dataName,
      offsets,
    };
    await writeFileAtomic(indexPath, JSON.stringify(index));
  } catch (err) {
    file.destroy();
    await rm(tmp, { force: true });
    throw err;
  }
  opts.onProgress?.(eta.update(info.frameCount));
  return {
    path: indexPath,
    frames: info.frameCount,
    width,
    height,
    made: true,
    seconds: (performance.now() - t0) / 1000,
  };
}
