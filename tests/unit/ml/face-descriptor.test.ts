// Face-recognition descriptors: the crop calculator, identity on real photos, and no leaked tensors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataPath, hasData } from '../../support/shared-data.ts';
import { descriptorCropBox, descriptorDistance } from '../../../src-main/ml/descriptor-crop.ts';
import { loadFaceDescriptorNet, type FaceDescriptorNet } from '../../../src-main/ml/face-descriptor.ts';
import { createFaceAnalyzer, type FaceAnalyzer } from '../../../src-main/analysis/face-analyzer.ts';
import { decodeImage } from '../../../src-main/media/image.ts';
import { tf } from '../../../src-main/ml/runtime.ts';
import type { Point2 } from '../../../src-shared/analysis/pts.ts';

const square = (x: number, y: number, w: number, h: number): Point2[] =>
  Array.from({ length: 68 }, (_, i) => [x + (i % 2) * w, y + (i % 3 === 0 ? h : 0)] as Point2);

describe('descriptor crop', () => {
  it('is the keypoints box grown by 20 %, made square around its centre, normalised', () => {
    const [y1, x1, y2, x2] = descriptorCropBox(square(100, 200, 100, 50), { width: 1001, height: 501 });
    // box 100..200 x 200..250, centre (150, 225), side 100 * 1.2 = 120
    expect(x1 * 1000).toBeCloseTo(90, 6);
    expect(x2 * 1000).toBeCloseTo(210, 6);
    expect(y1 * 500).toBeCloseTo(165, 6);
    expect(y2 * 500).toBeCloseTo(285, 6);
  });
  it('refuses a wrong keypoint count and a degenerate face', () => {
    expect(() => descriptorCropBox([[0, 0]], { width: 10, height: 10 })).toThrow(/68 keypoints/);
    expect(() => descriptorCropBox(square(5, 5, 0, 0), { width: 10, height: 10 })).toThrow(/no area/);
  });
  it('distance is euclidean and checks lengths', () => {
    expect(descriptorDistance([0, 3], [4, 0])).toBe(5);
    expect(() => descriptorDistance([0], [0, 1])).toThrow(/length/);
  });
});

const PHOTOS = ['faces/face_recognition/obama.jpg', 'faces/face_recognition/biden.jpg'];
describe.skipIf(!hasData(...PHOTOS, 'faces/face_recognition/two_people.jpg'))('face descriptor net', () => {
  let net: FaceDescriptorNet;
  let analyzer: FaceAnalyzer;
  beforeAll(async () => {
    analyzer = await createFaceAnalyzer();
    net = await loadFaceDescriptorNet();
  }, 60_000);
  afterAll(() => {
    net?.dispose();
    analyzer?.dispose();
  });

  async function facesOf(rel: string) {
    const frame = await decodeImage(dataPath(rel), { pixelFormat: 'rgb24' });
    const faces = await analyzer.detectImage(frame);
    return { frame, keypoints: faces.map((f) => f.keypoints as Point2[]) };
  }

  it('tells Obama from Biden: each face of two_people.jpg is nearest its own portrait', async () => {
    const [obama, biden] = await Promise.all(PHOTOS.map(facesOf));
    const [dObama] = await net.describe(obama!.frame, obama!.keypoints.slice(0, 1));
    const [dBiden] = await net.describe(biden!.frame, biden!.keypoints.slice(0, 1));
    expect(dObama).toHaveLength(128);
    const both = await facesOf('faces/face_recognition/two_people.jpg');
    expect(both.keypoints.length).toBe(2);
    const ds = await net.describe(both.frame, both.keypoints);
    const table = ds.map((d) => [descriptorDistance(d, dObama!), descriptorDistance(d, dBiden!)]);
    console.log(
      `two_people.jpg faces vs [obama, biden]: ${JSON.stringify(table.map((r) => r.map((v) => +v.toFixed(3))))}`,
    );
    // One face is Obama's (nearer Obama, within face-api's 0.6), the other Biden's.
    const obamaFace = table.findIndex(([o, b]) => o! < b!);
    expect(obamaFace).toBeGreaterThanOrEqual(0);
    const other = table[1 - obamaFace]!;
    expect(table[obamaFace]![0]).toBeLessThan(0.6);
    expect(other[1]).toBeLessThan(other[0]!);
    expect(other[1]).toBeLessThan(0.6);
  }, 120_000);

  it('leaks no tensors over repeated calls', async () => {
    const { frame, keypoints } = await facesOf(PHOTOS[0]!);
    await net.describe(frame, keypoints);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await net.describe(frame, keypoints);
    await net.describe(frame, []);
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);
});
