import { describe, expect, it } from 'vitest';
import {
  audioCodecArgs,
  encodePixelFormat,
  frameTime,
  videoCodecArgs,
} from '../../../src-main/media/encode-args.ts';
import { seekArgs } from '../../../src-main/media/frame-reader.ts';
import type { MediaInfo } from '../../../src-shared/media.ts';

describe('encode arguments', () => {
  it('uses ProRes HQ / 4444 profiles and x264 for h264', () => {
    expect(videoCodecArgs({ format: 'prores-hq', crf: 18 })).toEqual(
      expect.arrayContaining(['prores_ks', '3', 'yuv422p10le']),
    );
    expect(videoCodecArgs({ format: 'prores-4444', crf: 18 })).toEqual(
      expect.arrayContaining(['prores_ks', '4', 'yuva444p10le']),
    );
    expect(videoCodecArgs({ format: 'h264', crf: 23 })).toEqual(
      expect.arrayContaining(['libx264', '23', 'yuv420p']),
    );
    expect(encodePixelFormat('prores-4444')).toBe('yuva444p10le');
  });

  it('copies audio only when whole and the container takes it', () => {
    const aac = { index: 1, codec: 'aac', sampleRate: 48000, channels: 2, channelLayout: 'stereo' };
    expect(audioCodecArgs(aac, 'mov', false)).toEqual(['-c:a', 'copy']);
    expect(audioCodecArgs(aac, 'mov', true)).toEqual(['-c:a', 'pcm_s24le']);
    expect(audioCodecArgs({ ...aac, codec: 'pcm_s24le' }, 'mp4', false)).toEqual([
      '-c:a',
      'aac',
      '-b:a',
      '320k',
    ]);
  });

  it('seeks half a frame before the wanted frame, after the video start', () => {
    const info = { frameRate: { num: 30000, den: 1001 }, videoStartSeconds: 0.5 } as MediaInfo;
    expect(seekArgs(0, info)).toEqual([]);
    const t = Number(seekArgs(10, info)[1]);
    expect(t).toBeCloseTo(0.5 + 9.5 * (1001 / 30000), 5);
    expect(frameTime(30, { num: 30000, den: 1001 })).toBeCloseTo(1.001, 9);
  });
});

describe('packaged ffmpeg-static path', () => {
  it('points into app.asar.unpacked, and leaves other paths alone', async () => {
    const { unpackedPath } = await import('../../../src-main/media/ffmpeg-paths.ts');
    expect(unpackedPath('/opt/App/resources/app.asar/node_modules/ffmpeg-static/ffmpeg')).toBe(
      '/opt/App/resources/app.asar.unpacked/node_modules/ffmpeg-static/ffmpeg',
    );
    expect(unpackedPath('C:\\App\\resources\\app.asar\\node_modules\\ffmpeg-static\\ffmpeg.exe')).toBe(
      'C:\\App\\resources\\app.asar.unpacked\\node_modules\\ffmpeg-static\\ffmpeg.exe',
    );
    expect(unpackedPath('/work/node_modules/ffmpeg-static/ffmpeg')).toBe(
      '/work/node_modules/ffmpeg-static/ffmpeg',
    );
  });
});

describe('decodedSize', () => {
  it('caps the height, keeps the aspect with an even width, and never enlarges', async () => {
    const { decodedSize } = await import('../../../src-main/media/frame-reader.ts');
    const info = (w: number, h: number, rotation = 0) => ({ width: w, height: h, rotation }) as MediaInfo;
    expect(decodedSize(info(1920, 1080), 720)).toEqual({ width: 1280, height: 720 });
    expect(decodedSize(info(4096, 2160), 720)).toEqual({ width: 1366, height: 720 });
    expect(decodedSize(info(640, 360), 720)).toEqual({ width: 640, height: 360 });
    expect(decodedSize(info(1920, 1080, 90), 720)).toEqual({ width: 406, height: 720 });
    expect(decodedSize(info(1920, 1080))).toEqual({ width: 1920, height: 1080 });
  });
});
