import { describe, expect, it } from 'vitest';
import { initialProgressState, parseProgressChunk } from '../../../src-main/media/progress-parser.ts';

const BLOCK =
  [
    'frame=120',
    'fps=59.87',
    'stream_0_0_q=-0.0',
    'bitrate=N/A',
    'total_size=1048576',
    'out_time_us=5005000',
    'out_time_ms=5005000',
    'out_time=00:00:05.005000',
    'dup_frames=0',
    'drop_frames=0',
    'speed=2.49x',
    'progress=continue',
  ].join('\n') + '\n';

describe('parseProgressChunk', () => {
  it('parses a complete block', () => {
    const { updates } = parseProgressChunk(initialProgressState(), BLOCK);
    expect(updates).toEqual([
      { frame: 120, fps: 59.87, outTimeSeconds: 5.005, speed: 2.49, totalSize: 1048576, ended: false },
    ]);
  });

  it('joins lines split across chunks, at any byte', () => {
    const text = BLOCK + BLOCK.replace('frame=120', 'frame=240').replace('progress=continue', 'progress=end');
    for (const cut of [1, 7, 50, BLOCK.length - 3, BLOCK.length, BLOCK.length + 9]) {
      let state = initialProgressState();
      const all = [];
      for (const part of [text.slice(0, cut), text.slice(cut)]) {
        const r = parseProgressChunk(state, part);
        state = r.state;
        all.push(...r.updates);
      }
      expect(all.map((u) => [u.frame, u.ended])).toEqual([
        [120, false],
        [240, true],
      ]);
    }
  });

  it('accepts CRLF and N/A values', () => {
    const { updates } = parseProgressChunk(
      initialProgressState(),
      'frame=3\r\nout_time_us=N/A\r\nspeed=N/A\r\nprogress=continue\r\n',
    );
    expect(updates[0]).toMatchObject({ frame: 3, outTimeSeconds: null, speed: null });
  });

  it('emits nothing for an incomplete block', () => {
    const r = parseProgressChunk(initialProgressState(), 'frame=5\nfps=2');
    expect(r.updates).toEqual([]);
    expect(r.state.partial).toBe('fps=2');
  });
});
