import { describe, expect, it } from 'vitest';
import { mediaInfoFromProbe, parseRational } from '../../../src-main/media/probe.ts';
import { ffprobeOutputSchema } from '../../../src-main/media/ffprobe-schema.ts';

// Shaped like `ffprobe -show_format -show_streams` output for a 29.97 fps clip with a tmcd track.
const json = {
  streams: [
    {
      index: 0,
      codec_type: 'video',
      codec_name: 'prores',
      profile: 'HQ',
      width: 1920,
      height: 1080,
      pix_fmt: 'yuv422p10le',
      r_frame_rate: '30000/1001',
      avg_frame_rate: '30000/1001',
      nb_frames: '300',
      duration: '10.010000',
      start_time: '0.000000',
      color_space: 'bt709',
      color_primaries: 'bt709',
      color_transfer: 'bt709',
      color_range: 'tv',
      side_data_list: [{ side_data_type: 'Display Matrix', rotation: -90 }],
    },
    {
      index: 1,
      codec_type: 'audio',
      codec_name: 'pcm_s24le',
      sample_rate: '48000',
      channels: 2,
      channel_layout: 'stereo',
    },
    { index: 2, codec_type: 'data', codec_name: 'unknown', tags: { timecode: '01:00:00;00' } },
  ],
  format: { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', duration: '10.010000', start_time: '0.000000' },
};

describe('mediaInfoFromProbe', () => {
  it('maps validated ffprobe JSON', () => {
    const info = mediaInfoFromProbe('/x.mov', ffprobeOutputSchema.parse(json));
    expect(info).toMatchObject({
      width: 1920,
      height: 1080,
      frameRate: { num: 30000, den: 1001 },
      frameCount: 300,
      startTimecode: '01:00:00;00',
      videoCodec: 'prores',
      videoProfile: 'HQ',
      pixelFormat: 'yuv422p10le',
      rotation: 90,
      isImage: false,
      videoStartSeconds: 0,
      color: { primaries: 'bt709', transfer: 'bt709', matrix: 'bt709', range: 'tv' },
      audio: [{ index: 1, codec: 'pcm_s24le', sampleRate: 48000, channels: 2, channelLayout: 'stereo' }],
    });
  });

  it('rejects output without a video stream', () => {
    const audioOnly = { ...json, streams: [json.streams[1]] };
    expect(() => mediaInfoFromProbe('/a.m4a', ffprobeOutputSchema.parse(audioOnly))).toThrow(
      /no video stream/,
    );
  });

  it('rejects malformed ffprobe JSON at the schema', () => {
    expect(ffprobeOutputSchema.safeParse({ streams: 'nope', format: {} }).success).toBe(false);
  });
});

describe('parseRational', () => {
  it('reduces and rejects degenerate rates', () => {
    expect(parseRational('2997/100')).toEqual({ num: 2997, den: 100 });
    expect(parseRational('60/2')).toEqual({ num: 30, den: 1 });
    expect(parseRational('0/0')).toBeNull();
    expect(parseRational('abc')).toBeNull();
  });
});
