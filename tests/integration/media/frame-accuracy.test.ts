// Frame n is the n-th decoded frame, also after a seek: every seek-read equals the sequential decode, on real
// clips (one of which starts its video 0.84 s after its audio) and on a generated one.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { probe } from '../../../src-main/media/probe.ts';
import { readFrames } from '../../../src-main/media/frame-reader.ts';
import { grabFrame } from '../../../src-main/media/image.ts';
import { dataPath, hasData } from '../../support/shared-data.ts';
import { CLIP_2997DF, makeClip } from '../../support/clips.ts';

const hash = (d: Uint8Array) => createHash('sha1').update(d).digest('hex');

async function checkSeeks(file: string) {
  const info = await probe(file);
  const sequential: string[] = [];
  for await (const f of readFrames(file, { info })) sequential.push(hash(f.data));
  expect(sequential).toHaveLength(info.frameCount);
  expect(new Set(sequential).size).toBe(info.frameCount);
  const starts = [
    1,
    2,
    13,
    29,
    30,
    31,
    Math.floor(info.frameCount / 2),
    info.frameCount - 2,
    info.frameCount - 1,
  ];
  for (const start of starts.filter((s) => s > 0 && s < info.frameCount)) {
    const got: string[] = [];
    for await (const f of readFrames(file, {
      info,
      range: { start, end: Math.min(start + 3, info.frameCount) },
    })) {
      expect(f.index).toBe(start + got.length);
      got.push(hash(f.data));
    }
    expect(got, `seek to ${start}`).toEqual(sequential.slice(start, start + 3));
  }
}

describe('frame-accurate reading', () => {
  it('on a generated 29.97 clip', async () => {
    await checkSeeks(await makeClip(CLIP_2997DF));
  });

  it.skipIf(!hasData('video/face_recognition/short_hamilton_clip.mp4'))(
    'on short_hamilton_clip.mp4 (video starts after audio)',
    async () => {
      await checkSeeks(dataPath('video/face_recognition/short_hamilton_clip.mp4'));
    },
  );

  it.skipIf(!hasData('video/liveportrait/d3.mp4'))('on liveportrait/d3.mp4', async () => {
    await checkSeeks(dataPath('video/liveportrait/d3.mp4'));
  });

  it('stops ffmpeg when the consumer stops early, with bounded memory per frame', async () => {
    const file = await makeClip(CLIP_2997DF);
    let n = 0;
    for await (const f of readFrames(file)) {
      expect(f.data.length).toBe(f.width * f.height * 3);
      if (++n === 3) break;
    }
    expect(n).toBe(3);
  });

  it('reading ahead gives the same frames in the same order, a seek too, and stops early as well', async () => {
    const file = await makeClip(CLIP_2997DF);
    const info = await probe(file);
    const read = async (opts: Parameters<typeof readFrames>[1]) => {
      const got: string[] = [];
      for await (const f of readFrames(file, { info, ...opts })) got.push(`${f.index}:${hash(f.data)}`);
      return got;
    };
    expect(await read({ readAhead: 2 })).toEqual(await read({}));
    const range = { start: 31, end: 40 };
    expect(await read({ range, readAhead: 2 })).toEqual(await read({ range }));
    let n = 0;
    for await (const f of readFrames(file, { info, readAhead: 2 })) {
      expect(f.index).toBe(n);
      if (++n === 3) break;
    }
    expect(n).toBe(3);
  });

  it('grabs a single frame as JPEG and PNG, scaled for the UI', async () => {
    const file = await makeClip(CLIP_2997DF);
    const jpeg = await grabFrame(file, 20, { format: 'jpeg', maxWidth: 160 });
    expect([...jpeg.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    const png = await grabFrame(file, 20, { format: 'png' });
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    await expect(grabFrame(file, 10_000)).rejects.toThrow(/outside the clip/);
  });
});
