// The scrub proxy with real ffmpeg on a real clip: exactly the clip's frames (same count; frame i of the
// proxy is frame i of the clip, not a neighbour), in the state folder, reused while the clip is unchanged,
// refused for a still image; the frame route serves it for proxy=1 and the full frame otherwise.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { dataPath, hasData, testOutputDir } from '../../support/shared-data.ts';
import { findProxy, makeProxy } from '../../../src-main/proxy/make-proxy.ts';
import { ProxyReader } from '../../../src-main/proxy/proxy-frames.ts';
import { readFrame } from '../../../src-main/media/frame-reader.ts';
import { decodeImage } from '../../../src-main/media/image.ts';
import { probe } from '../../../src-main/media/probe.ts';
import { PathSet } from '../../../src-main/server/path-set.ts';
import { MediaCache } from '../../../src-main/server/media-cache.ts';
import { createEngine } from '../../../src-main/server/engine.ts';
import { frameResponse } from '../../../src-main/server/frame-route.ts';

const CLIP = 'video/liveportrait/d3.mp4';
const IMAGE = 'faces/face_recognition/obama.jpg';
const out = testOutputDir('proxy');
const stateDir = path.join(out, 'state');

/** Mean absolute difference of two RGB frames of the same size. */
function mad(a: Uint8Array, b: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]! - b[i]!);
  return s / a.length;
}

describe.skipIf(!hasData(CLIP, IMAGE))('scrub proxy', () => {
  beforeAll(() => {
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
  });

  it('has exactly the clip frames, frame for frame, and is reused', async () => {
    const clip = dataPath(CLIP);
    const info = await probe(clip);
    const progress: number[] = [];
    const made = await makeProxy({ clip, stateDir, onProgress: (p) => progress.push(p.done) });
    expect(made.made).toBe(true);
    expect(made.frames).toBe(info.frameCount);
    expect(path.dirname(made.path)).toBe(path.join(stateDir, 'proxy'));
    expect(progress.at(-1)).toBe(info.frameCount);
    // Nothing beside the media, no partial file left.
    expect(readdirSync(path.join(stateDir, 'proxy')).filter((f) => f.includes('partial'))).toEqual([]);

    const found = await findProxy(clip, stateDir);
    expect(found).not.toBeNull();
    const reader = new ProxyReader(found!.indexPath, found!.index);
    const { width, height } = reader.size;
    for (const i of [1, 40, 137, info.frameCount - 2]) {
      const jpeg = path.join(out, `proxy-${i}.jpg`);
      writeFileSync(jpeg, await reader.frame(i));
      const p = await decodeImage(jpeg);
      expect([p.width, p.height]).toEqual([width, height]);
      const diffs = [];
      for (const j of [i - 1, i, i + 1]) {
        const full = await readFrame(clip, j, { info, maxHeight: height });
        diffs.push(mad(p.data, full.data));
      }
      // Closest to its own frame (the proxy is not shifted by one), and close in absolute terms.
      expect(diffs[1]!).toBeLessThan(Math.min(diffs[0]!, diffs[2]!));
      expect(diffs[1]!).toBeLessThan(4);
    }
    await reader.close();

    const again = await makeProxy({ clip, stateDir });
    expect(again.made).toBe(false);
  });

  it('serves proxy=1 from the proxy and the full frame otherwise', async () => {
    const clip = dataPath(CLIP);
    // The frame route serves media this studio imported: this clip.
    const media = new MediaCache(createEngine(false, '/nonexistent'), new PathSet(), stateDir);
    await media.reachable.add(clip);
    const url = (q: string) => new URL(`http://x/api/frame?path=${encodeURIComponent(clip)}&index=5${q}`);
    const p = await frameResponse(url('&proxy=1'), media);
    expect(p.status).toBe(200);
    expect(p.headers['x-frame-source']).toBe('proxy');
    const f = await frameResponse(url(''), media);
    expect(f.headers['x-frame-source']).toBe('full');
  });

  it('refuses a still image and a missing file with the reason', async () => {
    await expect(makeProxy({ clip: dataPath(IMAGE), stateDir })).rejects.toThrow(/still image/);
    await expect(makeProxy({ clip: path.join(out, 'nope.mov'), stateDir })).rejects.toThrow(/file not found/);
    expect(existsSync(path.join(out, 'nope.mov'))).toBe(false);
  });
});
