// Real models on real annotated photos: keypoints near the human annotation, no leak, no face -> [],
// non-image -> clear error, a > 4K photo works.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFile } from 'node:fs/promises';
import {
  createFaceAnalyzer,
  liveTensors,
  type FaceAnalyzer,
} from '../../../src-main/analysis/face-analyzer.ts';
import { decodeImage } from '../../../src-main/media/image.ts';
import { parsePts, type Point2 } from '../../../src-shared/analysis/pts.ts';
import { nme } from '../../../src-shared/analysis/geometry.ts';
import { dataPath, hasData, REPO_ROOT } from '../../support/shared-data.ts';
import path from 'node:path';
import { buildTunedPrior } from '../../eval/shape-prior-data.ts';

const need = [
  'landmarks2d/eos/image_0001.png',
  'landmarks2d/eos/3050267766_1.jpg',
  'faces/face_recognition/two_people.jpg',
];

describe.skipIf(!hasData(...need))('face analysis on images', () => {
  let analyzer: FaceAnalyzer;
  beforeAll(async () => {
    analyzer = await createFaceAnalyzer();
  });
  afterAll(() => analyzer?.dispose());

  it('finds the annotated face with 68 keypoints close to the human annotation', async () => {
    const frame = await decodeImage(dataPath('landmarks2d/eos/image_0001.png'));
    const faces = await analyzer.detectImage(frame);
    expect(faces).toHaveLength(1);
    const f = faces[0]!;
    expect(f.keypoints).toHaveLength(68);
    expect(f.score).toBeGreaterThan(0.5);
    const truth = parsePts(await readFile(dataPath('landmarks2d/eos/image_0001.pts'), 'utf8')).map(
      ([x, y]): Point2 => [x - 1, y - 1],
    );
    expect(nme(f.keypoints, truth)).toBeLessThan(0.06);
  });

  it('finds both faces in a two-person photo', async () => {
    const frame = await decodeImage(dataPath('faces/face_recognition/two_people.jpg'));
    const faces = await analyzer.detectImage(frame);
    expect(faces.length).toBe(2);
  });

  it('does not leak tensors across repeated inference', async () => {
    const frame = await decodeImage(dataPath('landmarks2d/eos/image_0001.png'));
    await analyzer.detectImage(frame);
    const before = liveTensors();
    for (let i = 0; i < 3; i++) await analyzer.detectImage(frame);
    expect(liveTensors()).toBe(before);
  });

  it.skipIf(
    !hasData(
      'landmarks3d/3ddfa_aflw2000/AFLW2000-3D-Reannotated.pts68.npy',
      'landmarks2d/dlib_examples_faces/training_with_face_landmarks.xml',
    ),
  )(
    'with the optional shape prior: same faces, keypoints moved a little, no tensor leak',
    async () => {
      const withPrior = await createFaceAnalyzer({
        search: { shapePrior: await buildTunedPrior() },
      });
      try {
        const frame = await decodeImage(dataPath('faces/face_recognition/two_people.jpg'));
        const plain = await analyzer.detectImage(frame);
        await withPrior.detectImage(frame);
        const before = liveTensors();
        const faces = await withPrior.detectImage(frame);
        expect(liveTensors()).toBe(before);
        expect(faces).toHaveLength(plain.length);
        for (const f of faces) {
          const p = plain.find((q) => Math.abs(q.box[0] - f.box[0]) < 1 && Math.abs(q.box[1] - f.box[1]) < 1);
          expect(p).toBeDefined();
          const moved = nme(f.keypoints, p!.keypoints);
          expect(moved).toBeGreaterThan(0);
          expect(moved).toBeLessThan(0.05);
        }
      } finally {
        withPrior.dispose();
      }
    },
    120_000,
  );

  it('returns no faces, not an error, for a picture without a face', async () => {
    const width = 320;
    const height = 240;
    const data = new Uint8Array(width * height * 3);
    for (let i = 0; i < data.length; i += 3) {
      const x = (i / 3) % width;
      data[i] = x % 256;
      data[i + 1] = 90;
      data[i + 2] = 160;
    }
    expect(await analyzer.detectImage({ width, height, channels: 3, data })).toEqual([]);
  });

  it('rejects a non-image with a clear error', async () => {
    await expect(decodeImage(path.join(REPO_ROOT, 'package.json'))).rejects.toThrow(
      /not a (readable )?media file|not an image/,
    );
  });

  it('handles a photo larger than 4K (3558x2912) within bounded memory', async () => {
    const frame = await decodeImage(dataPath('landmarks2d/eos/3050267766_1.jpg'), { pixelFormat: 'rgba' });
    const rss = process.memoryUsage().rss;
    const before = liveTensors();
    const faces = await analyzer.detectImage(frame);
    expect(faces.length).toBeGreaterThanOrEqual(1);
    expect(liveTensors()).toBe(before);
    expect(process.memoryUsage().rss - rss).toBeLessThan(1024 * 2 ** 20);
  });
});
