// Wrong output is never reported as success (issue 13): a truncated target, a frame range outside the clip,
// a track that does not exist, a variable-frame-rate clip, keypoints far outside the frame. Table-driven on
// real files: exit code, message, every input's sha256 unchanged, no output and no partial left.
import { describe, expect, it, beforeAll } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { dataPath, hasData, testOutputDir } from '../../support/shared-data.ts';
import { cli, hashes, leftovers } from './support.ts';
import { probe } from '../../../src-main/media/probe.ts';
import { clipIdentity } from '../../../src-main/analysis/clip-identity.ts';
import { makeAnalysisFile, DEFAULT_MAX_GAP } from '../../../src-main/analysis/analysis-file.ts';
import { DEFAULT_ONE_EURO } from '../../../src-shared/analysis/one-euro.ts';
import type { AnalysisFile, FrameEntry } from '../../../src-shared/analysis/schema.ts';
import { resolveFfmpeg } from '../../../src-main/media/ffmpeg-paths.ts';

const CLIP = 'video/liveportrait/d0.mp4'; // 78 frames, 25 fps
const FACE = 'faces/face_recognition/obama.jpg';
const root = testOutputDir('hardening-wrong-output');
const j = path.join;

function face(track: number, x = 100, y = 100) {
  const kp = Array.from({ length: 68 }, (_, i) => [x + (i % 10) * 3, y + i] as [number, number]);
  return {
    track,
    box: [x, y, 30, 68] as [number, number, number, number],
    confidence: 0.9,
    keypoints: kp,
    raw: kp,
    interpolated: false,
    detected: true,
  };
}

/** A valid analysis of `clip` with the given frames (the engine's own format functions). */
async function analysisWith(clip: string, frames: Map<number, FrameEntry>): Promise<AnalysisFile> {
  const info = await probe(clip);
  const ids = new Set([...frames.values()].flatMap((e) => e.faces.map((f) => f.track)));
  return makeAnalysisFile(
    await clipIdentity(clip, info),
    { mode: 'tracking', detectEvery: 5, mirror: true, smoothing: DEFAULT_ONE_EURO, maxGap: DEFAULT_MAX_GAP },
    'test',
    { start: 0, end: frames.size },
    frames,
    [...ids].map((id) => ({ id, first: 0, last: 0, meanConfidence: 0.9 })),
    [],
    1,
  );
}

function ffmpeg(args: string[]): void {
  const r = spawnSync(resolveFfmpeg().ffmpeg, ['-v', 'error', '-y', ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
}

interface Case {
  name: string;
  setup(dir: string): Promise<string[]> | string[];
  status: number;
  message: RegExp;
}

function caseDir(name: string): string {
  const dir = j(root, name.replace(/[^\w]+/g, '-'));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  copyFileSync(dataPath(CLIP), j(dir, 'clip.mp4'));
  copyFileSync(dataPath(FACE), j(dir, 'face.jpg'));
  return dir;
}

const swap = (d: string, target: string, extra: string[]) => [
  'swap',
  '--source',
  j(d, 'face.jpg'),
  '--target',
  target,
  '--out',
  j(d, 'out.mp4'),
  '--format',
  'h264',
  '--state-dir',
  j(d, 'state'),
  ...extra,
];

function runTable(cases: Case[]): void {
  for (const c of cases) {
    it(
      c.name,
      async () => {
        const dir = caseDir(c.name);
        const args = await c.setup(dir);
        const before = hashes(dir);
        const r = cli(args);
        expect(r.stderr).toMatch(c.message);
        expect(r.status, r.stderr).toBe(c.status);
        expect(
          r.stderr
            .trim()
            .split('\n')
            .filter((l) => l.startsWith('depthswap')),
        ).toHaveLength(1);
        const after = hashes(dir);
        for (const [file, sum] of Object.entries(before)) expect(after[file], file).toBe(sum);
        expect(existsSync(j(dir, 'out.mp4'))).toBe(false);
        expect(leftovers(dir)).toEqual([]);
      },
      240_000,
    );
  }
}

/** A copy of the clip with its index first, cut at 60 %: the header promises 78 frames, ~45 are there. */
function truncated(d: string): string {
  ffmpeg(['-i', j(d, 'clip.mp4'), '-c', 'copy', '-movflags', '+faststart', j(d, 'full.mp4')]);
  const bytes = readFileSync(j(d, 'full.mp4'));
  writeFileSync(j(d, 'cut.mp4'), bytes.subarray(0, Math.floor(bytes.length * 0.6)));
  rmSync(j(d, 'full.mp4'));
  return j(d, 'cut.mp4');
}

/** 30 fps for two seconds, then 10 fps: a variable-frame-rate clip with audio. */
function vfrClip(d: string): string {
  ffmpeg([
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=320x240:rate=30',
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:sample_rate=48000',
    '-t',
    '4',
    '-vf',
    "setpts='if(lt(N,60),N/30,2+(N-60)/10)/TB'",
    '-fps_mode',
    'vfr',
    '-c:v',
    'libx264',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-shortest',
    j(d, 'vfr.mp4'),
  ]);
  return j(d, 'vfr.mp4');
}

describe.skipIf(!hasData(CLIP, FACE))('wrong output is never reported as success', () => {
  beforeAll(() => mkdirSync(root, { recursive: true }));

  describe('a truncated target fails with how many frames were read', () => {
    runTable([
      {
        name: 'swap of a truncated clip (analysis at hand, every frame passed through)',
        setup: async (d) => {
          const cut = truncated(d);
          const frames = new Map<number, FrameEntry>();
          for (let f = 0; f < 78; f++) frames.set(f, { cut: false, faces: [] });
          writeFileSync(j(d, 'a.json'), JSON.stringify(await analysisWith(cut, frames)));
          return swap(d, cut, ['--analysis', j(d, 'a.json')]);
        },
        status: 1,
        message: /decoded \d+ of 78 frames \(frames 0-77\): .*cut\.mp4 is truncated or damaged/,
      },
      {
        name: 'swap of the truncated clip tail only',
        setup: async (d) => {
          const cut = truncated(d);
          const frames = new Map<number, FrameEntry>();
          for (let f = 0; f < 78; f++) frames.set(f, { cut: false, faces: [] });
          writeFileSync(j(d, 'a.json'), JSON.stringify(await analysisWith(cut, frames)));
          return swap(d, cut, ['--analysis', j(d, 'a.json'), '--frames', '40-77']);
        },
        status: 1,
        message: /decoded \d+ of 38 frames \(frames 40-77\)/,
      },
      {
        name: 'transcode of a truncated clip',
        setup: (d) => ['transcode', truncated(d), j(d, 'out.mp4'), '--format', 'h264'],
        status: 1,
        message: /decoded \d+ of 78 frames/,
      },
    ]);
  });

  describe('a frame range outside the clip is a usage error naming the clip', () => {
    const range = /frame range .* is outside the clip: it has frames 0-77 \(78 frames\)/;
    runTable([
      {
        name: 'swap --frames 0-99999',
        setup: (d) => swap(d, j(d, 'clip.mp4'), ['--frames', '0-99999']),
        status: 2,
        message: range,
      },
      {
        name: 'swap --frames 78 (one past the end)',
        setup: (d) => swap(d, j(d, 'clip.mp4'), ['--frames', '78']),
        status: 2,
        message: range,
      },
      {
        name: 'transcode --frames 70-80',
        setup: (d) => [
          'transcode',
          j(d, 'clip.mp4'),
          j(d, 'out.mp4'),
          '--format',
          'h264',
          '--frames',
          '70-80',
        ],
        status: 2,
        message: range,
      },
      {
        name: 'analyze --frames 100-120',
        setup: (d) => ['analyze', j(d, 'clip.mp4'), '--out', j(d, 'a.json'), '--frames', '100-120'],
        status: 2,
        message: range,
      },
    ]);
  });

  describe('a track that does not exist lists the tracks', () => {
    const twoTracks = async (d: string) => {
      const frames = new Map<number, FrameEntry>([
        [0, { cut: false, faces: [face(0)] }],
        [1, { cut: false, faces: [face(1, 200, 90)] }],
      ]);
      writeFileSync(j(d, 'a.json'), JSON.stringify(await analysisWith(j(d, 'clip.mp4'), frames)));
    };
    runTable([
      {
        name: 'swap --track 99',
        setup: async (d) => {
          await twoTracks(d);
          return swap(d, j(d, 'clip.mp4'), [
            '--analysis',
            j(d, 'a.json'),
            '--frames',
            '0-1',
            '--track',
            '99',
          ]);
        },
        status: 2,
        message: /track 99 does not exist; the analysis has track\(s\) 0 \(frames 0-0\), 1 \(frames 1-1\)/,
      },
      {
        name: 'swap --track 2 next to tracks 0 and 1',
        setup: async (d) => {
          await twoTracks(d);
          return swap(d, j(d, 'clip.mp4'), ['--analysis', j(d, 'a.json'), '--frames', '0-1', '--track', '2']);
        },
        status: 2,
        message: /track 2 does not exist/,
      },
      {
        name: 'swap --track 1 outside its frames',
        setup: async (d) => {
          await twoTracks(d);
          return swap(d, j(d, 'clip.mp4'), ['--analysis', j(d, 'a.json'), '--frames', '0', '--track', '1']);
        },
        status: 2,
        message:
          /track 1 has no face in frames 0-0; the analysis has track\(s\) 0 \(frames 0-0\), 1 \(frames 1-1\)/,
      },
    ]);
  });

  describe('a variable-frame-rate clip is refused with the reason', () => {
    const vfr =
      /vfr\.mp4 has a variable frame rate \(average [\d.]+ fps.*conform it first with 'depthswap transcode/;
    runTable([
      { name: 'swap of a VFR clip', setup: (d) => swap(d, vfrClip(d), []), status: 2, message: vfr },
      {
        name: 'analyze of a VFR clip',
        setup: (d) => ['analyze', vfrClip(d), '--out', j(d, 'a.json')],
        status: 2,
        message: vfr,
      },
      {
        name: 'swap of a VFR clip with a range',
        setup: (d) => swap(d, vfrClip(d), ['--frames', '0-9']),
        status: 2,
        message: vfr,
      },
    ]);

    it('transcode conforms it on its timestamps, says so, and keeps the audio in sync', async () => {
      const d = caseDir('transcode-vfr');
      const clip = vfrClip(d);
      const before = hashes(d);
      const r = cli(['transcode', clip, j(d, 'conformed.mov'), '--format', 'prores-hq']);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toMatch(
        /variable frame rate .* conformed to [\d.]+ fps by duplicating and dropping frames/,
      );
      const out = await probe(j(d, 'conformed.mov'));
      expect(out.variableFrameRate ?? null).toBeNull();
      const fps = out.frameRate.num / out.frameRate.den;
      // The picture lasts as long as the source (4 s), so the untouched audio stays in sync.
      expect(Math.abs(out.frameCount / fps - 4)).toBeLessThan(0.25);
      expect(out.audio).toHaveLength(1);
      for (const [file, sum] of Object.entries(before)) expect(hashes(d)[file], file).toBe(sum);
    }, 240_000);
  });

  describe('keypoints far outside the frame are refused at load', () => {
    const withKeypoint = async (d: string, x: string, y: number) => {
      const frames = new Map<number, FrameEntry>([[0, { cut: false, faces: [face(0)] }]]);
      const a = await analysisWith(j(d, 'clip.mp4'), frames);
      // Written by hand as a broken tool would: JSON has no NaN (null) and 1e999 reads back as Infinity.
      writeFileSync(j(d, 'a.json'), JSON.stringify(a).replace('[100,100]', `[${x},${y}]`));
      return swap(d, j(d, 'clip.mp4'), ['--analysis', j(d, 'a.json'), '--frames', '0']);
    };
    runTable([
      {
        name: 'a keypoint at 1e12',
        setup: (d) => withKeypoint(d, '1e12', 100),
        status: 1,
        message: /keypoints\.0: keypoint \(1000000000000, 100\) is far outside the \d+x\d+ frame/,
      },
      {
        name: 'a keypoint NaN (null in JSON)',
        setup: (d) => withKeypoint(d, 'null', 100),
        status: 1,
        message: /a\.json is an analysis file this build cannot read .*keypoints\.0\.0/,
      },
      {
        name: 'a keypoint at 1e999 (Infinity)',
        setup: (d) => withKeypoint(d, '1e999', 100),
        status: 1,
        message: /keypoints\.0\.0: .*Infinity/,
      },
      {
        name: 'a keypoint at -5e6',
        setup: (d) => withKeypoint(d, '-5e6', 100),
        status: 1,
        message: /keypoint \(-5000000, 100\) is far outside/,
      },
    ]);
  });
});
