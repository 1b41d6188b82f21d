// The AFLW2000-3D manual 2D annotations (../shared/data/landmarks3d/3ddfa_aflw2000) as 68-point shapes, and
// the shape model built from their TRAIN rows (i % 5 != 0; the TEST rows are never used). Read from the shared
// data at run time: nothing of it is stored in the repository.
import { readNpy } from '../../src-main/data/npy.ts';
import { buildShapeModel } from '../../src-shared/analysis/shape-model-build.ts';
import { truncateModel, type ShapeModel } from '../../src-shared/analysis/shape-model.ts';
import { flattenPoints } from '../../src-shared/analysis/keypoint-prior.ts';
import { IBUG_MIRROR } from '../../src-shared/analysis/ibug.ts';
import type { Point2 } from '../../src-shared/analysis/pts.ts';
import { dataPath } from '../support/shared-data.ts';

const AFLW = 'landmarks3d/3ddfa_aflw2000';

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
