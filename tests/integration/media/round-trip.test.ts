// Real ffmpeg round trips through the frame reader and frame writer: count, rate, timecode, audio, pixel
// format and profile, colour tags, and frame content (PSNR against the source frame).
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { probe } from '../../../src-main/media/probe.ts';
import { readFrame } from '../../../src-main/media/frame-reader.ts';
import { transcode } from '../../../src-main/media/transcode.ts';
import { runTool } from '../../../src-main/media/ffmpeg-process.ts';
import type { OutputFormat } from '../../../src-shared/media.ts';
import { CLIP_23976, CLIP_2997DF, makeClip, psnr } from '../../support/clips.ts';
import { testOutputDir } from '../../support/shared-data.ts';

const out = testOutputDir('media-round-trip');

interface StreamFacts {
  codec_type: string;
  codec_name: string;
  profile?: string;
  pix_fmt?: string;
  color_space?: string;
  color_primaries?: string;
  color_transfer?: string;
  sample_rate?: string;
  duration?: string;
}

async function streams(file: string): Promise<StreamFacts[]> {
  const json = await runTool('ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', file]);
  return (JSON.parse(json.toString()) as { streams: StreamFacts[] }).streams;
}

// PSNR bounds (dB, RGB, testsrc2's sharp colour edges): ProRes 4444 > 40; ProRes 422 HQ > 36 (its 4:2:2 chroma
// halves the colour resolution of those edges, measured ~38); H.264 CRF 18 4:2:0 > 30.
const CASES: { format: OutputFormat; ext: string; profile: RegExp; pix: RegExp; minPsnr: number }[] = [
  { format: 'prores-hq', ext: '.mov', profile: /^HQ$/, pix: /^yuv422p10/, minPsnr: 36 },
  { format: 'prores-4444', ext: '.mov', profile: /^4444$/, pix: /^yuva444p1[02]/, minPsnr: 40 },
  { format: 'h264', ext: '.mp4', profile: /^High$/, pix: /^yuv420p$/, minPsnr: 30 },
];

beforeAll(() => {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
});

describe.each([CLIP_23976, CLIP_2997DF])('round trip of $name', (spec) => {
  let source = '';
  beforeAll(async () => {
    source = await makeClip(spec);
  });

  it.each(CASES)('$format keeps frames, rate, timecode, audio and colour', async (c) => {
    const src = await probe(source);
    const target = path.join(out, `${path.parse(spec.name).name}-${c.format}${c.ext}`);
    const result = await transcode({ input: source, output: target, format: c.format });
    expect(result.frames).toBe(src.frameCount);
    const info = await probe(target);
    expect(info.frameCount).toBe(src.frameCount);
    expect(info.frameRate).toEqual(src.frameRate);
    expect(info.startTimecode).toBe(spec.timecode);
    expect(info.audio).toHaveLength(1);
    expect(info.audio[0]!.sampleRate).toBe(48000);
    const facts = await streams(target);
    const video = facts.find((s) => s.codec_type === 'video')!;
    expect(video.profile).toMatch(c.profile);
    expect(video.pix_fmt).toMatch(c.pix);
    expect([video.color_space, video.color_primaries, video.color_transfer]).toEqual([
      'bt709',
      'bt709',
      'bt709',
    ]);
    const audioStream = facts.find((s) => s.codec_type === 'audio')!;
    expect(Math.abs(Number(audioStream.duration) - info.durationSeconds)).toBeLessThan(0.05);
    for (const n of [0, 7, src.frameCount - 1]) {
      const [a, b] = await Promise.all([readFrame(source, n), readFrame(target, n)]);
      expect(psnr(a, b), `frame ${n}`).toBeGreaterThan(c.minPsnr);
    }
  });

  it('a frame range keeps its frames and shifts the timecode to its first frame', async () => {
    const src = await probe(source);
    const target = path.join(out, `${path.parse(spec.name).name}-range.mov`);
    const result = await transcode({
      input: source,
      output: target,
      format: 'prores-hq',
      range: { start: 12, end: 36 },
    });
    expect(result.frames).toBe(24);
    const info = await probe(target);
    expect(info.frameCount).toBe(24);
    const { frameToTimecode } = await import('../../../src-shared/timecode.ts');
    expect(info.startTimecode).toBe(frameToTimecode(12, src.frameRate, spec.timecode));
    // Audio trimmed to the same span (PCM in .mov, sample-accurate).
    const audioStream = (await streams(target)).find((s) => s.codec_type === 'audio')!;
    expect(audioStream.codec_name).toBe('pcm_s24le');
    expect(Number(audioStream.duration)).toBeCloseTo((24 * src.frameRate.den) / src.frameRate.num, 2);
    for (const k of [0, 23]) {
      const [a, b] = await Promise.all([readFrame(source, 12 + k), readFrame(target, k)]);
      expect(psnr(a, b), `range frame ${k}`).toBeGreaterThan(36);
    }
  });
});

describe('ProRes 4444 alpha', () => {
  it('carries the alpha channel written by the engine', async () => {
    const { openFrameWriter } = await import('../../../src-main/media/frame-writer.ts');
    const target = path.join(out, 'alpha.mov');
    const w = 64;
    const h = 48;
    const writer = await openFrameWriter({
      out: target,
      format: 'prores-4444',
      width: w,
      height: h,
      frameRate: { num: 25, den: 1 },
      pixelFormat: 'rgba',
    });
    for (let f = 0; f < 5; f++) {
      const data = new Uint8Array(w * h * 4);
      for (let i = 0; i < w * h; i++) {
        data.set([200, 100, 50, i % w < w / 2 ? 255 : 0], i * 4);
      }
      await writer.write(data);
    }
    await writer.finish();
    const frame = await readFrame(target, 2, { pixelFormat: 'rgba' });
    expect(frame.data[(10 * w + 5) * 4 + 3]).toBeGreaterThan(250);
    expect(frame.data[(10 * w + 50) * 4 + 3]).toBeLessThan(5);
  });
});
