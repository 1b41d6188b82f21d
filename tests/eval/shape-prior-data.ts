// The AFLW2000-3D manual 2D annotations (../shared/data/landmarks3d/3ddfa_aflw2000) as 68-point shapes, and
// the shape model built from their TRAIN rows (i % 5 != 0; the TEST rows are never used). Read from the shared
// data at run time: nothing of it is stored in the repository.
import { readNpy } from '../../src-main/data/npy.ts';
import { buildShapeModel } from '../../src-shared/analysis/shape-model-build.ts';
import { truncateModel, type ShapeModel } from '../../src-shared/analysis/shape-model.ts';
import {
  adaptMean,
  flattenPoints,
  TUNED_PRIOR_MODES,
  TUNED_PRIOR_NOISE,
} from '../../src-shared/analysis/keypoint-prior.ts';
import type { ShapePrior } from '../../src-main/analysis/image-faces.ts';
import { readFile } from 'node:fs/promises';
import { IBUG_MIRROR } from '../../src-shared/analysis/ibug.ts';
import type { Point2 } from '../../src-shared/analysis/pts.ts';
import { dataPath } from '../support/shared-data.ts';

const AFLW = 'landmarks3d/3ddfa_aflw2000';
export const DLIB_DIR = 'landmarks2d/dlib_examples_faces';

/** Rows of the manual 2D annotations as 68-point shapes, with their yaw (degrees). */
export async function aflwShapes(): Promise<{ row: number; points: Point2[]; yaw: number }[]> {
  const pts = await readNpy(dataPath(AFLW, 'AFLW2000-3D-Reannotated.pts68.npy'));
  const pose = await readNpy(dataPath(AFLW, 'AFLW2000-3D.pose.npy'));
  const rows = pts.shape[0] ?? 0;
  const out: { row: number; points: Point2[]; yaw: number }[] = [];
  for (let i = 0; i < rows; i++) {
    const points: Point2[] = [];
    for (let p = 0; p < 68; p++) points.push([pts.data[i * 136 + p] ?? 0, pts.data[i * 136 + 68 + p] ?? 0]);
    out.push({ row: i, points, yaw: pose.data[i] ?? 0 });
  }
  return out;
}

/** The shape model of all AFLW2000-3D TRAIN rows (with mirrored copies), `modes` modes. */
export async function buildAflwModel(modes: number): Promise<ShapeModel> {
  const train = (await aflwShapes()).filter((s) => s.row % 5 !== 0);
  return truncateModel(
    buildShapeModel(
      train.map((s) => flattenPoints(s.points)),
      { modes, mirror: IBUG_MIRROR },
    ),
    modes,
  );
}

/** The 68-point shapes in a dlib image-metadata XML file. */
export function parseDlibXml(xml: string): { file: string; points: Point2[] }[] {
  const out: { file: string; points: Point2[] }[] = [];
  for (const img of xml.matchAll(/<image file='([^']+)'[^>]*>([\s\S]*?)<\/image>/g)) {
    for (const box of (img[2] ?? '').matchAll(/<box [^>]*>([\s\S]*?)<\/box>/g)) {
      const points = [...(box[1] ?? '').matchAll(/<part name='(\d+)' x='(-?\d+)' y='(-?\d+)'\/>/g)].map(
        (m): Point2 => [Number(m[2]), Number(m[3])],
      );
      if (points.length === 68) out.push({ file: img[1] ?? '', points });
    }
  }
  return out;
}

/** dlib's 68 points (300-W convention, machine-made) of all its example photos. */
export async function dlibShapes(): Promise<{ file: string; points: Point2[] }[]> {
  return [
    ...parseDlibXml(await readFile(dataPath(DLIB_DIR, 'training_with_face_landmarks.xml'), 'utf8')),
    ...parseDlibXml(await readFile(dataPath(DLIB_DIR, 'testing_with_face_landmarks.xml'), 'utf8')),
  ];
}

/**
 * The prior as tuned (tests/eval/shape-prior-tune.ts): the AFLW2000-3D TRAIN model with TUNED_PRIOR_MODES
 * modes, its mean moved to 300-W's convention with dlib's example shapes.
 */
export async function buildTunedPrior(): Promise<ShapePrior> {
  const model = adaptMean(
    await buildAflwModel(TUNED_PRIOR_MODES),
    (await dlibShapes()).map((s) => s.points),
    TUNED_PRIOR_NOISE,
  );
  return { model, noise: TUNED_PRIOR_NOISE };
}
