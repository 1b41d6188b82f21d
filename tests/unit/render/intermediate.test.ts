// Which chunks are lossless intermediates, what they are named, how a farm chunk command asks for one, and
// the codec arguments that make the join's single encode and the intermediate exact.
import { describe, expect, it } from 'vitest';
import { chunkExtension, needsIntermediate } from '../../../src-main/render/intermediate.ts';
import { chunkRenderArgv } from '../../../src-main/farm/render-argv.ts';
import { LOSSLESS_CODEC_ARGS, videoCodecArgs, X264_THREADS } from '../../../src-main/media/encode-args.ts';
import { clipPixelFormat } from '../../../src-main/swap/clip-writer.ts';

describe('lossless intermediates', () => {
  it('H.264 jobs chunk into .mkv intermediates; ProRes chunks are delivery files', () => {
    expect(needsIntermediate('h264')).toBe(true);
    expect(needsIntermediate('prores-hq')).toBe(false);
    expect(needsIntermediate('prores-4444')).toBe(false);
    expect(chunkExtension('h264', '/o/shot.mov')).toBe('.mkv');
    expect(chunkExtension('prores-hq', '/o/shot.mov')).toBe('.mov');
    expect(chunkExtension('prores-4444')).toBe('.mov');
  });

  it('a farm chunk of an H.264 job renders --intermediate; a ProRes chunk does not', () => {
    const base = { project: '/p.dsproj', clipId: null, first: 0, last: 19 };
    expect(chunkRenderArgv(['ds'], { ...base, segment: '/w/c.mkv', format: 'h264' }).slice(-3)).toEqual([
      '--format',
      'h264',
      '--intermediate',
    ]);
    expect(chunkRenderArgv(['ds'], { ...base, segment: '/w/c.mov', format: 'prores-hq' })).not.toContain(
      '--intermediate',
    );
  });

  it('FFV1 intra-only for the intermediate; x264 with a fixed thread count; RGB(A) frames', () => {
    expect(LOSSLESS_CODEC_ARGS).toEqual(expect.arrayContaining(['ffv1', '-g', '1']));
    const x264 = videoCodecArgs({ format: 'h264', crf: 18 });
    expect(x264[x264.indexOf('-threads') + 1]).toBe(String(X264_THREADS));
    expect(clipPixelFormat('h264')).toBe('rgb24');
    expect(clipPixelFormat('prores-4444')).toBe('rgba');
  });
});
