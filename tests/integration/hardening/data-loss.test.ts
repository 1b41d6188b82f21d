// Nothing the user gave is ever written over (issue 13, data loss). One table per class, each case on real
// files in its own folder (copies of the shared clips, real symlinks and hard links): the exit code, the
// message, the sha256 of every file before and after, and no partial left behind.
import { describe, expect, it, beforeAll } from 'vitest';
import { copyFileSync, linkSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dataPath, hasData, testOutputDir } from '../../support/shared-data.ts';
import { cli, hashes, leftovers } from './support.ts';
import { probe } from '../../../src-main/media/probe.ts';
import { clipIdentity } from '../../../src-main/analysis/clip-identity.ts';
import { makeAnalysisFile, DEFAULT_MAX_GAP } from '../../../src-main/analysis/analysis-file.ts';
import { DEFAULT_ONE_EURO } from '../../../src-shared/analysis/one-euro.ts';
import type { AnalysisFile } from '../../../src-shared/analysis/schema.ts';

const CLIP = 'video/liveportrait/d0.mp4';
const OTHER = 'video/liveportrait/s18.mp4';
const FACE = 'faces/face_recognition/obama.jpg';
const root = testOutputDir('hardening-data-loss');

/** A valid one-frame analysis of `clip` (the engine's own file format and writer functions). */
export async function analysisOf(
  clip: string,
  keypoint: [number, number] = [100, 100],
): Promise<AnalysisFile> {
  const info = await probe(clip);
  const kp = Array.from(
    { length: 68 },
    (_, i) => [keypoint[0] + (i % 10) * 3, keypoint[1] + i] as [number, number],
  );
  const face = {
    track: 0,
    box: [keypoint[0], keypoint[1], 30, 68] as [number, number, number, number],
    confidence: 0.9,
    keypoints: kp,
    raw: kp,
    interpolated: false,
    detected: true,
  };
  return makeAnalysisFile(
    await clipIdentity(clip, info),
    { mode: 'tracking', detectEvery: 5, mirror: true, smoothing: DEFAULT_ONE_EURO, maxGap: DEFAULT_MAX_GAP },
    'test',
    { start: 0, end: 1 },
    new Map([[0, { cut: false, faces: [face] }]]),
    [{ id: 0, first: 0, last: 0, meanConfidence: 0.9 }],
    [],
    1,
  );
}

interface Case {
  name: string;
  /** Builds the case's files in `dir` and returns the CLI arguments. */
  setup(dir: string): Promise<string[]> | string[];
  status: number;
  message: RegExp;
}

/** The case's own folder with a copy of the clip (clip.mp4), another clip (other.mp4) and the face (face.jpg). */
function caseDir(name: string): string {
  const dir = path.join(root, name.replace(/[^\w]+/g, '-'));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  copyFileSync(dataPath(CLIP), path.join(dir, 'clip.mp4'));
  copyFileSync(dataPath(OTHER), path.join(dir, 'other.mp4'));
  copyFileSync(dataPath(FACE), path.join(dir, 'face.jpg'));
  return dir;
}

const j = path.join;
const swapArgs = (dir: string, extra: string[]) => [
  'swap',
  '--source',
  j(dir, 'face.jpg'),
  '--target',
  j(dir, 'clip.mp4'),
  '--format',
  'h264',
  '--frames',
  '0-1',
  '--state-dir',
  j(dir, 'state'),
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
        // Every file that was there is byte for byte the same; nothing half-written is left.
        const after = hashes(dir);
        for (const [file, sum] of Object.entries(before)) expect(after[file], file).toBe(sum);
        expect(leftovers(dir)).toEqual([]);
      },
      240_000,
    );
  }
}

describe.skipIf(!hasData(CLIP, OTHER, FACE))(
  'data loss: an input or another kind of file is never written',
  () => {
    beforeAll(() => mkdirSync(root, { recursive: true }));

    describe('swap --analysis F that is not an analysis of the target', () => {
      runTable([
        {
          name: 'analysis is the target clip itself',
          setup: (d) => swapArgs(d, ['--out', j(d, 'out.mp4'), '--analysis', j(d, 'clip.mp4')]),
          status: 1,
          message: /--analysis would overwrite the input .*clip\.mp4 \(the clip of this operation\)/,
        },
        {
          name: 'analysis is the source photo',
          setup: (d) => swapArgs(d, ['--out', j(d, 'out.mp4'), '--analysis', j(d, 'face.jpg')]),
          status: 1,
          message: /face\.jpg \(the source of this operation\)/,
        },
        {
          name: 'analysis is an unrelated video',
          setup: (d) => swapArgs(d, ['--out', j(d, 'out.mp4'), '--analysis', j(d, 'other.mp4')]),
          status: 1,
          message: /other\.mp4 is a video or audio file, not an analysis file: it is not replaced/,
        },
        {
          name: 'analysis is corrupt',
          setup: (d) => {
            writeFileSync(j(d, 'a.json'), '{"format": "depthswap-analysis", "version": 1, "clip": ');
            return swapArgs(d, ['--out', j(d, 'out.mp4'), '--analysis', j(d, 'a.json')]);
          },
          status: 1,
          message:
            /a\.json is an analysis file this build cannot read \(it is not valid JSON\): it is kept as it is/,
        },
        {
          name: 'analysis is from a newer version',
          setup: async (d) => {
            writeFileSync(
              j(d, 'a.json'),
              JSON.stringify({ ...(await analysisOf(j(d, 'clip.mp4'))), version: 7 }),
            );
            return swapArgs(d, ['--out', j(d, 'out.mp4'), '--analysis', j(d, 'a.json')]);
          },
          status: 1,
          message: /written by a newer DepthSwap \(analysis version 7; this build reads 1\)/,
        },
        {
          name: 'analysis is of another clip',
          setup: async (d) => {
            writeFileSync(j(d, 'a.json'), JSON.stringify(await analysisOf(j(d, 'other.mp4'))));
            return swapArgs(d, ['--out', j(d, 'out.mp4'), '--analysis', j(d, 'a.json')]);
          },
          status: 1,
          message: /holds the analysis of another clip \(.*other\.mp4\): it is not replaced/,
        },
        {
          name: 'analysis is a symlink to the target clip',
          setup: (d) => {
            symlinkSync(j(d, 'clip.mp4'), j(d, 'link.json'));
            return swapArgs(d, ['--out', j(d, 'out.mp4'), '--analysis', j(d, 'link.json')]);
          },
          status: 1,
          message: /would overwrite the input/,
        },
        {
          name: 'analysis is a hard link to the source photo',
          setup: (d) => {
            linkSync(j(d, 'face.jpg'), j(d, 'hard.json'));
            return swapArgs(d, ['--out', j(d, 'out.mp4'), '--analysis', j(d, 'hard.json')]);
          },
          status: 1,
          message: /hard\.json .*the source of this operation/,
        },
        {
          name: 'analysis is a project file',
          setup: (d) => {
            writeFileSync(j(d, 'p.json'), JSON.stringify({ format: 'depthswap-project', version: 3 }));
            return swapArgs(d, ['--out', j(d, 'out.mp4'), '--analysis', j(d, 'p.json')]);
          },
          status: 1,
          message: /p\.json is a DepthSwap project, not an analysis file/,
        },
        {
          name: 'analysis is an iBUG pts file',
          setup: (d) => {
            writeFileSync(j(d, 'face.pts'), 'version: 1\nn_points: 68\n{\n}\n');
            return swapArgs(d, ['--out', j(d, 'out.mp4'), '--analysis', j(d, 'face.pts')]);
          },
          status: 1,
          message: /face\.pts is a \.pts keypoint file, not an analysis file/,
        },
      ]);
    });

    describe('swap --out over an input or another kind of file, even with --overwrite', () => {
      runTable([
        {
          name: 'out is the source clip',
          setup: (d) => [
            'swap',
            '--source',
            j(d, 'other.mp4'),
            '--target',
            j(d, 'clip.mp4'),
            '--out',
            j(d, 'other.mp4'),
            '--format',
            'h264',
            '--overwrite',
            '--state-dir',
            j(d, 'state'),
          ],
          status: 1,
          message:
            /--out would overwrite the input .*other\.mp4 \(the source of this operation\)|output would overwrite the input .*other\.mp4/,
        },
        {
          name: 'out is a symlink to the target',
          setup: (d) => {
            symlinkSync(j(d, 'clip.mp4'), j(d, 'link.mp4'));
            return swapArgs(d, ['--out', j(d, 'link.mp4'), '--overwrite']);
          },
          status: 1,
          message: /would overwrite the input .*link\.mp4 \(the target of this operation\)/,
        },
        {
          name: 'out is a hard link to the target',
          setup: (d) => {
            linkSync(j(d, 'clip.mp4'), j(d, 'hard.mp4'));
            return swapArgs(d, ['--out', j(d, 'hard.mp4'), '--overwrite']);
          },
          status: 1,
          message: /would overwrite the input .*hard\.mp4/,
        },
        {
          name: 'out is a project named .mp4',
          setup: (d) => {
            writeFileSync(j(d, 'p.mp4'), JSON.stringify({ format: 'depthswap-project', version: 3 }));
            return swapArgs(d, ['--out', j(d, 'p.mp4'), '--overwrite']);
          },
          status: 1,
          message: /p\.mp4 is a DepthSwap project, not a video or audio file/,
        },
        {
          name: 'out is an image named .mov',
          setup: (d) => {
            copyFileSync(j(d, 'face.jpg'), j(d, 'still.mov'));
            return swapArgs(d, ['--out', j(d, 'still.mov'), '--overwrite', '--format', 'prores-hq']);
          },
          status: 1,
          message: /still\.mov is an image, not a video/,
        },
      ]);
    });

    describe('analyze --out / --pts over an input or another kind of file', () => {
      runTable([
        {
          name: 'analyze clip --out clip',
          setup: (d) => ['analyze', j(d, 'clip.mp4'), '--out', j(d, 'clip.mp4')],
          status: 1,
          message: /--out would overwrite the input .*clip\.mp4/,
        },
        {
          name: 'analyze clip --out a hard link of the clip',
          setup: (d) => {
            linkSync(j(d, 'clip.mp4'), j(d, 'a.json'));
            return ['analyze', j(d, 'clip.mp4'), '--out', j(d, 'a.json')];
          },
          status: 1,
          message: /would overwrite the input/,
        },
        {
          name: 'analyze clip --out another video',
          setup: (d) => ['analyze', j(d, 'clip.mp4'), '--out', j(d, 'other.mp4'), '--overwrite'],
          status: 1,
          message: /other\.mp4 is a video or audio file, not an analysis file/,
        },
        {
          name: 'analyze clip --out an analysis with keypoints at 1e12',
          setup: async (d) => {
            const a = await analysisOf(j(d, 'clip.mp4'));
            a.frames['0']!.faces[0]!.keypoints[5] = [1e12, 3];
            writeFileSync(j(d, 'a.json'), JSON.stringify(a));
            return ['analyze', j(d, 'clip.mp4'), '--out', j(d, 'a.json')];
          },
          status: 1,
          message:
            /frames\.0\.faces\.0\.keypoints\.5: keypoint \(1000000000000, 3\) is far outside the \d+x\d+ frame/,
        },
        {
          name: 'analyze image --pts over the image',
          setup: (d) => ['analyze', j(d, 'face.jpg'), '--pts', j(d, 'face.jpg')],
          status: 1,
          message: /--pts would overwrite the input .*face\.jpg/,
        },
        {
          name: 'analyze image --pts over a hand-edited pts without --overwrite',
          setup: (d) => {
            writeFileSync(j(d, 'edited.pts'), 'version: 1\nn_points: 1\n{\n1 2\n}\n');
            return ['analyze', j(d, 'face.jpg'), '--pts', j(d, 'edited.pts')];
          },
          status: 1,
          message: /--pts already exists: .*edited\.pts \(pass --overwrite to replace it\)/,
        },
      ]);
    });

    describe('transcode and project new', () => {
      runTable([
        {
          name: 'transcode out is a hard link of the input',
          setup: (d) => {
            linkSync(j(d, 'clip.mp4'), j(d, 'copy.mp4'));
            return ['transcode', j(d, 'clip.mp4'), j(d, 'copy.mp4'), '--format', 'h264', '--overwrite'];
          },
          status: 1,
          message: /would overwrite the input/,
        },
        {
          name: 'transcode out is an analysis named .mov',
          setup: async (d) => {
            writeFileSync(j(d, 'a.mov'), JSON.stringify(await analysisOf(j(d, 'clip.mp4'))));
            return ['transcode', j(d, 'clip.mp4'), j(d, 'a.mov'), '--format', 'prores-hq', '--overwrite'];
          },
          status: 1,
          message: /a\.mov is an analysis file, not a video/,
        },
        {
          name: 'project new out is a clip named .dsproj, even with --force',
          setup: (d) => {
            copyFileSync(j(d, 'other.mp4'), j(d, 'x.dsproj'));
            const t = j(d, 'clip.mp4');
            return [
              'project',
              'new',
              '--target',
              t,
              '--source',
              j(d, 'face.jpg'),
              '--out',
              j(d, 'x.dsproj'),
              '--force',
            ];
          },
          status: 1,
          message: /x\.dsproj is a video or audio file, not a DepthSwap project/,
        },
        {
          name: 'project new over a newer project, even with --force',
          setup: (d) => {
            writeFileSync(j(d, 'p.dsproj'), JSON.stringify({ format: 'depthswap-project', version: 99 }));
            const t = j(d, 'clip.mp4');
            return [
              'project',
              'new',
              '--target',
              t,
              '--source',
              j(d, 'face.jpg'),
              '--out',
              j(d, 'p.dsproj'),
              '--force',
            ];
          },
          status: 1,
          message: /p\.dsproj is a DepthSwap project this build cannot read \(.*newer DepthSwap Studio/,
        },
        {
          name: 'project new over an existing project without --force',
          setup: (d) => {
            const t = j(d, 'clip.mp4');
            const first = cli([
              'project',
              'new',
              '--target',
              t,
              '--source',
              j(d, 'face.jpg'),
              '--out',
              j(d, 'p.dsproj'),
            ]);
            expect(first.status, first.stderr).toBe(0);
            return ['project', 'new', '--target', t, '--source', j(d, 'face.jpg'), '--out', j(d, 'p.dsproj')];
          },
          status: 1,
          message: /--out already exists: .*p\.dsproj \(pass --force to replace it\)/,
        },
      ]);
    });
  },
);
