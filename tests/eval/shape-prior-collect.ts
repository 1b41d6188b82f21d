// Tuning data for the shape prior that is NOT the landmark test set: the 68-point network's keypoints (and its
// per-point mirror spread and refinement shift) on the dlib example photos, next to dlib's own 68 points for
// the same faces (model predictions, not human labels: a proxy truth that shows the network's error pattern
// and how it relates to the spread). Written to test-output/shape-prior/network-vs-dlib.json for
// tests/eval/shape-prior-tune.ts. Usage: node tests/eval/shape-prior-collect.ts
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadFaceModels } from '../../src-main/ml/face-api-models.ts';
import { frameToTensor } from '../../src-main/ml/frame-tensor.ts';
import { detectFaces, DEFAULT_DETECTOR } from '../../src-main/ml/face-detector.ts';
import { landmarkPass } from '../../src-main/ml/landmark-pass.ts';
import { refineKeypoints } from '../../src-main/analysis/image-faces.ts';
import { decodeImage } from '../../src-main/media/image.ts';
import { iou, pointsBox } from '../../src-shared/analysis/geometry.ts';
import type { Point2 } from '../../src-shared/analysis/pts.ts';
import { dataPath, hasData, testOutputDir } from '../support/shared-data.ts';
import { parseDlibXml, DLIB_DIR as DIR } from './shape-prior-data.ts';

export interface CollectedFace {
  image: string;
  truth: Point2[];
  keypoints: Point2[];
  pointSpread: number[];
  passShift: number[];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!hasData(`${DIR}/training_with_face_landmarks.xml`)) process.exit(0);
  const annotated = [
    ...parseDlibXml(await readFile(dataPath(DIR, 'training_with_face_landmarks.xml'), 'utf8')),
    ...parseDlibXml(await readFile(dataPath(DIR, 'testing_with_face_landmarks.xml'), 'utf8')),
  ];
  const models = await loadFaceModels();
  const faces: CollectedFace[] = [];
  try {
    for (const file of [...new Set(annotated.map((a) => a.file))]) {
      const frame = await decodeImage(dataPath(DIR, file));
      const image = frameToTensor(frame);
      try {
        const dets = await detectFaces(models, image, DEFAULT_DETECTOR);
        const first = await landmarkPass(
          models.landmarks,
          image,
          dets.map((d) => d.crop),
          { mirror: true },
        );
        const refined = await refineKeypoints(models, image, first, 1, true, true);
        for (const a of annotated.filter((x) => x.file === file)) {
          const tb = pointsBox(a.points);
          const best = refined
            .map((r) => ({ r, o: iou(pointsBox(r.keypoints), tb) }))
            .sort((x, y) => y.o - x.o)[0];
          if (!best || best.o < 0.3 || !best.r.pointSpread || !best.r.passShift) continue;
          faces.push({
            image: file,
            truth: a.points,
            keypoints: best.r.keypoints,
            pointSpread: best.r.pointSpread,
            passShift: best.r.passShift,
          });
        }
      } finally {
        image.dispose();
      }
    }
  } finally {
    models.dispose();
  }
  const out = path.join(testOutputDir('shape-prior'), 'network-vs-dlib.json');
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, JSON.stringify(faces));
  console.log(`${faces.length} of ${annotated.length} dlib faces matched -> ${out}`);
}
